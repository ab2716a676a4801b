// The "New meeting" form of the Meetings page (POST /api/meetings). Shown to hub admins, agency
// admins and members of a working group; the server decides, and its refusal is shown as a next step.
import * as api from "./api";
import * as meetingsApi from "./meetings-api";
import { byId, el } from "./dom";
import { onSubmit, splitList } from "./forms";
import { errorMessage, onLanguageChange, t, type MessageKey } from "./i18n";
import { normalizeRoomId } from "./protocol";
import { browserZone, timeZones, zonedInstant } from "./zoned-time";

const MAX_MEETING_ID = 24;
const MAX_SESSION_ID = 12;
const MAX_SESSIONS = 4;
const MAX_TITLE = 200;
const MAX_RETENTION_DAYS = 3650;
const MAX_SPAN_MS = 31 * 24 * 3600 * 1000;
const SLUG = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const CONTROL = /[\u0000-\u001f\u007f]/;

interface SessionRow {
  item: HTMLLIElement;
  id: HTMLInputElement;
  title: HTMLInputElement;
  idLabel: HTMLLabelElement;
  titleLabel: HTMLLabelElement;
  remove: HTMLButtonElement;
  /** The title is still the one the form filled in (the user has not typed their own). */
  prefilled: boolean;
}

/** A field problem: the input to mark and the message. */
class Problem {
  constructor(readonly input: HTMLElement, readonly text: string) {}
}

export class MeetingCreateForm {
  private readonly ui = {
    box: byId<HTMLDetailsElement>("meeting-create"),
    form: byId<HTMLFormElement>("meeting-create-form"),
    id: byId<HTMLInputElement>("meeting-new-id"),
    title: byId<HTMLInputElement>("meeting-new-title"),
    start: byId<HTMLInputElement>("meeting-new-start"),
    end: byId<HTMLInputElement>("meeting-new-end"),
    zone: byId<HTMLSelectElement>("meeting-new-zone"),
    when: byId("meeting-new-when"),
    sessions: byId<HTMLOListElement>("meeting-new-sessions"),
    addSession: byId<HTMLButtonElement>("meeting-new-add-session"),
    facilitators: byId<HTMLTextAreaElement>("meeting-new-facilitators"),
    facilitatorsMfa: byId("meeting-new-facilitators-mfa"),
    participants: byId<HTMLTextAreaElement>("meeting-new-participants"),
    ownAgencyField: byId("meeting-new-own-agency-field"),
    ownAgency: byId<HTMLInputElement>("meeting-new-own-agency"),
    ownAgencyLabel: byId("meeting-new-own-agency-label"),
    agenciesField: byId("meeting-new-agencies-field"),
    agencies: byId<HTMLInputElement>("meeting-new-agencies"),
    groupsBox: byId("meeting-new-groups-box"),
    groups: byId<HTMLUListElement>("meeting-new-groups"),
    retention: byId<HTMLInputElement>("meeting-new-retention"),
    button: byId<HTMLButtonElement>("meeting-new-button"),
    error: byId("meeting-new-error"),
    errorText: byId("meeting-new-error-text"),
    errorDetail: byId("meeting-new-error-detail"),
  };
  private readonly rows: SessionRow[] = [];
  private profile: api.Profile | null = null;

  constructor() {
    const ui = this.ui;
    this.fillZones();
    this.addRow();
    onSubmit(ui.form, () => this.submit());
    ui.addSession.addEventListener("click", () => {
      this.addRow();
      this.rows[this.rows.length - 1]?.id.focus();
    });
    for (const input of [ui.start, ui.end, ui.zone]) input.addEventListener("change", () => this.renderWhen());
    ui.id.addEventListener("change", () => { ui.id.value = normalizeRoomId(ui.id.value); });
    // The first session takes the meeting's title until someone names it (most meetings have one).
    ui.title.addEventListener("input", () => {
      const first = this.rows[0];
      if (first?.prefilled) first.title.value = ui.title.value.trim();
    });
    // Facilitators lead: they must set up two-step sign-in before the role counts (MfaPolicy).
    ui.facilitators.addEventListener("input", () => {
      ui.facilitatorsMfa.hidden = ui.facilitators.value.trim() === "";
    });
    onLanguageChange(() => this.relocalize());
  }

