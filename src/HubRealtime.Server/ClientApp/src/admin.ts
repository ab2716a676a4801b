// Administration: agencies (hub admins), an agency's members and invitations (its admins), the audit viewer.
import * as api from "./api";
import { byId, el } from "./dom";
import { apiErrorText, busy, invalid, onSubmit, showError, valid } from "./forms";
import { formatFullTime, formatMessageTime, formatNumber, t, tKnown } from "./i18n";
import { isValidRoomId, normalizeRoomId } from "./protocol";

interface AgencyInfo {
  agencyId: string;
  name: string;
  country: string;
  kind: string;
  active: boolean;
  createdAt: string;
}

interface AgencyMember {
  email: string;
  displayName: string;
  role: "member" | "admin";
  active: boolean;
}

interface Invitation {
  invitationId: string;
  agencyId: string;
  email: string;
  role: string;
  status: string;
  expiresAt: string;
  invitedBy: string;
}

interface AuditEntry {
  scope: string;
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  details: string;
}

interface AuditVerification {
  scope: string;
  valid: boolean;
  entriesChecked: number;
  firstInvalidSeq: number | null;
  problem: string | null;
}

const AUDIT_PAGE = 50;

function button(text: string, onClick: (b: HTMLButtonElement) => void, label?: string): HTMLButtonElement {
  const b = el("button", "button button-small", text);
  b.type = "button";
  if (label) b.setAttribute("aria-label", label);
  b.addEventListener("click", () => onClick(b));
  return b;
}

function ltr(tag: "span" | "code", className: string, text: string): HTMLElement {
  const node = el(tag, className, text);
  node.dir = "ltr";
  return node;
}

export class AdminPages {
  private readonly ui = {
    agenciesView: byId("agencies-view"),
    agencyList: byId("agency-list"),
    createForm: byId<HTMLFormElement>("agency-create-form"),
    newId: byId<HTMLInputElement>("agency-new-id"),
    newName: byId<HTMLInputElement>("agency-new-name"),
    newCountry: byId<HTMLInputElement>("agency-new-country"),
    newKind: byId<HTMLSelectElement>("agency-new-kind"),
    createButton: byId<HTMLButtonElement>("agency-create-button"),
    agenciesError: byId("agencies-error"),
    agencyView: byId("agency-view"),
    name: byId("agency-name"),
    meta: byId("agency-meta"),
    toggle: byId<HTMLButtonElement>("agency-toggle"),
    members: byId("agency-members"),
    invitations: byId("agency-invitations"),
    inviteForm: byId<HTMLFormElement>("invite-form"),
    inviteEmail: byId<HTMLInputElement>("invite-email"),
    inviteRole: byId<HTMLSelectElement>("invite-role"),
    inviteDays: byId<HTMLInputElement>("invite-days"),
    inviteButton: byId<HTMLButtonElement>("invite-button"),
    inviteResult: byId("invite-result"),
    inviteLink: byId("invite-link"),
    inviteCopy: byId<HTMLButtonElement>("invite-copy"),
    inviteCopyStatus: byId("invite-copy-status"),
    agencyError: byId("agency-error"),
    auditView: byId("audit-view"),
    auditForm: byId<HTMLFormElement>("audit-form"),
    scope: byId<HTMLSelectElement>("audit-scope"),
    load: byId<HTMLButtonElement>("audit-load"),
    verify: byId<HTMLButtonElement>("audit-verify"),
    verifyResult: byId("audit-verify-result"),
    table: byId("audit-table"),
    rows: byId("audit-rows"),
    empty: byId("audit-empty"),
    more: byId<HTMLButtonElement>("audit-more"),
    auditError: byId("audit-error"),
  };
  private agencyId = "";
  private agency: AgencyInfo | null = null;
  private auditScope = "";
  private auditLast = 0;

