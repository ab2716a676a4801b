// The workspace sidebar on every signed-in page: my working groups, my meetings (live first, with their
// state) and the other rooms I joined, each with its unread count and a mention badge; the room on show is
// marked with aria-current. Collapsible on narrow screens (a disclosure button), arrow keys move between links.
import { useState } from "preact/hooks";
import type { JSX } from "preact";
import { formatNumber, t, tKnown } from "../i18n";
import { orderedMeetings, totals, type WorkspaceRoom } from "../workspace";
import { roomFrame } from "../room/room-controller";
import { routeHref, type Route } from "./routes";
import { route } from "./state";
import { workspace } from "./workspace-state";

function Counts({ room }: { room: WorkspaceRoom }) {
  return (
    <>
      {room.mentions > 0 ? (
        <span class="badge badge-alert side-mention" data-mentions={room.mentions} aria-hidden="true">@{formatNumber(Math.min(room.mentions, 99))}</span>
      ) : null}
      {room.unread > 0 ? (
        <span class="badge side-unread" data-unread={room.unread} aria-hidden="true">{formatNumber(Math.min(room.unread, 999))}</span>
      ) : null}
      {room.unread > 0 || room.mentions > 0 ? (
        <span class="visually-hidden">
          {room.unread > 0 ? ` ${t("sidebar.unread", { count: room.unread })}` : ""}
          {room.mentions > 0 ? ` ${t("sidebar.mentions", { count: room.mentions })}` : ""}
        </span>
      ) : null}
    </>
  );
}

function Item({ to, label, room, current, extra }: { to: Route; label: string; room: WorkspaceRoom; current: boolean; extra?: JSX.Element | null }) {
  return (
    <li>
      <a
        class="side-link"
        href={routeHref(to)}
        data-room={room.roomId}
        aria-current={current ? "page" : undefined}
      >
        <span class="side-title" dir="auto">{label}</span>
        {extra ?? null}
        <Counts room={room} />
      </a>
    </li>
  );
}

/** Up and down arrows move between the sidebar's links (Home and End to the ends). */
function onKeyDown(e: KeyboardEvent): void {
  if (!["ArrowDown", "ArrowUp", "Home", "End"].includes(e.key)) return;
  const nav = e.currentTarget as HTMLElement;
  const links = [...nav.querySelectorAll<HTMLAnchorElement>("a.side-link")];
  const at = links.indexOf(document.activeElement as HTMLAnchorElement);
  if (links.length === 0) return;
  e.preventDefault();
  const next = e.key === "Home" ? 0 : e.key === "End" ? links.length - 1
    : e.key === "ArrowDown" ? Math.min(links.length - 1, at + 1) : Math.max(0, at - 1);
  links[next]?.focus();
}

export function Sidebar() {
  const view = workspace.value;
  const [open, setOpen] = useState(false);
  const shown = roomFrame.value?.roomId ?? null;
  const r = route.value;
  const currentMeeting = r.page === "meeting" ? r.meetingId : null;
  const mentionTotal = view ? totals(view).mentions : 0;
  return (
    <nav id="workspace-sidebar" class="sidebar" data-open={open ? "true" : "false"} aria-label={t("sidebar.label")} onKeyDown={onKeyDown}>
      <button
        id="sidebar-toggle"
        class="button button-small sidebar-toggle"
        type="button"
        aria-expanded={open ? "true" : "false"}
        aria-controls="sidebar-lists"
        onClick={() => setOpen(!open)}
      >
        {t("sidebar.label")}
        {mentionTotal > 0 ? <span class="badge badge-alert" aria-hidden="true">@{formatNumber(mentionTotal)}</span> : null}
      </button>
      <div id="sidebar-lists" class="sidebar-lists">
        {view === null ? <p class="muted" role="status">{t("app.loading")}</p> : (
          <>
            <h2 class="side-heading" id="side-groups">{t("sidebar.groups")}</h2>
            {view.groups.length === 0 ? <p class="muted side-empty">{t("sidebar.noGroups")}</p> : (
              <ul class="side-list" aria-labelledby="side-groups">
                {view.groups.map((g) => (
                  <Item key={g.groupId} to={{ page: "room", roomId: g.room.roomId }} label={g.room.title} room={g.room} current={shown === g.room.roomId} />
                ))}
              </ul>
            )}
            <h2 class="side-heading" id="side-meetings">{t("sidebar.meetings")}</h2>
            {view.meetings.length === 0 ? <p class="muted side-empty">{t("sidebar.noMeetings")}</p> : (
              <ul class="side-list" aria-labelledby="side-meetings">
                {orderedMeetings(view).flatMap((m) => m.sessions.map((s) => (
                  <Item
                    key={`${m.meetingId}/${s.sessionId}`}
                    to={{ page: "meeting", meetingId: m.meetingId, sessionId: s.sessionId }}
                    label={m.sessions.length > 1 ? `${m.title} · ${s.title}` : m.title}
                    room={s.plenary}
                    current={currentMeeting === m.meetingId && (r.page !== "meeting" || !r.sessionId || r.sessionId === s.sessionId)}
                    extra={<span class={`side-state side-state-${m.state}`} data-state={m.state}>{tKnown(`sidebar.state.${m.state}`, m.state)}</span>}
                  />
                )))}
              </ul>
            )}
            <h2 class="side-heading" id="side-rooms">{t("sidebar.rooms")}</h2>
            {view.rooms.length === 0 ? <p class="muted side-empty">{t("sidebar.noRooms")}</p> : (
              <ul class="side-list" aria-labelledby="side-rooms">
                {view.rooms.map((room) => (
                  <Item key={room.roomId} to={{ page: "room", roomId: room.roomId }} label={room.title} room={room} current={shown === room.roomId} />
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </nav>
  );
}
