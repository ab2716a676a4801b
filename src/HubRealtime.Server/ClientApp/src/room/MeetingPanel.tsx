// The meeting's parts of the room view: the banner over the chat (the last broadcast, the breakout
// countdown), the back-to-plenary button in the room header, and the side panel (the meeting, its
// sessions, where I am, the self-select rooms, help, outcomes and, for facilitators, the console).
import { useEffect, useState } from "preact/hooks";
import { t } from "../i18n";
import type * as api from "../meetings-api";
import { formatClock, formatRange, formatTimeRange, outcomesByRound } from "../meeting-format";
import { outcomeNote } from "../breakout-notes";
import type { MeetingPages } from "../meetings";
import { ErrorBox } from "../ui/ErrorBox";
import { Option } from "../ui/Option";
import { FacilitatorConsole } from "./FacilitatorConsole";

const COUNTDOWN_TICK_MS = 1_000;

export function MeetingBanner({ pages }: { pages: MeetingPages }) {
  void pages.revision.value;
  const session = pages.bannerSession();
  const b = session?.breakouts;
  const deadline = b?.phase === "open" && b.deadline ? Date.parse(b.deadline) : null;
  const last = session ? pages.broadcast() : null;
  return (
    <div id="meeting-banner" class="meeting-banner" hidden={deadline === null && last === null}>
      <p id="meeting-broadcast" class="meeting-broadcast" role="alert" hidden={last === null} dir="auto">
        {last ? t("notice.broadcast", { name: last.fromName, text: last.text }) : ""}
      </p>
      {deadline !== null
        ? <Countdown deadline={deadline} />
        : <p id="meeting-countdown" class="meeting-countdown" role="timer" aria-live="off" hidden></p>}
    </div>
  );
}

function Countdown({ deadline }: { deadline: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), COUNTDOWN_TICK_MS);
    return () => window.clearInterval(timer);
  }, [deadline]);
  const left = Math.max(0, Math.ceil((deadline - now) / 1000));
  return (
    <p id="meeting-countdown" class="meeting-countdown" role="timer" aria-live="off" data-seconds-left={String(left)}>
      {left > 0 ? t("meeting.timeLeft", { time: formatClock(left) }) : t("meeting.closingNow")}
    </p>
  );
}

/** Back to the plenary from a breakout, a transcript or a facilitator's visit. */
export function BackToPlenary({ pages }: { pages: MeetingPages }) {
  void pages.revision.value;
  const shown = pages.showing();
  const chat = pages.chatRoomId();
  const away = shown !== null && chat !== null && chat !== shown.session.plenaryRoomId;
  return (
    <button id="back-to-plenary" class="button button-small" type="button" hidden={!away} onClick={() => pages.backToPlenary()}>
      {t("meeting.backToPlenary")}
    </button>
  );
}

export function MeetingPanel({ pages }: { pages: MeetingPages }) {
  void pages.revision.value;
  const shown = pages.showing();
  const m = shown?.meeting;
  // The help form and the console keep what was typed while the panel is away: they stay mounted.
  return (
    <div id="meeting-panel" class="meeting-panel" hidden={!shown}>
      {shown ? <MeetingInfo pages={pages} meeting={shown.meeting} session={shown.session} /> : null}
      <HelpBox pages={pages} hidden={m?.role !== "participant" || pages.isRoomClosed()} />
      {shown ? <Outcomes pages={pages} meeting={shown.meeting} session={shown.session} /> : null}
      <FacilitatorConsole view={pages.console} />
    </div>
  );
}

// Each part reads the revision itself: a component that reads signals (t() does) re-renders only when
// its props or its own signals change, not with its parent, and the room the chat shows is no prop.
function MeetingInfo({ pages, meeting: m, session }: { pages: MeetingPages; meeting: api.MeetingView; session: api.SessionView }) {
  void pages.revision.value;
  const chat = pages.chatRoomId();
  const b = session.breakouts;
  const inPlenary = chat === session.plenaryRoomId;
  // Self-select: participants pick a room while the round allows it.
  const choosing = m.role === "participant" && b.mode === "selfSelect" && (b.phase === "draft" || b.phase === "open");
  return (
    <section class="side-section" aria-labelledby="meeting-title">
      <h2 id="meeting-title" class="side-heading" dir="auto">{m.title}</h2>
      <p id="meeting-schedule" class="muted meeting-schedule">{`${formatRange(m.startsAt, m.endsAt, m.timeZone)} (${m.timeZone})`}</p>
      <div id="meeting-session-field" class="field" hidden={m.sessions.length < 2}>
        <label for="meeting-session">{t("meeting.session")}</label>
        <select id="meeting-session" value={session.sessionId} onChange={(e) => pages.chooseSession(e.currentTarget.value)}>
          {m.sessions.map((s) => <Option key={s.sessionId} value={s.sessionId}>{s.title}</Option>)}
        </select>
      </div>
      <p id="meeting-where" class="meeting-where" role="status" aria-live="polite">
        {inPlenary ? t("meeting.inPlenary") : chat ? t("meeting.inRoom", { name: pages.roomName(chat) }) : ""}
      </p>
      <div id="choose-box" hidden={!choosing}>
        <h3 class="side-subheading">{t("meeting.chooseHeading")}</h3>
        <ul id="choose-list" class="room-list">
          {choosing ? b.rooms.map((r) => (
            <li key={r.roomId} class="room-item">
              <span class="room-item-name" dir="auto">{r.name}</span>
              <button
                class="button button-tiny choose-room" type="button" disabled={r.roomId === b.myRoomId}
                aria-label={t("meeting.chooseNamed", { name: r.name })} onClick={() => void pages.choose(r.roomId)}
              >
                {r.roomId === b.myRoomId ? t("meeting.chosen") : t("meeting.choose")}
              </button>
            </li>
          )) : null}
        </ul>
      </div>
      <ErrorBox id="meeting-error" text={pages.error.value} />
    </section>
  );
}