  constructor(
    private readonly showView: (view: HTMLElement) => void,
    private readonly profile: () => api.Profile | null,
  ) {
    const ui = this.ui;
    onSubmit(ui.createForm, () => this.createAgency());
    onSubmit(ui.inviteForm, () => this.invite());
    ui.inviteCopy.addEventListener("click", () => {
      void navigator.clipboard.writeText(ui.inviteLink.textContent ?? "").then(
        () => { ui.inviteCopyStatus.textContent = t("mfa.copied"); },
        () => { ui.inviteCopyStatus.textContent = t("mfa.copyFailed"); },
      );
    });
    ui.toggle.addEventListener("click", () => {
      const agency = this.agency;
      if (!agency) return;
      void busy(ui.toggle, ui.agencyError, async () => {
        await api.post(`/api/agencies/${api.seg(agency.agencyId)}/${agency.active ? "deactivate" : "reactivate"}`);
        await this.loadAgency();
      });
    });
    onSubmit(ui.auditForm, () => busy(ui.load, ui.auditError, () => this.loadAudit(true)));
    ui.more.addEventListener("click", () => void busy(ui.more, ui.auditError, () => this.loadAudit(false)));
    ui.verify.addEventListener("click", () => {
      void busy(ui.verify, ui.auditError, async () => {
        ui.verifyResult.hidden = true;
        const result = await api.get<AuditVerification>(`/api/audit/${api.seg(ui.scope.value)}/verify`);
        ui.verifyResult.hidden = false;
        ui.verifyResult.classList.toggle("notice-bad", !result.valid);
        ui.verifyResult.textContent = result.valid
          ? t("audit.valid", { count: result.entriesChecked })
          : t("audit.invalid", { seq: formatNumber(result.firstInvalidSeq ?? 0), problem: result.problem ?? "" });
      });
    });
  }

  /** Where the "Administration" link leads: the agency list (hub admins) or the own agency (agency admins). */
  static adminHome(profile: api.Profile | null): string | null {
    if (!profile) return null;
    if (profile.isHubAdmin) return "#/agencies";
    if (profile.agencyRole === "admin" && profile.agencyId) return `#/agencies/${encodeURIComponent(profile.agencyId)}`;
    return null;
  }

  // ---- agencies ----------------------------------------------------------------------------------------
  async showAgencies(): Promise<void> {
    const ui = this.ui;
    this.showView(ui.agenciesView);
    showError(ui.agenciesError, null);
    try {
      const agencies = await api.get<AgencyInfo[]>("/api/agencies");
      ui.agencyList.replaceChildren(...agencies.map((a) => {
        const li = el("li", "item");
        li.dataset["agencyId"] = a.agencyId;
        const link = el("a", "item-link", a.name);
        link.href = `#/agencies/${encodeURIComponent(a.agencyId)}`;
        link.dir = "auto";
        li.append(link, ltr("span", "muted item-meta", `${a.agencyId} · ${a.country}`), el("span", "badge", tKnown(`kind.${a.kind}`, a.kind)));
        if (!a.active) li.append(el("span", "badge badge-bad", t("agency.inactive")));
        return li;
      }));
    } catch (error) {
      showError(ui.agenciesError, apiErrorText(error));
    }
  }

  private async createAgency(): Promise<void> {
    const ui = this.ui;
    const agencyId = normalizeRoomId(ui.newId.value);
    ui.newId.value = agencyId;
    if (!isValidRoomId(agencyId)) return invalid(ui.newId, ui.agenciesError, t("validation.roomInvalid"));
    const name = ui.newName.value.trim();
    if (!name) return invalid(ui.newName, ui.agenciesError, t("validation.nameRequired"));
    const country = ui.newCountry.value.trim().toUpperCase();
    ui.newCountry.value = country;
    if (!/^[A-Z]{2}$/.test(country)) return invalid(ui.newCountry, ui.agenciesError, t("agencies.countryHint"));
    valid(ui.newId, ui.newName, ui.newCountry);
    await busy(ui.createButton, ui.agenciesError, async () => {
      await api.post("/api/agencies", { agencyId, name, country, kind: ui.newKind.value });
      ui.newId.value = ui.newName.value = ui.newCountry.value = "";
      window.location.hash = `#/agencies/${encodeURIComponent(agencyId)}`;
    });
  }

