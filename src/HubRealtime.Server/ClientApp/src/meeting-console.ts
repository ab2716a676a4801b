// The facilitator console of one session: draft rooms, assign (all modes), preview, open with a timer,
// extend, move, close all, broadcast and the help queue. The server is the source of truth: every
// action answers with (or is followed by a notice that triggers a reload of) the session's state.
import * as api from "./meetings-api";
import { byId, el } from "./dom";
import { busy, onSubmit, showError, splitList } from "./forms";
import { formatMessageTime, formatNumber, t } from "./i18n";

/** A roster CSV of a few thousand lines is far below this. */
const MAX_CSV_BYTES = 512 * 1024;

export interface ConsoleHost {
  meetingId(): string;
  sessionId(): string;
  /** The state changed on the server: reload and re-render. */
  reload(breakouts?: api.BreakoutView): Promise<void>;
  /** Opens a room's chat (a facilitator may join any room). */
  visit(roomId: string): void;
  nameOf(email: string): string;
}

export interface HelpRequest {
  seq: number;
  email: string;
  displayName: string;
  roomId: string | null;
  text: string;
  at: string;
}

export class FacilitatorConsole {
  private readonly box = byId("facilitator-console");
  private readonly phase = byId("breakout-phase");
  private readonly draftBox = byId<HTMLDetailsElement>("draft-box");
  private readonly draftForm = byId<HTMLFormElement>("draft-form");
  private readonly draftCount = byId<HTMLInputElement>("draft-count");
  private readonly draftNames = byId<HTMLTextAreaElement>("draft-names");
  private readonly draftButton = byId<HTMLButtonElement>("draft-button");
  private readonly assignBox = byId<HTMLDetailsElement>("assign-box");
  private readonly assignForm = byId<HTMLFormElement>("assign-form");
  private readonly assignMode = byId<HTMLSelectElement>("assign-mode");
  private readonly assignButton = byId<HTMLButtonElement>("assign-button");
  private readonly capField = byId("assign-cap-field");
  private readonly cap = byId<HTMLInputElement>("assign-cap");
  private readonly csvField = byId("assign-csv-field");
  private readonly csv = byId<HTMLTextAreaElement>("assign-csv");
  private readonly manualField = byId("assign-manual-field");
  private readonly manualList = byId<HTMLUListElement>("manual-list");
  private readonly previewBox = byId("preview-box");
  private readonly rooms = byId<HTMLUListElement>("breakout-rooms");
  private readonly unassigned = byId("unassigned");
  private readonly openForm = byId<HTMLFormElement>("open-form");
  private readonly duration = byId<HTMLInputElement>("open-duration");
  private readonly warnings = byId<HTMLInputElement>("open-warnings");
  private readonly openButton = byId<HTMLButtonElement>("open-button");
  private readonly liveBox = byId("live-box");
  private readonly extendForm = byId<HTMLFormElement>("extend-form");
  private readonly extendMinutes = byId<HTMLInputElement>("extend-minutes");
  private readonly extendButton = byId<HTMLButtonElement>("extend-button");
  private readonly moveForm = byId<HTMLFormElement>("move-form");
  private readonly moveEmail = byId<HTMLSelectElement>("move-email");
  private readonly moveRoom = byId<HTMLSelectElement>("move-room");
  private readonly moveButton = byId<HTMLButtonElement>("move-button");
  private readonly closeButton = byId<HTMLButtonElement>("close-button");
  private readonly closeConfirm = byId<HTMLButtonElement>("close-confirm");
  private readonly broadcastForm = byId<HTMLFormElement>("broadcast-form");
  private readonly broadcastText = byId<HTMLTextAreaElement>("broadcast-text");
  private readonly broadcastButton = byId<HTMLButtonElement>("broadcast-button");
  private readonly helpQueue = byId<HTMLUListElement>("help-queue");
  private readonly helpEmpty = byId("help-empty");
  private readonly peopleForm = byId<HTMLFormElement>("people-form");
  private readonly peopleEmails = byId<HTMLTextAreaElement>("people-emails");
  private readonly peopleAsFacilitators = byId<HTMLInputElement>("people-facilitators");
  private readonly peopleAdd = byId<HTMLButtonElement>("people-add");
  private readonly peopleList = byId<HTMLUListElement>("people-list");
  private readonly error = byId("console-error");
  private meeting: api.MeetingView | null = null;
  private session: api.SessionView | null = null;
  private readonly help: HelpRequest[] = [];