  /** Shows the form to those who may create a meeting (the server has the last word). */
  async show(): Promise<void> {
    const ui = this.ui;
    let groups: api.GroupInfo[] = [];
    try {
      this.profile = (await api.me())?.profile ?? null;
      groups = await api.get<api.GroupInfo[]>("/api/groups/mine");
    } catch {
      // Without the profile or the groups the form stays as it was; the list shows the network error.
    }
    const p = this.profile;
    const agencyAdmin = !!p && p.agencyRole === "admin" && !!p.agencyId;
    ui.box.hidden = !p || !(p.isHubAdmin || agencyAdmin || groups.length > 0);
    ui.ownAgencyField.hidden = !agencyAdmin || !!p?.isHubAdmin;
    ui.agenciesField.hidden = !p?.isHubAdmin;
    ui.ownAgency.dataset["agency"] = p?.agencyId ?? "";
    this.renderGroups(groups);
    this.relocalize();
  }

  private fillZones(): void {
    const zone = browserZone();
    this.ui.zone.replaceChildren(...timeZones().map((z) => {
      const o = el("option", undefined, z.replaceAll("_", " "));
      o.value = z;
      return o;
    }));
    this.ui.zone.value = zone;
  }

  private renderGroups(groups: api.GroupInfo[]): void {
    const checked = new Set([...this.ui.groups.querySelectorAll<HTMLInputElement>("input:checked")].map((i) => i.value));
    this.ui.groupsBox.hidden = groups.length === 0;
    this.ui.groups.replaceChildren(...groups.map((g, i) => {
      const li = el("li", "check-field meeting-new-group");
      const box = el("input");
      box.type = "checkbox";
      box.id = `meeting-new-group-${i}`;
      box.value = g.groupId;
      box.checked = checked.has(g.groupId);
      const label = el("label", undefined, g.title || g.groupId);
      label.htmlFor = box.id;
      label.dir = "auto";
      li.append(box, label);
      return li;
    }));
  }

  private addRow(): void {
    if (this.rows.length >= MAX_SESSIONS) return;
    const n = this.rows.length;
    const item = el("li", "meeting-new-session");
    const idField = el("div", "field");
    const id = el("input", "meeting-new-session-id");
    id.type = "text";
    id.id = `meeting-new-session-id-${Date.now()}-${n}`;
    id.maxLength = MAX_SESSION_ID;
    id.autocomplete = "off";
    id.spellcheck = false;
    id.dir = "ltr";
    id.defaultValue = `s${n + 1}`;
    id.addEventListener("change", () => { id.value = normalizeRoomId(id.value); });
    const idLabel = el("label");
    idLabel.htmlFor = id.id;
    idField.append(idLabel, id);
    const titleField = el("div", "field meeting-new-session-title-field");
    const title = el("input", "meeting-new-session-title");
    title.type = "text";
    title.id = `${id.id}-title`;
    title.maxLength = MAX_TITLE;
    title.autocomplete = "off";
    title.dir = "auto";
    const titleLabel = el("label");
    titleLabel.htmlFor = title.id;
    titleField.append(titleLabel, title);
    const remove = el("button", "button button-small meeting-new-session-remove");
    remove.type = "button";
    // Later sessions start as "Session 2", "Session 3"…; the first follows the meeting's title.
    title.value = n === 0 ? this.ui.title.value.trim() : t("meetingNew.defaultSessionTitle", { n: n + 1 });
    const row: SessionRow = { item, id, title, idLabel, titleLabel, remove, prefilled: true };
    title.addEventListener("input", () => { row.prefilled = false; });
    remove.addEventListener("click", () => this.removeRow(row));
    item.append(idField, titleField, remove);
    this.rows.push(row);
    this.ui.sessions.append(item);
    this.renderRows();
  }

  private removeRow(row: SessionRow): void {
    if (this.rows.length <= 1) return;
    const index = this.rows.indexOf(row);
    this.rows.splice(index, 1);
    row.item.remove();
    this.renderRows();
    // Keep the focus in the list: the row that took its place, else the one before.
    (this.rows[index] ?? this.rows[index - 1])?.id.focus();
  }

