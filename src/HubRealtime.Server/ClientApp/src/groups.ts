// Working groups: my groups, create, a group's members (add, remove, leave) and a link to its room.
import * as api from "./api";
import { byId, el } from "./dom";
import { apiErrorText, busy, invalid, onSubmit, showError, valid } from "./forms";
import { t, tKnown } from "./i18n";
import { isValidRoomId, normalizeRoomId } from "./protocol";

export class GroupPages {
  private readonly ui = {
    listView: byId("groups-view"),
    list: byId("group-list"),
    empty: byId("groups-empty"),
    createForm: byId<HTMLFormElement>("group-create-form"),
    newId: byId<HTMLInputElement>("group-new-id"),
    newTitle: byId<HTMLInputElement>("group-new-title"),
    createButton: byId<HTMLButtonElement>("group-create-button"),
    listError: byId("groups-error"),
    groupView: byId("group-view"),
    title: byId("group-title"),
    idLabel: byId("group-id-label"),
    chatLink: byId<HTMLAnchorElement>("group-chat-link"),
    leave: byId<HTMLButtonElement>("group-leave"),
    members: byId("group-members"),
    addForm: byId<HTMLFormElement>("member-add-form"),
    memberEmail: byId<HTMLInputElement>("member-email"),
    memberRole: byId<HTMLSelectElement>("member-role"),
    addButton: byId<HTMLButtonElement>("member-add-button"),
    groupError: byId("group-error"),
  };
  private groupId = "";

  constructor(
    private readonly showView: (view: HTMLElement) => void,
    private readonly profile: () => api.Profile | null,
  ) {
    const ui = this.ui;
    onSubmit(ui.createForm, () => this.create());
    onSubmit(ui.addForm, () => this.addMember());
    ui.leave.addEventListener("click", () => {
      void busy(ui.leave, ui.groupError, async () => {
        await api.post(`/api/groups/${api.seg(this.groupId)}/leave`);
        window.location.hash = "#/groups";
      });
    });
  }

  async showList(): Promise<void> {
    const ui = this.ui;
    this.showView(ui.listView);
    showError(ui.listError, null);
    ui.list.replaceChildren();
    ui.empty.hidden = true;
    try {
      const groups = await api.get<api.GroupInfo[]>("/api/groups/mine");
      ui.list.replaceChildren(...groups.map((g) => {
        const li = el("li", "item");
        li.dataset["groupId"] = g.groupId;
        const link = el("a", "item-link", g.title || g.groupId);
        link.href = `#/groups/${encodeURIComponent(g.groupId)}`;
        link.dir = "auto";
        li.append(link, el("span", "muted item-meta", g.groupId));
        return li;
      }));
      ui.empty.hidden = groups.length > 0;
    } catch (error) {
      showError(ui.listError, apiErrorText(error));
    }
  }

  private async create(): Promise<void> {
    const ui = this.ui;
    const groupId = normalizeRoomId(ui.newId.value);
    ui.newId.value = groupId;
    if (!isValidRoomId(groupId)) return invalid(ui.newId, ui.listError, t("validation.roomInvalid"));
    const title = ui.newTitle.value.trim();
    if (!title) return invalid(ui.newTitle, ui.listError, t("validation.titleRequired"));
    valid(ui.newId, ui.newTitle);
    await busy(ui.createButton, ui.listError, async () => {
      await api.post("/api/groups", { groupId, title });
      ui.newId.value = ui.newTitle.value = "";
      window.location.hash = `#/groups/${encodeURIComponent(groupId)}`;
    });
  }

  async showGroup(groupId: string): Promise<void> {
    const ui = this.ui;
    this.groupId = groupId;
    this.showView(ui.groupView);
    showError(ui.groupError, null);
    ui.title.textContent = groupId;
    ui.idLabel.textContent = groupId;
    ui.members.replaceChildren();
    try {
      const info = await api.get<api.GroupInfo>(`/api/groups/${api.seg(groupId)}`);
      ui.title.textContent = info.title || groupId;
      ui.chatLink.href = `#/room/${encodeURIComponent(info.roomId)}`;
      await this.loadMembers();
    } catch (error) {
      showError(ui.groupError, apiErrorText(error));
    }
  }

  private async loadMembers(): Promise<void> {
    const ui = this.ui;
    const members = await api.get<api.GroupMember[]>(`/api/groups/${api.seg(this.groupId)}/members`);
    ui.members.replaceChildren(...members.map((m) => {
      const li = el("li", "item");
      li.dataset["email"] = m.email;
      const name = el("span", "item-name", m.displayName || m.email);
      name.dir = "auto";
      const email = el("span", "muted item-meta", m.email);
      email.dir = "ltr";
      const role = el("span", "badge", tKnown(`role.${m.role}`, m.role));
      const remove = el("button", "button button-small", t("groups.remove"));
      remove.type = "button";
      remove.setAttribute("aria-label", t("groups.removeNamed", { name: m.displayName || m.email }));
      remove.addEventListener("click", () => {
        void busy(remove, ui.groupError, async () => {
          await api.del(`/api/groups/${api.seg(this.groupId)}/members/${api.seg(m.email)}`);
          await this.loadMembers();
        });
      });
      // One's own membership ends with "Leave group".
      li.append(name, email, role);
      if (m.email !== this.profile()?.email) li.append(remove);
      return li;
    }));
  }

  private async addMember(): Promise<void> {
    const ui = this.ui;
    const email = ui.memberEmail.value.trim();
    if (!email.includes("@")) return invalid(ui.memberEmail, ui.groupError, t("validation.emailInvalid"));
    valid(ui.memberEmail);
    await busy(ui.addButton, ui.groupError, async () => {
      await api.post(`/api/groups/${api.seg(this.groupId)}/members`, { email, role: ui.memberRole.value });
      ui.memberEmail.value = "";
      await this.loadMembers();
    });
  }
}