/** The closed rooms of the session, each with its transcript to read. */
function Outcomes({ pages, meeting, session }: { pages: MeetingPages; meeting: api.MeetingView; session: api.SessionView }) {
  void pages.revision.value;
  const rounds = outcomesByRound(session.breakouts.outcomes);
  return (
    <section id="outcomes-box" class="side-section" aria-labelledby="outcomes-heading" hidden={rounds.length === 0}>
      <h3 id="outcomes-heading" class="side-subheading">{t("outcomes.heading")}</h3>
      <ol id="outcome-rounds" class="outcome-rounds">
        {rounds.map((r) => (
          <li key={r.round} class="outcome-round" data-round={String(r.round)}>
            <h4 class="outcome-round-heading">
              {r.round > 0 ? t("outcomes.round", { round: r.round }) : t("outcomes.earlier")}
              <span class="muted"> · {formatTimeRange(r.openedAt, r.closedAt, meeting.timeZone)}</span>
            </h4>
            <ul class="room-list outcome-rooms">
              {r.rooms.map((o) => <OutcomeRoom key={o.roomId} pages={pages} outcome={o} />)}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** A closed room in the record: who was in it and what it left (its transcript, its note on the room's page; later its polls). */
function OutcomeRoom({ pages, outcome: o }: { pages: MeetingPages; outcome: api.BreakoutOutcome }) {
  const names = o.memberNames ?? o.members.map((email) => pages.displayName(email));
  const note = outcomeNote(o);
  return (
    <li class="room-item outcome" data-room-id={o.roomId}>
      <span class="room-item-name" dir="auto">{o.name}</span>
      <span class="muted">{t("outcomes.meta", { members: names.length, messages: o.messageCount })}</span>
      {names.length > 0 ? (
        <ul class="outcome-members" aria-label={t("outcomes.membersLabel", { name: o.name })}>
          {names.map((name, i) => <li key={i} dir="auto">{name}</li>)}
        </ul>
      ) : null}
      <ul class="outcome-items">
        <li>
          <button
            class="button button-tiny read-transcript" type="button" aria-label={t("outcomes.readNamed", { name: o.name })}
            onClick={() => pages.readTranscript(o.roomId)}
          >
            {t("outcomes.read")}
          </button>
        </li>
        {note ? (
          <li>
            <a class="button button-tiny open-notes" href={note.href} aria-label={t("outcomes.notesNamed", { name: o.name, rev: note.rev })}>
              {t("outcomes.notes", { rev: note.rev })}
            </a>
          </li>
        ) : null}
      </ul>
    </li>
  );
}

/** A participant asks the facilitators for help (not in a closed room). */
function HelpBox({ pages, hidden }: { pages: MeetingPages; hidden: boolean }) {
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState("");
  const send = async () => {
    if (busy) return;
    setBusy(true);
    setStatus("");
    try {
      if (await pages.askForHelp(text.trim())) {
        setText("");
        setStatus(t("help.sent"));
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <section id="help-box" class="side-section" aria-labelledby="help-heading" hidden={hidden}>
      <h3 id="help-heading" class="side-subheading">{t("help.heading")}</h3>
      <form
        id="help-form" class="form" noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <label for="help-text" class="visually-hidden">{t("help.label")}</label>
        <textarea
          id="help-text" rows={2} maxLength={500} dir="auto" placeholder={t("help.placeholder")} value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <div class="actions">
          <button id="help-button" class="button" type="submit" disabled={busy}>{t("help.submit")}</button>
        </div>
        <p id="help-status" class="hint" role="status" aria-live="polite">{status}</p>
      </form>
    </section>
  );
}
