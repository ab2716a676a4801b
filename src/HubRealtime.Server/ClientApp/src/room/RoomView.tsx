// A room on show: its header (title, id, back to the plenary, leave), the meeting's banner, the chat, the
// room's shared notes and, beside them, who is here and the meeting panel.
import { t } from "../i18n";
import { Composer } from "./Composer";
import { BackToPlenary, MeetingBanner, MeetingPanel } from "./MeetingPanel";
import { MessageList } from "./MessageList";
import { PresencePanel, TypingLine } from "./PresencePanel";
import { leaveClicked, meetings, messages, presence, type RoomFrame } from "./room-controller";
import { consoleWide } from "./console-layout";
import { NotePanel, RoomTabs, roomTab } from "../notes/NotePanel";

export function RoomView({ frame }: { frame: RoomFrame }) {
  void meetings.revision.value;
  const inMeeting = meetings.showing() !== null;
  // A meeting names its rooms ("Session one · plenary"), in the page's language.
  const title = meetings.active ? meetings.roomName(frame.roomId) : frame.title;
  const classes = ["room-view"];
  if (frame.closed) classes.push("room-closed");
  else if (frame.muted) classes.push("room-muted");
  if (inMeeting) classes.push("in-meeting");
  // A facilitator's console across the page, the chat beside it.
  if (inMeeting && meetings.console.meeting && consoleWide.value) classes.push("console-wide");
  return (
    <section id="room-view" class={classes.join(" ")} aria-labelledby="room-title">
      <div class="room-header">
        <div class="room-heading">
          <h1 id="room-title" class="room-title" dir="auto">{title}</h1>
          <span class="room-id muted" dir="ltr">#<span id="room-id-label">{frame.roomId}</span></span>
        </div>
        <div class="room-header-end">
          <BackToPlenary pages={meetings} />
          <button id="leave-button" class="button button-small" type="button" onClick={leaveClicked}>{t("room.leave")}</button>
        </div>
      </div>
      <MeetingBanner pages={meetings} />
      <RoomTabs />
      <div class={`room-body room-tab-${roomTab.value}`}>
        <div id="room-main" class="room-main">
          <MessageList view={messages} />
          <TypingLine view={presence} />
          <Composer view={messages} />
        </div>
        <NotePanel roomId={frame.roomId} />
        <aside class="room-side" aria-label={t("room.sideLabel")}>
          <PresencePanel view={presence} />
          <MeetingPanel pages={meetings} />
        </aside>
      </div>
    </section>
  );
}