  constructor(private readonly host: ConsoleHost) {
    this.draftCount.addEventListener("change", () => this.fillNames(false));
    byId("draft-fill").addEventListener("click", () => this.fillNames(true));
    onSubmit(this.draftForm, () => {
      const names = this.draftNames.value.split("\n").map((n) => n.trim()).filter((n) => n.length > 0);
      if (names.length < 2) {
        showError(this.error, t("console.needTwoRooms"));
        this.draftNames.focus();
        return;
      }
      void this.run(this.draftButton, async () => {
        await this.host.reload(await api.draft(this.host.meetingId(), this.host.sessionId(), names));
        this.assignBox.open = true;
        this.assignMode.focus();
      });
    });
    this.assignMode.addEventListener("change", () => this.showModeFields());
    // An uploaded CSV file lands in the text box, where it can be checked before assigning.
    const file = byId<HTMLInputElement>("assign-csv-file");
    file.addEventListener("change", () => {
      const chosen = file.files?.[0];
      if (!chosen) return;
      if (chosen.size > MAX_CSV_BYTES) {
        showError(this.error, t("console.csvTooLarge"));
        return;
      }
      void chosen.text().then((text) => {
        this.csv.value = text;
        this.csv.focus();
      });
    });
    onSubmit(this.assignForm, () => {
      const request = this.assignRequest();
      if (!request) return;
      void this.run(this.assignButton, async () => {
        await this.host.reload(await api.assign(this.host.meetingId(), this.host.sessionId(), request));
        this.rooms.focus();
      });
    });
    onSubmit(this.openForm, () => {
      const minutes = Number(this.duration.value);
      const warnings = this.warnings.value.split(/[,;\s]+/).filter((w) => w.length > 0).map(Number);
      if (!Number.isInteger(minutes) || minutes < 1 || minutes > 240) {
        showError(this.error, t("console.badDuration"));
        this.duration.focus();
        return;
      }
      if (warnings.some((w) => !Number.isInteger(w) || w < 1 || w >= minutes)) {
        showError(this.error, t("console.badWarnings"));
        this.warnings.focus();
        return;
      }
      void this.run(this.openButton, async () => {
        await this.host.reload(await api.open(this.host.meetingId(), this.host.sessionId(), minutes, warnings));
      });
    });
    onSubmit(this.extendForm, () => {
      const minutes = Number(this.extendMinutes.value);
      void this.run(this.extendButton, async () => {
        await api.extend(this.host.meetingId(), this.host.sessionId(), minutes);
        await this.host.reload();
      });
    });
    onSubmit(this.moveForm, () => {
      const email = this.moveEmail.value;
      const roomId = this.moveRoom.value;
      if (!email || !roomId) return;
      void this.run(this.moveButton, async () => {
        await api.move(this.host.meetingId(), this.host.sessionId(), email, roomId);
        await this.host.reload();
      });
    });
    this.closeButton.addEventListener("click", () => {
      this.closeConfirm.hidden = false;
      this.closeConfirm.focus();
    });
    this.closeConfirm.addEventListener("click", () => {
      void this.run(this.closeConfirm, async () => {
        await api.closeAll(this.host.meetingId(), this.host.sessionId());
        this.closeConfirm.hidden = true;
        await this.host.reload();
      });
    });
    onSubmit(this.broadcastForm, () => {
      const text = this.broadcastText.value.trim();
      if (!text) {
        this.broadcastText.focus();
        return;
      }
      void this.run(this.broadcastButton, async () => {
        await api.broadcast(this.host.meetingId(), this.host.sessionId(), text);
        this.broadcastText.value = "";
      });
    });

    onSubmit(this.peopleForm, () => {
      const emails = splitList(this.peopleEmails.value);
      if (emails.length === 0) {
        showError(this.error, t("console.needEmails"));
        this.peopleEmails.focus();
        return;
      }
      const change = this.peopleAsFacilitators.checked ? { facilitators: emails } : { participants: emails };
      void this.run(this.peopleAdd, async () => {
        await api.addPeople(this.host.meetingId(), change);
        this.peopleEmails.value = "";
        this.peopleAsFacilitators.checked = false;
        await this.host.reload();
      });
    });
  }