  private renderRows(): void {
    this.rows.forEach((r, i) => {
      const n = i + 1;
      r.idLabel.textContent = t("meetingNew.sessionId", { n });
      r.titleLabel.textContent = t("meetingNew.sessionTitle", { n });
      r.remove.textContent = t("meetingNew.removeSession");
      r.remove.setAttribute("aria-label", t("meetingNew.removeSessionNamed", { n }));
      r.remove.disabled = this.rows.length <= 1;
    });
    this.ui.addSession.disabled = this.rows.length >= MAX_SESSIONS;
  }

  private relocalize(): void {
    this.renderRows();
    this.ui.ownAgencyLabel.textContent = t("meetingNew.ownAgency", { agency: this.ui.ownAgency.dataset["agency"] ?? "" });
    this.renderWhen();
  }

  /** The chosen times in the browser's own zone, so that a zone mix-up shows before sending. */
  private renderWhen(): void {
    const ui = this.ui;
    const zone = ui.zone.value;
    const start = zonedInstant(ui.start.value, zone);
    const end = zonedInstant(ui.end.value, zone);
    if (!start || zone === browserZone()) {
      ui.when.textContent = "";
      return;
    }
    const f = new Intl.DateTimeFormat(document.documentElement.lang || undefined, { dateStyle: "medium", timeStyle: "short" });
    const text = end && end.instant > start.instant ? f.formatRange(new Date(start.instant), new Date(end.instant)) : f.format(new Date(start.instant));
    ui.when.textContent = t("meetingNew.inYourZone", { zone: browserZone(), time: text });
  }

  private showProblem(text: string | null, detail: string | null = null): void {
    const ui = this.ui;
    ui.error.hidden = text === null;
    ui.errorText.textContent = text ?? "";
    ui.errorDetail.hidden = !detail;
    ui.errorDetail.textContent = detail ?? "";
  }

  private readonly fields = (): HTMLElement[] => {
    const ui = this.ui;
    return [ui.id, ui.title, ui.start, ui.end, ui.zone, ui.facilitators, ui.participants, ui.agencies, ui.retention,
      ...this.rows.flatMap((r) => [r.id, r.title])];
  };

  /** The request, or the first problem found. */
  private read(): meetingsApi.NewMeetingRequest | Problem {
    const ui = this.ui;
    const meetingId = normalizeRoomId(ui.id.value);
    ui.id.value = meetingId;
    if (meetingId.length > MAX_MEETING_ID || !SLUG.test(meetingId)) return new Problem(ui.id, t("meetingNew.idInvalid"));
    const title = ui.title.value.trim();
    if (!title || title.length > MAX_TITLE || CONTROL.test(title)) return new Problem(ui.title, t("meetingNew.titleInvalid"));
    const zone = ui.zone.value;
    if (!ui.start.value) return new Problem(ui.start, t("meetingNew.startRequired"));
    const start = zonedInstant(ui.start.value, zone);
    if (!start) return new Problem(ui.start, t("meetingNew.timeMissing", { zone }));
    if (!ui.end.value) return new Problem(ui.end, t("meetingNew.endRequired"));
    const end = zonedInstant(ui.end.value, zone);
    if (!end) return new Problem(ui.end, t("meetingNew.timeMissing", { zone }));
    if (end.instant <= start.instant) return new Problem(ui.end, t("meetingNew.endBeforeStart"));
    if (end.instant - start.instant > MAX_SPAN_MS) return new Problem(ui.end, t("meetingNew.tooLong"));
    const sessions: { sessionId: string; title: string }[] = [];
    for (const [i, r] of this.rows.entries()) {
      const sessionId = normalizeRoomId(r.id.value);
      r.id.value = sessionId;
      if (sessionId.length > MAX_SESSION_ID || !SLUG.test(sessionId)) return new Problem(r.id, t("meetingNew.sessionIdInvalid", { n: i + 1 }));
      if (sessions.some((s) => s.sessionId === sessionId)) return new Problem(r.id, t("meetingNew.sessionIdTwice", { id: sessionId }));
      const sessionTitle = r.title.value.trim();
      if (!sessionTitle || sessionTitle.length > MAX_TITLE || CONTROL.test(sessionTitle)) {
        return new Problem(r.title, t("meetingNew.sessionTitleInvalid", { n: i + 1 }));
      }
      sessions.push({ sessionId, title: sessionTitle });
    }
    const facilitators = emails(ui.facilitators);
    if (facilitators instanceof Problem) return facilitators;
    const participants = emails(ui.participants);
    if (participants instanceof Problem) return participants;
    const agencies: string[] = [];
    if (!ui.ownAgencyField.hidden && ui.ownAgency.checked && ui.ownAgency.dataset["agency"]) agencies.push(ui.ownAgency.dataset["agency"]);
    if (!ui.agenciesField.hidden) {
      for (const id of splitList(ui.agencies.value).map(normalizeRoomId)) {
        if (!SLUG.test(id) || id.length > 64) return new Problem(ui.agencies, t("meetingNew.agencyInvalid", { id }));
        if (!agencies.includes(id)) agencies.push(id);
      }
    }
    const groups = [...ui.groups.querySelectorAll<HTMLInputElement>("input:checked")].map((i) => i.value);
    const request: meetingsApi.NewMeetingRequest = {
      meetingId, title, startsAt: start.iso, endsAt: end.iso, timeZone: zone, sessions, facilitators, participants, agencies, groups,
    };
    const retention = ui.retention.value.trim();
    if (retention) {
      const days = Number(retention);
      if (!Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS) return new Problem(ui.retention, t("meetingNew.retentionInvalid"));
      request.retentionDays = days;
    }
    return request;
  }

