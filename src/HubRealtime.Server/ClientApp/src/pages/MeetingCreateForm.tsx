// The "New meeting" form of the Meetings page (POST /api/meetings). Shown to hub admins, agency
// admins and members of a working group; the server decides, and its refusal is shown as a next step.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import * as api from "../api";
import * as meetingsApi from "../meetings-api";
import { splitList } from "../forms";
import { errorMessage, t, type MessageKey } from "../i18n";
import { normalizeRoomId } from "../protocol";
import { navigate, profile } from "../app/state";
import { Option } from "../ui/Option";
import { TextField } from "../ui/TextField";
import { browserZone, timeZones, zonedInstant } from "../zoned-time";

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

const ID = "meeting-new-id";
const TITLE = "meeting-new-title";
const START = "meeting-new-start";
const END = "meeting-new-end";
const FACILITATORS = "meeting-new-facilitators";
const PARTICIPANTS = "meeting-new-participants";
const AGENCIES = "meeting-new-agencies";
const GROUPS = "meeting-new-groups";
const RETENTION = "meeting-new-retention";

interface SessionRow {
  /** Makes the inputs' ids (and the row's identity in the list). */
  key: number;
  sessionId: string;
  title: string;
  /** The title is still the one the form filled in (the user has not typed their own). */
  prefilled: boolean;
}

let nextRowKey = 0;

function rowId(row: SessionRow): string {
  return `meeting-new-session-id-${row.key}`;
}

function rowTitleId(row: SessionRow): string {
  return `${rowId(row)}-title`;
}

/** A field problem: the id of the input to mark, and the message. */
class Problem {
  constructor(readonly field: string, readonly text: string) {}
}