  hide(): void {
    this.box.hidden = true;
    this.help.length = 0;
    this.meeting = null;
    this.session = null;
  }

  /** A "help.requested" notice of the facilitators' room (live or from its history). */
  addHelp(request: HelpRequest): void {
    if (this.help.some((h) => h.seq === request.seq)) return;
    this.help.push(request);
    this.help.sort((a, b) => a.seq - b.seq);
    this.renderHelp();
  }

  render(meeting: api.MeetingView, session: api.SessionView): void {
    const changedSession = this.session?.sessionId !== session.sessionId || this.meeting?.meetingId !== meeting.meetingId;
    this.meeting = meeting;
    this.session = session;
    this.box.hidden = false;
    const b = session.breakouts;
    this.phase.textContent = t(`phase.${b.phase}`, { round: formatNumber(b.round) });
    if (changedSession && !this.draftNames.value) this.fillNames(true);
    const drafting = b.phase === "none" || b.phase === "closed";
    this.draftBox.hidden = b.phase === "open";
    if (changedSession) this.draftBox.open = drafting;
    this.assignBox.hidden = b.phase !== "draft";
    this.previewBox.hidden = b.rooms.length === 0 || b.phase === "closed" || b.phase === "none";
    this.openForm.hidden = b.phase !== "draft";
    this.liveBox.hidden = b.phase !== "open";
    if (b.phase !== "open") this.closeConfirm.hidden = true;
    this.showModeFields();
    this.renderRooms(b);
    this.renderMove(b);
    this.renderPeople(meeting);
    this.renderHelp();
  }

  /** Everyone in the meeting, each with a remove button (the server refuses the last facilitator). */
  private renderPeople(meeting: api.MeetingView): void {
    const people = [
      ...meeting.facilitators.map((p) => ({ ...p, facilitator: true })),
      ...meeting.participants.map((p) => ({ ...p, facilitator: false })),
    ];
    this.peopleList.replaceChildren(
      ...people.map((p) => {
        const li = el("li", "room-item");
        li.dataset["email"] = p.email;
        const name = el("span", "room-item-name", p.facilitator ? `${p.displayName} · ${t("console.facilitatorTag")}` : p.displayName);
        name.dir = "auto";
        const remove = el("button", "button button-tiny button-danger remove-person", t("console.remove"));
        remove.type = "button";
        remove.setAttribute("aria-label", t("console.removeNamed", { name: p.displayName }));
        remove.addEventListener("click", () => {
          void this.run(remove, async () => {
            await api.removePerson(this.host.meetingId(), p.email);
            await this.host.reload();
          });
        });
        li.append(name, remove);
        return li;
      }),
    );
  }

  relocalize(): void {
    if (this.meeting && this.session) this.render(this.meeting, this.session);
  }

  private fillNames(force: boolean): void {
    const n = Math.max(2, Math.min(400, Number(this.draftCount.value) || 3));
    if (!force && this.draftNames.value.trim()) return;
    this.draftNames.value = Array.from({ length: n }, (_, i) => t("console.defaultRoomName", { n: formatNumber(i + 1) })).join("\n");
  }

  private showModeFields(): void {
    const mode = this.assignMode.value;
    this.capField.hidden = mode !== "selfSelect";
    this.csvField.hidden = mode !== "csv";
    this.manualField.hidden = mode !== "manual";
  }

  private assignRequest(): api.AssignRequest | null {
    const mode = this.assignMode.value as api.AssignRequest["mode"];
    switch (mode) {
      case "selfSelect": {
        const cap = Number(this.cap.value);
        if (!Number.isInteger(cap) || cap < 1) {
          showError(this.error, t("console.badCap"));
          this.cap.focus();
          return null;
        }
        return { mode, cap };
      }
      case "csv":
        if (!this.csv.value.trim()) {
          showError(this.error, t("console.csvRequired"));
          this.csv.focus();
          return null;
        }
        return { mode, csv: this.csv.value };
      case "manual": {
        const assignments = [...this.manualList.querySelectorAll<HTMLSelectElement>("select")]
          .filter((s) => s.value)
          .map((s) => ({ email: s.dataset["email"] ?? "", roomId: s.value }));
        return { mode, assignments };
      }
      default:
        return { mode };
    }
  }