  async showAgency(agencyId: string): Promise<void> {
    const ui = this.ui;
    this.agencyId = agencyId;
    this.agency = null;
    this.showView(ui.agencyView);
    showError(ui.agencyError, null);
    ui.inviteResult.hidden = true;
    ui.inviteLink.textContent = "";
    ui.name.textContent = agencyId;
    ui.meta.textContent = "";
    ui.members.replaceChildren();
    ui.invitations.replaceChildren();
    try {
      await this.loadAgency();
    } catch (error) {
      showError(ui.agencyError, apiErrorText(error));
    }
  }

  private async loadAgency(): Promise<void> {
    const ui = this.ui;
    const id = api.seg(this.agencyId);
    const [agency, members, invitations] = await Promise.all([
      api.get<AgencyInfo>(`/api/agencies/${id}`),
      api.get<AgencyMember[]>(`/api/agencies/${id}/members`),
      api.get<Invitation[]>(`/api/agencies/${id}/invitations`),
    ]);
    this.agency = agency;
    ui.name.textContent = agency.name;
    ui.meta.textContent = `${agency.agencyId} · ${agency.country} · ${tKnown(`kind.${agency.kind}`, agency.kind)}${agency.active ? "" : ` · ${t("agency.inactive")}`}`;
    ui.toggle.hidden = this.profile()?.isHubAdmin !== true;
    ui.toggle.textContent = t(agency.active ? "agency.deactivate" : "agency.reactivate");
    const me = this.profile()?.email;
    ui.members.replaceChildren(...members.map((m) => {
      const li = el("li", "item");
      li.dataset["email"] = m.email;
      const name = el("span", "item-name", m.displayName || m.email);
      name.dir = "auto";
      li.append(name, ltr("span", "muted item-meta", m.email), el("span", "badge", t(m.role === "admin" ? "role.agencyAdmin" : "role.member")));
      if (!m.active) li.append(el("span", "badge badge-bad", t("agency.deactivated")));
      if (m.email !== me) {
        const who = m.displayName || m.email;
        li.append(
          button(t(m.role === "admin" ? "agency.makeMember" : "agency.makeAdmin"), (b) => {
            void busy(b, ui.agencyError, async () => {
              await api.post(`/api/users/${api.seg(m.email)}/agency-role`, { role: m.role === "admin" ? "member" : "admin" });
              await this.loadAgency();
            });
          }, `${t(m.role === "admin" ? "agency.makeMember" : "agency.makeAdmin")}: ${who}`),
          button(t(m.active ? "agency.deactivate" : "agency.reactivate"), (b) => {
            void busy(b, ui.agencyError, async () => {
              await api.post(`/api/users/${api.seg(m.email)}/status`, { status: m.active ? "deactivated" : "active" });
              await this.loadAgency();
            });
          }, `${t(m.active ? "agency.deactivate" : "agency.reactivate")}: ${who}`),
        );
      }
      return li;
    }));
    ui.invitations.replaceChildren(...invitations.map((i) => {
      const li = el("li", "item");
      li.dataset["invitationId"] = i.invitationId;
      li.dataset["status"] = i.status;
      li.append(
        ltr("span", "item-name", i.email),
        el("span", "badge", t(i.role === "admin" ? "role.agencyAdmin" : "role.member")),
        el("span", "badge", tKnown(`invitation.${i.status}`, i.status)),
      );
      if (i.status === "pending") {
        li.append(el("span", "muted item-meta", t("agency.expires", { time: formatFullTime(i.expiresAt) })));
        li.append(button(t("agency.revoke"), (b) => {
          void busy(b, ui.agencyError, async () => {
            await api.del(`/api/agencies/${api.seg(this.agencyId)}/invitations/${api.seg(i.invitationId)}`);
            await this.loadAgency();
          });
        }, `${t("agency.revoke")}: ${i.email}`));
      }
      return li;
    }));
    if (invitations.length === 0) ui.invitations.append(el("li", "muted", t("agency.noInvitations")));
  }