  private async submit(): Promise<void> {
    const ui = this.ui;
    if (ui.button.disabled) return;
    for (const f of this.fields()) f.removeAttribute("aria-invalid");
    this.showProblem(null);
    const request = this.read();
    if (request instanceof Problem) {
      request.input.setAttribute("aria-invalid", "true");
      request.input.focus();
      this.showProblem(request.text);
      return;
    }
    ui.button.disabled = true;
    ui.button.setAttribute("aria-busy", "true");
    try {
      const view = await meetingsApi.create(request);
      ui.form.reset();
      this.fillZones();
      for (const row of this.rows.splice(0)) row.item.remove();
      this.addRow();
      ui.box.open = false;
      window.location.hash = `#/meeting/${encodeURIComponent(view.meetingId)}`;
    } catch (error) {
      this.showServerProblem(error);
    } finally {
      ui.button.disabled = false;
      ui.button.removeAttribute("aria-busy");
    }
  }

  /** The server's refusal as a next step, with its detail (e.g. which e-mail has no account). */
  private showServerProblem(error: unknown): void {
    if (!(error instanceof api.ApiError) || error.code === "network") {
      this.showProblem(t("error.network"));
      return;
    }
    const ui = this.ui;
    const mark: Record<string, HTMLElement> = {
      meeting_exists: ui.id, user_not_found: ui.participants, forbidden: ui.groupsBox.hidden ? ui.id : ui.groups,
    };
    mark[error.code]?.setAttribute("aria-invalid", "true");
    const own: Record<string, MessageKey> = {
      forbidden: "meetingNew.forbidden",
      meeting_exists: "meetingNew.exists",
      user_not_found: "meetingNew.userNotFound",
      invalid_argument: "meetingNew.rejected",
    };
    const key = own[error.code];
    this.showProblem(key ? t(key) : errorMessage(error.code), error.detail || null);
    // The field stays focused; the long form may have the box below the fold.
    ui.error.scrollIntoView({ block: "nearest" });
  }
}

function emails(input: HTMLTextAreaElement): string[] | Problem {
  const list: string[] = [];
  for (const item of splitList(input.value)) {
    if (item.length > 254 || !EMAIL.test(item)) return new Problem(input, t("meetingNew.emailInvalid", { email: item }));
    const lower = item.toLowerCase();
    if (!list.includes(lower)) list.push(lower);
  }
  return list;
}
