// The live meetings' alerts on every page but the meeting's own: help waiting (facilitators), "the rooms are
// open: go to your room" and, once a round ended, the way back to the plenary (participants). The state is
// the workspace's (the server's), kept live by the app-wide meeting watch in workspace-state.ts.
import { signal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { t } from "../i18n";
import { meetingAlerts, type MeetingSessionRef } from "../workspace";
import { helpSoundOff, setHelpSoundOff } from "../room/help-alert";
import { routeHref, type Route } from "./routes";
import { route } from "./state";
import { dismissEndedRound, endedRoundPrompts, workspace } from "./workspace-state";

/** "Go to your room" prompts put away, by meeting, session and round (they come back for the next round). */
const dismissedRounds = signal<ReadonlySet<string>>(new Set());

const sessionRoute = (a: MeetingSessionRef): Route => ({ page: "meeting", meetingId: a.meetingId, sessionId: a.sessionId });

/** The meeting's own page shows all of this itself (console, banner, the move into the room). */
function onMeetingPage(r: Route, a: MeetingSessionRef): boolean {
  return r.page === "meeting" && r.meetingId === a.meetingId;
}

function Dismiss({ onClick }: { onClick: () => void }) {
  return <button class="button button-tiny alert-dismiss" type="button" onClick={onClick}>{t("alerts.dismiss")}</button>;
}

export function MeetingAlerts() {
  const view = workspace.value;
  const r = route.value;
  const ended = endedRoundPrompts.value;
  // Opening the meeting is the way back: its ended-round prompt is done with.
  useEffect(() => {
    if (r.page !== "meeting") return;
    for (const e of ended) if (e.meetingId === r.meetingId) dismissEndedRound(e.meetingId, e.sessionId);
  }, [r, ended]);
  if (!view) return null;
  const alerts = meetingAlerts(view);
  const roundKey = (meetingId: string, sessionId: string) => {
    const round = view.meetings.find((m) => m.meetingId === meetingId)?.sessions.find((s) => s.sessionId === sessionId)?.round?.round ?? 0;
    return `${meetingId}/${sessionId}/${round}`;
  };
  const help = alerts.help.filter((a) => !onMeetingPage(r, a));
  const rooms = alerts.rooms.filter((a) => !onMeetingPage(r, a) && !dismissedRounds.value.has(roundKey(a.meetingId, a.sessionId)));
  const back = ended.filter((a) => !onMeetingPage(r, a));
  return (
    // Always on the page (empty when there is nothing): a live region that appears with its text is not read out.
    <section id="meeting-alerts" class="meeting-alerts" aria-label={t("alerts.label")} aria-live="polite">
      {help.map((a) => (
        <div key={`help:${a.meetingId}/${a.sessionId}`} class="meeting-alert meeting-alert-help" data-meeting-id={a.meetingId} data-session-id={a.sessionId}>
          <span class="meeting-alert-text">
            <bdi class="meeting-alert-meeting">{a.meetingTitle}</bdi>{": "}
            <span class="alert-help-count">{t("console.helpWaiting", { count: a.count })}</span>
          </span>
          <a class="button button-small button-primary alert-go" href={routeHref(sessionRoute(a))}>{t("alerts.openConsole")}</a>
          {/* The tone can be muted wherever it plays, not only in the console. */}
          <button
            class="button button-tiny alert-sound" type="button" aria-pressed={helpSoundOff.value ? "true" : "false"}
            onClick={() => setHelpSoundOff(!helpSoundOff.value)}
          >
            {t("console.muteHelpSound")}
          </button>
        </div>
      ))}
      {rooms.map((a) => (
        <div key={`rooms:${a.meetingId}/${a.sessionId}`} class="meeting-alert meeting-alert-rooms" data-meeting-id={a.meetingId} data-session-id={a.sessionId}>
          <span class="meeting-alert-text">{t("alerts.roomsOpen", { meeting: a.meetingTitle })}</span>
          <a class="button button-small button-primary alert-go" href={routeHref(sessionRoute(a))}>{t("home.goToRoom", { room: a.roomName })}</a>
          <Dismiss onClick={() => (dismissedRounds.value = new Set([...dismissedRounds.value, roundKey(a.meetingId, a.sessionId)]))} />
        </div>
      ))}
      {back.map((a) => (
        <div key={`back:${a.meetingId}/${a.sessionId}`} class="meeting-alert meeting-alert-ended" data-meeting-id={a.meetingId} data-session-id={a.sessionId}>
          <span class="meeting-alert-text">{t("alerts.roundClosed", { meeting: a.meetingTitle })}</span>
          <a class="button button-small alert-go" href={routeHref(sessionRoute(a))}>{t("meeting.backToPlenary")}</a>
          <Dismiss onClick={() => dismissEndedRound(a.meetingId, a.sessionId)} />
        </div>
      ))}
    </section>
  );
}