  private renderRooms(b: api.BreakoutView): void {
    const assigned = new Set(b.rooms.flatMap((r) => r.members));
    this.rooms.replaceChildren(
      ...b.rooms.map((r) => {
        const li = el("li", "room-item");
        li.dataset["roomId"] = r.roomId;
        const head = el("div", "room-item-head");
        const name = el("span", "room-item-name", r.name);
        name.dir = "auto";
        head.append(name, el("span", "muted", t("console.memberCount", { count: r.members.length })));
        if (b.phase === "open") {
          const join = el("button", "button button-tiny join-room", t("console.joinRoom"));
          join.type = "button";
          join.setAttribute("aria-label", t("console.joinRoomNamed", { name: r.name }));
          join.addEventListener("click", () => this.host.visit(r.roomId));
          head.append(join);
        }
        const members = el("ul", "room-members");
        for (const email of r.members) {
          const p = this.person(email);
          const m = el("li", "room-member", p.country ? `${p.displayName} · ${p.country}` : p.displayName);
          m.dir = "auto";
          m.dataset["email"] = email;
          members.append(m);
        }
        li.append(head, members);
        return li;
      }),
    );
    this.rooms.tabIndex = -1;
    const left = (this.meeting?.participants ?? []).filter((p) => !assigned.has(p.email));
    this.unassigned.textContent = b.phase === "draft" && left.length > 0
      ? t("console.unassigned", { names: left.map((p) => p.displayName).join(", ") })
      : "";
    // Manual placement: one select per participant, preset with the current room.
    const current = new Map(b.rooms.flatMap((r) => r.members.map((m) => [m, r.roomId] as const)));
    this.manualList.replaceChildren(
      ...(this.meeting?.participants ?? []).map((p) => {
        const li = el("li", "manual-item");
        const id = `manual-${p.email.replace(/[^a-z0-9]/gi, "-")}`;
        const label = el("label", undefined, p.displayName);
        label.htmlFor = id;
        label.dir = "auto";
        const select = el("select");
        select.id = id;
        select.dataset["email"] = p.email;
        select.append(option("", t("console.noRoom")), ...b.rooms.map((r) => option(r.roomId, r.name)));
        select.value = current.get(p.email) ?? "";
        li.append(label, select);
        return li;
      }),
    );
  }

  private renderMove(b: api.BreakoutView): void {
    const email = this.moveEmail.value;
    const room = this.moveRoom.value;
    this.moveEmail.replaceChildren(...(this.meeting?.participants ?? []).map((p) => option(p.email, p.displayName)));
    this.moveRoom.replaceChildren(...b.rooms.map((r) => option(r.roomId, r.name)));
    if (email) this.moveEmail.value = email;
    if (room) this.moveRoom.value = room;
  }

  private renderHelp(): void {
    const rooms = this.session?.breakouts.rooms ?? [];
    this.helpEmpty.hidden = this.help.length > 0;
    this.helpQueue.replaceChildren(
      ...this.help.map((h) => {
        const li = el("li", "help-item");
        const room = rooms.find((r) => r.roomId === h.roomId);
        const who = el("span", "help-who", room ? t("console.helpFrom", { name: h.displayName, room: room.name }) : h.displayName);
        who.dir = "auto";
        const time = el("time", "message-time", formatMessageTime(h.at));
        time.dateTime = h.at;
        li.append(who, time);
        if (h.text) {
          const text = el("p", "help-text", h.text);
          text.dir = "auto";
          li.append(text);
        }
        if (room && this.session?.breakouts.phase === "open") {
          const join = el("button", "button button-tiny", t("console.joinRoom"));
          join.type = "button";
          join.setAttribute("aria-label", t("console.joinRoomNamed", { name: room.name }));
          join.addEventListener("click", () => this.host.visit(room.roomId));
          li.append(join);
        }
        return li;
      }),
    );
  }

  private person(email: string): { displayName: string; country: string | null } {
    const p = this.meeting?.participants.find((x) => x.email === email);
    return { displayName: p?.displayName ?? this.host.nameOf(email), country: p?.country ?? null };
  }

  private run(button: HTMLButtonElement, work: () => Promise<void>): Promise<void> {
    return busy(button, this.error, work);
  }
}

function option(value: string, label: string): HTMLOptionElement {
  const o = el("option", undefined, label);
  o.value = value;
  return o;
}