  private async invite(): Promise<void> {
    const ui = this.ui;
    const email = ui.inviteEmail.value.trim();
    if (!email.includes("@")) return invalid(ui.inviteEmail, ui.agencyError, t("validation.emailInvalid"));
    const days = Number(ui.inviteDays.value);
    if (!Number.isInteger(days) || days < 1 || days > 30) return invalid(ui.inviteDays, ui.agencyError, t("agency.daysInvalid"));
    valid(ui.inviteEmail, ui.inviteDays);
    ui.inviteResult.hidden = true;
    ui.inviteLink.textContent = "";
    await busy(ui.inviteButton, ui.agencyError, async () => {
      const issued = await api.post<{ acceptUrl: string }>(`/api/agencies/${api.seg(this.agencyId)}/invitations`, {
        email, role: ui.inviteRole.value, lifetimeDays: days,
      });
      ui.inviteEmail.value = "";
      // Shown once: the server keeps only a hash of the token.
      ui.inviteLink.textContent = new URL(issued.acceptUrl, window.location.origin).toString();
      ui.inviteCopyStatus.textContent = "";
      ui.inviteResult.hidden = false;
      ui.inviteCopy.focus();
      await this.loadAgency();
    });
  }

  // ---- audit ---------------------------------------------------------------------------------------------
  async showAudit(): Promise<void> {
    const ui = this.ui;
    this.showView(ui.auditView);
    showError(ui.auditError, null);
    ui.verifyResult.hidden = true;
    const profile = this.profile();
    const scopes: string[] = [];
    if (profile?.isHubAdmin) {
      scopes.push("hub");
      try {
        const agencies = await api.get<AgencyInfo[]>("/api/agencies");
        scopes.push(...agencies.map((a) => `agency:${a.agencyId}`));
        const groups = await api.get<api.GroupInfo[]>("/api/groups/mine");
        scopes.push(...groups.map((g) => `group:${g.groupId}`));
      } catch (error) {
        showError(ui.auditError, apiErrorText(error));
      }
    } else if (profile?.agencyRole === "admin" && profile.agencyId) {
      scopes.push(`agency:${profile.agencyId}`);
    }
    const previous = ui.scope.value;
    ui.scope.replaceChildren(...scopes.map((s) => {
      const option = el("option", "", s);
      option.value = s;
      return option;
    }));
    if (scopes.includes(previous)) ui.scope.value = previous;
    ui.load.disabled = ui.verify.disabled = scopes.length === 0;
    if (scopes.length > 0) await busy(ui.load, ui.auditError, () => this.loadAudit(true));
  }

  private async loadAudit(fresh: boolean): Promise<void> {
    const ui = this.ui;
    if (fresh) {
      this.auditScope = ui.scope.value;
      this.auditLast = 0;
      ui.rows.replaceChildren();
      ui.verifyResult.hidden = true;
    }
    const page = await api.get<{ entries: AuditEntry[]; lastSeq: number }>(
      `/api/audit/${api.seg(this.auditScope)}?afterSeq=${this.auditLast}&limit=${AUDIT_PAGE}`);
    for (const e of page.entries) {
      const tr = el("tr");
      tr.dataset["seq"] = String(e.seq);
      const time = el("td", "", formatMessageTime(e.at));
      time.title = formatFullTime(e.at);
      const cells = [
        el("td", "", formatNumber(e.seq)),
        time,
        ltr("span", "", e.actor),
        ltr("span", "", e.action),
        ltr("span", "", e.target),
        ltr("span", "", e.details),
      ];
      for (const cell of cells) {
        if (cell.tagName === "TD") tr.append(cell);
        else {
          const td = el("td");
          td.append(cell);
          tr.append(td);
        }
      }
      ui.rows.append(tr);
      this.auditLast = Math.max(this.auditLast, e.seq);
    }
    ui.table.hidden = ui.rows.childElementCount === 0;
    ui.empty.hidden = ui.rows.childElementCount > 0;
    ui.more.hidden = this.auditLast >= page.lastSeq;
  }
}