export function MeetingCreateForm() {
  const zones = useMemo(() => timeZones(), []);
  const [groups, setGroups] = useState<api.GroupInfo[] | null>(null);
  const [meetingId, setMeetingId] = useState("");
  const [title, setTitle] = useState("");
  const [start, setStart] = useState("");
  const [end, setEnd] = useState("");
  const [zone, setZone] = useState(() => browserZone());
  const [retention, setRetention] = useState("");
  const [rows, setRows] = useState<SessionRow[]>(() => [{ key: nextRowKey++, sessionId: "s1", title: "", prefilled: true }]);
  const [facilitators, setFacilitators] = useState("");
  const [participants, setParticipants] = useState("");
  const [ownAgency, setOwnAgency] = useState(false);
  const [agencies, setAgencies] = useState("");
  const [checkedGroups, setCheckedGroups] = useState<ReadonlySet<string>>(() => new Set());
  const [problem, setProblem] = useState<{ text: string; detail: string | null } | null>(null);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLDetailsElement>(null);
  const errorBox = useRef<HTMLDivElement>(null);
  /** An input to focus once the next render is on the page (a row just added or removed). */
  const focusNext = useRef<string | null>(null);
  const scrollToError = useRef(false);

  useEffect(() => {
    let live = true;
    api.get<api.GroupInfo[]>("/api/groups/mine").then(
      (mine) => {
        if (live) setGroups(mine);
      },
      () => {
        // Without the groups the form offers none; the list shows the network error.
        if (live) setGroups([]);
      },
    );
    return () => {
      live = false;
    };
  }, []);

  useLayoutEffect(() => {
    const id = focusNext.current;
    focusNext.current = null;
    if (id) document.getElementById(id)?.focus();
    if (scrollToError.current) {
      scrollToError.current = false;
      // The field stays focused; the long form may have the box below the fold.
      errorBox.current?.scrollIntoView({ block: "nearest" });
    }
  });

  const p = profile.value;
  const agencyAdmin = !!p && p.agencyRole === "admin" && !!p.agencyId;
  const allowed = !!p && groups !== null && (p.isHubAdmin || agencyAdmin || groups.length > 0);
  const ownAgencyShown = agencyAdmin && !p.isHubAdmin;
  const agenciesShown = !!p?.isHubAdmin;
  const ownAgencyId = p?.agencyId ?? "";
  const groupsShown = (groups ?? []).length > 0;

  const addRow = () => {
    if (rows.length >= MAX_SESSIONS) return;
    const n = rows.length;
    // Later sessions start as "Session 2", "Session 3"…; the first follows the meeting's title.
    const row: SessionRow = {
      key: nextRowKey++,
      sessionId: `s${n + 1}`,
      title: n === 0 ? title.trim() : t("meetingNew.defaultSessionTitle", { n: n + 1 }),
      prefilled: true,
    };
    setRows([...rows, row]);
    focusNext.current = rowId(row);
  };

  const removeRow = (row: SessionRow) => {
    if (rows.length <= 1) return;
    const index = rows.indexOf(row);
    const next = rows.filter((r) => r !== row);
    setRows(next);
    // Keep the focus in the list: the row that took its place, else the one before.
    const focus = next[index] ?? next[index - 1];
    if (focus) focusNext.current = rowId(focus);
  };

  const updateRow = (row: SessionRow, change: Partial<SessionRow>) => {
    setRows((rs) => rs.map((r) => (r.key === row.key ? { ...r, ...change } : r)));
  };

  /** The request, or the first problem found. */
  const read = (): meetingsApi.NewMeetingRequest | Problem => {
    const id = normalizeRoomId(meetingId);
    setMeetingId(id);
    if (id.length > MAX_MEETING_ID || !SLUG.test(id)) return new Problem(ID, t("meetingNew.idInvalid"));
    const name = title.trim();
    if (!name || name.length > MAX_TITLE || CONTROL.test(name)) return new Problem(TITLE, t("meetingNew.titleInvalid"));
    if (!start) return new Problem(START, t("meetingNew.startRequired"));
    const from = zonedInstant(start, zone);
    if (!from) return new Problem(START, t("meetingNew.timeMissing", { zone }));
    if (!end) return new Problem(END, t("meetingNew.endRequired"));
    const to = zonedInstant(end, zone);
    if (!to) return new Problem(END, t("meetingNew.timeMissing", { zone }));
    if (to.instant <= from.instant) return new Problem(END, t("meetingNew.endBeforeStart"));
    if (to.instant - from.instant > MAX_SPAN_MS) return new Problem(END, t("meetingNew.tooLong"));
    const sessions: { sessionId: string; title: string }[] = [];
    const normalized = rows.map((r) => ({ ...r, sessionId: normalizeRoomId(r.sessionId) }));
    setRows(normalized);
    for (const [i, r] of normalized.entries()) {
      const sessionId = r.sessionId;
      if (sessionId.length > MAX_SESSION_ID || !SLUG.test(sessionId)) return new Problem(rowId(r), t("meetingNew.sessionIdInvalid", { n: i + 1 }));
      if (sessions.some((s) => s.sessionId === sessionId)) return new Problem(rowId(r), t("meetingNew.sessionIdTwice", { id: sessionId }));
      const sessionTitle = r.title.trim();
      if (!sessionTitle || sessionTitle.length > MAX_TITLE || CONTROL.test(sessionTitle)) {
        return new Problem(rowTitleId(r), t("meetingNew.sessionTitleInvalid", { n: i + 1 }));
      }
      sessions.push({ sessionId, title: sessionTitle });
    }
    const leads = emails(facilitators, FACILITATORS);
    if (leads instanceof Problem) return leads;
    const people = emails(participants, PARTICIPANTS);
    if (people instanceof Problem) return people;
    const invited: string[] = [];
    if (ownAgencyShown && ownAgency && ownAgencyId) invited.push(ownAgencyId);
    if (agenciesShown) {
      for (const agency of splitList(agencies).map(normalizeRoomId)) {
        if (!SLUG.test(agency) || agency.length > 64) return new Problem(AGENCIES, t("meetingNew.agencyInvalid", { id: agency }));
        if (!invited.includes(agency)) invited.push(agency);
      }
    }
    const request: meetingsApi.NewMeetingRequest = {
      meetingId: id, title: name, startsAt: from.iso, endsAt: to.iso, timeZone: zone, sessions,
      facilitators: leads, participants: people, agencies: invited,
      groups: (groups ?? []).filter((g) => checkedGroups.has(g.groupId)).map((g) => g.groupId),
    };
    const days = retention.trim();
    if (days) {
      const n = Number(days);
      if (!Number.isInteger(n) || n < 1 || n > MAX_RETENTION_DAYS) return new Problem(RETENTION, t("meetingNew.retentionInvalid"));
      request.retentionDays = n;
    }
    return request;
  };

  /** The server's refusal as a next step, with its detail (e.g. which e-mail has no account). */
  const showServerProblem = (error: unknown) => {
    if (!(error instanceof api.ApiError) || error.code === "network") {
      setProblem({ text: t("error.network"), detail: null });
      return;
    }
    const mark: Record<string, string> = {
      meeting_exists: ID, user_not_found: PARTICIPANTS, forbidden: groupsShown ? GROUPS : ID,
    };
    setInvalid(mark[error.code] ?? null);
    const own: Record<string, MessageKey> = {
      forbidden: "meetingNew.forbidden",
      meeting_exists: "meetingNew.exists",
      user_not_found: "meetingNew.userNotFound",
      invalid_argument: "meetingNew.rejected",
    };
    const key = own[error.code];
    setProblem({ text: key ? t(key) : errorMessage(error.code), detail: error.detail || null });
    scrollToError.current = true;
  };

  const submit = async () => {
    if (busy) return;
    setInvalid(null);
    setProblem(null);
    const request = read();
    if (request instanceof Problem) {
      setInvalid(request.field);
      document.getElementById(request.field)?.focus();
      setProblem({ text: request.text, detail: null });
      return;
    }
    setBusy(true);
    try {
      const view = await meetingsApi.create(request);
      if (box.current) box.current.open = false;
      navigate({ page: "meeting", meetingId: view.meetingId, sessionId: "" });
    } catch (error) {
      showServerProblem(error);
    } finally {
      setBusy(false);
    }
  };

  const mark = (field: string): "true" | undefined => (invalid === field ? "true" : undefined);
  const when = whenText(start, end, zone);

  return (
    <details ref={box} id="meeting-create" class="create-room meeting-create" hidden={!allowed}>
      <summary>{t("meetingNew.summary")}</summary>
      <form
        id="meeting-create-form"
        class="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <p class="hint">{t("meetingNew.intro")}</p>
        <div class="meeting-new-grid">
          <TextField
            id={ID} label={t("meetingNew.id")} hint={t("meetingNew.idHint")} autocomplete="off" autocapitalize="none" spellcheck={false}
            maxLength={MAX_MEETING_ID} required dir="ltr" invalid={mark(ID)} value={meetingId} setValue={setMeetingId}
            onCommit={(value) => setMeetingId(normalizeRoomId(value))}
          />
          <TextField
            id={TITLE} label={t("meetingNew.title")} autocomplete="off" maxLength={MAX_TITLE} required dir="auto" invalid={mark(TITLE)} value={title}
            setValue={(value) => {
              setTitle(value);
              // The first session takes the meeting's title until someone names it (most meetings have one).
              setRows((rs) => (rs[0]?.prefilled ? [{ ...rs[0], title: value.trim() }, ...rs.slice(1)] : rs));
            }}
          />
          <TextField id={START} label={t("meetingNew.start")} type="datetime-local" required dir="ltr" invalid={mark(START)} value={start} setValue={setStart} />
          <TextField id={END} label={t("meetingNew.end")} type="datetime-local" required dir="ltr" invalid={mark(END)} value={end} setValue={setEnd} />
          <div class="field">
            <label for="meeting-new-zone">{t("meetingNew.zone")}</label>
            <select id="meeting-new-zone" dir="ltr" aria-describedby="meeting-new-zone-hint meeting-new-when" value={zone} onChange={(e) => setZone(e.currentTarget.value)}>
              {zones.map((z) => <Option key={z} value={z}>{z.replaceAll("_", " ")}</Option>)}
            </select>
            <span id="meeting-new-zone-hint" class="hint">{t("meetingNew.zoneHint")}</span>
            <span id="meeting-new-when" class="hint" role="status" aria-live="polite">{when}</span>
          </div>
          <TextField
            id={RETENTION} label={t("meetingNew.retention")} hint={t("meetingNew.retentionHint")} type="number" min="1" max={String(MAX_RETENTION_DAYS)}
            step="1" inputMode="numeric" dir="ltr" invalid={mark(RETENTION)} value={retention} setValue={setRetention}
          />
        </div>
        <fieldset class="meeting-new-set">
          <legend>{t("meetingNew.sessions")}</legend>
          <p class="hint">{t("meetingNew.sessionsHint")}</p>
          <ol id="meeting-new-sessions" class="meeting-new-sessions">
            {rows.map((row, i) => (
              <li key={row.key} class="meeting-new-session">
                <TextField
                  id={rowId(row)} label={t("meetingNew.sessionId", { n: i + 1 })} inputClass="meeting-new-session-id" maxLength={MAX_SESSION_ID}
                  autocomplete="off" spellcheck={false} dir="ltr" invalid={mark(rowId(row))} value={row.sessionId}
                  setValue={(value) => updateRow(row, { sessionId: value })}
                  onCommit={(value) => updateRow(row, { sessionId: normalizeRoomId(value) })}
                />
                <TextField
                  id={rowTitleId(row)} label={t("meetingNew.sessionTitle", { n: i + 1 })} fieldClass="meeting-new-session-title-field"
                  inputClass="meeting-new-session-title" maxLength={MAX_TITLE} autocomplete="off" dir="auto" invalid={mark(rowTitleId(row))} value={row.title}
                  setValue={(value) => updateRow(row, { title: value, prefilled: false })}
                />
                <button
                  class="button button-small meeting-new-session-remove" type="button" disabled={rows.length <= 1}
                  aria-label={t("meetingNew.removeSessionNamed", { n: i + 1 })} onClick={() => removeRow(row)}
                >
                  {t("meetingNew.removeSession")}
                </button>
              </li>
            ))}
          </ol>
          <div class="actions actions-start">
            <button id="meeting-new-add-session" class="button button-small" type="button" disabled={rows.length >= MAX_SESSIONS} onClick={addRow}>
              {t("meetingNew.addSession")}
            </button>
          </div>
        </fieldset>
        <div class="meeting-new-grid">
          <TextField
            id={FACILITATORS} label={t("meetingNew.facilitators")} hint={t("meetingNew.facilitatorsHint")} rows={3} autocomplete="off" spellcheck={false}
            dir="ltr" invalid={mark(FACILITATORS)} value={facilitators} setValue={setFacilitators}
          >
            {/* Facilitators lead: they must set up two-step sign-in before the role counts (MfaPolicy). */}
            <p id="meeting-new-facilitators-mfa" class="notice" role="status" hidden={facilitators.trim() === ""}>{t("meetingNew.facilitatorsMfa")}</p>
          </TextField>
          <TextField
            id={PARTICIPANTS} label={t("meetingNew.participants")} hint={t("meetingNew.emailsHint")} rows={3} autocomplete="off" spellcheck={false}
            dir="ltr" invalid={mark(PARTICIPANTS)} value={participants} setValue={setParticipants}
          />
        </div>
        <div id="meeting-new-own-agency-field" class="check-field" hidden={!ownAgencyShown}>
          <input id="meeting-new-own-agency" type="checkbox" data-agency={ownAgencyId} checked={ownAgency} onChange={(e) => setOwnAgency(e.currentTarget.checked)} />
          <label id="meeting-new-own-agency-label" for="meeting-new-own-agency">{t("meetingNew.ownAgency", { agency: ownAgencyId })}</label>
        </div>
        <TextField
          id={AGENCIES} label={t("meetingNew.agencies")} hint={t("meetingNew.agenciesHint")} fieldId="meeting-new-agencies-field" fieldHidden={!agenciesShown}
          autocomplete="off" autocapitalize="none" spellcheck={false} dir="ltr" invalid={mark(AGENCIES)} value={agencies} setValue={setAgencies}
        />
        <fieldset id="meeting-new-groups-box" class="meeting-new-set" hidden={!groupsShown}>
          <legend>{t("meetingNew.groups")}</legend>
          <p class="hint">{t("meetingNew.groupsHint")}</p>
          <ul id={GROUPS} class="meeting-new-groups" aria-invalid={mark(GROUPS)}>
            {(groups ?? []).map((g, i) => (
              <li key={g.groupId} class="check-field meeting-new-group">
                <input
                  id={`meeting-new-group-${i}`} type="checkbox" value={g.groupId} checked={checkedGroups.has(g.groupId)}
                  onChange={(e) => {
                    const on = e.currentTarget.checked;
                    setCheckedGroups((prev) => {
                      const next = new Set(prev);
                      if (on) next.add(g.groupId);
                      else next.delete(g.groupId);
                      return next;
                    });
                  }}
                />
                <label for={`meeting-new-group-${i}`} dir="auto">{g.title || g.groupId}</label>
              </li>
            ))}
          </ul>
        </fieldset>
        <div class="actions">
          <button id="meeting-new-button" class="button button-primary" type="submit" disabled={busy} aria-busy={busy ? "true" : undefined}>
            {t("meetingNew.submit")}
          </button>
        </div>
      </form>
      <div ref={errorBox} id="meeting-new-error" class="alert" role="alert" hidden={problem === null}>
        <p id="meeting-new-error-text" class="alert-text">{problem?.text ?? ""}</p>
        <p id="meeting-new-error-detail" class="alert-detail" dir="auto" hidden={!problem?.detail}>{problem?.detail ?? ""}</p>
      </div>
    </details>
  );
}

/** The chosen times in the browser's own zone, so that a zone mix-up shows before sending. */
function whenText(startValue: string, endValue: string, zone: string): string {
  const start = zonedInstant(startValue, zone);
  const end = zonedInstant(endValue, zone);
  if (!start || zone === browserZone()) return "";
  const f = new Intl.DateTimeFormat(document.documentElement.lang || undefined, { dateStyle: "medium", timeStyle: "short" });
  const text = end && end.instant > start.instant ? f.formatRange(new Date(start.instant), new Date(end.instant)) : f.format(new Date(start.instant));
  return t("meetingNew.inYourZone", { zone: browserZone(), time: text });
}

function emails(value: string, field: string): string[] | Problem {
  const list: string[] = [];
  for (const item of splitList(value)) {
    if (item.length > 254 || !EMAIL.test(item)) return new Problem(field, t("meetingNew.emailInvalid", { email: item }));
    const lower = item.toLowerCase();
    if (!list.includes(lower)) list.push(lower);
  }
  return list;
}
