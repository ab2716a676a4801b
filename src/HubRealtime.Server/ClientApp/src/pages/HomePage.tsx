// The landing page (#/): what is happening now in my workspace — live meetings and the rounds I am in
// (with "go to my room"), rooms with unread messages or mentions, upcoming meetings — and, below, the
// join-or-create-a-room-by-id form.
import { formatFullTime, t } from "../i18n";
import { happeningNow, type ActiveRoom } from "../workspace";
import { routeHref, type Route } from "../app/routes";
import { workspace } from "../app/workspace-state";
import { JoinPage } from "./JoinPage";

function targetOf(a: ActiveRoom): Route {
  return a.kind === "meeting" && a.meetingId ? { page: "meeting", meetingId: a.meetingId, sessionId: a.sessionId ?? "" } : { page: "room", roomId: a.room.roomId };
}

function Now() {
  const view = workspace.value;
  if (!view) return <p class="muted" role="status">{t("app.loading")}</p>;
  const now = happeningNow(view);
  const nothing = now.live.length === 0 && now.active.length === 0 && now.upcoming.length === 0;
  return (
    <>
      {nothing ? <p id="home-nothing" class="muted">{t("home.nothing")}</p> : null}
      {now.live.length > 0 ? (
        <section class="home-part" aria-labelledby="home-live">
          <h2 id="home-live">{t("home.live")}</h2>
          <ul id="home-live-list" class="home-list">
            {now.live.map((m) => (
              <li key={m.meetingId} class="home-item" data-meeting={m.meetingId}>
                <a href={routeHref({ page: "meeting", meetingId: m.meetingId, sessionId: m.sessions[0]?.sessionId ?? "" })} dir="auto">{m.title}</a>
                {" "}<span class="side-state side-state-live">{t("sidebar.state.live")}</span>
                {now.rounds.filter((r) => r.meeting === m).map((r) => (
                  <p key={r.session.sessionId} class="home-round">
                    {t("home.roundOpen", { round: r.round.round })}
                    {r.round.myRoomId ? (
                      <>
                        {" "}
                        <a class="button button-small button-primary home-go" href={routeHref({ page: "meeting", meetingId: m.meetingId, sessionId: r.session.sessionId })}>
                          {t("home.goToRoom", { room: r.round.myRoomName ?? r.round.myRoomId })}
                        </a>
                      </>
                    ) : null}
                  </p>
                ))}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {now.active.length > 0 ? (
        <section class="home-part" aria-labelledby="home-activity">
          <h2 id="home-activity">{t("home.activity")}</h2>
          <ul id="home-activity-list" class="home-list">
            {now.active.map((a) => (
              <li key={a.room.roomId} class="home-item" data-room={a.room.roomId}>
                <a href={routeHref(targetOf(a))} dir="auto">{a.room.title}</a>
                {" "}<span class="muted">{t("sidebar.unread", { count: a.room.unread })}</span>
                {a.room.mentions > 0 ? <> <span class="badge badge-alert">{t("sidebar.mentions", { count: a.room.mentions })}</span></> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {now.upcoming.length > 0 ? (
        <section class="home-part" aria-labelledby="home-upcoming">
          <h2 id="home-upcoming">{t("home.upcoming")}</h2>
          <ul id="home-upcoming-list" class="home-list">
            {now.upcoming.map((m) => (
              <li key={m.meetingId} class="home-item" data-meeting={m.meetingId}>
                <a href={routeHref({ page: "meeting", meetingId: m.meetingId, sessionId: m.sessions[0]?.sessionId ?? "" })} dir="auto">{m.title}</a>
                {" "}<span class="muted">{t("home.startsAt", { time: formatFullTime(m.startsAt) })}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

export function HomePage() {
  return (
    <div class="home-page">
      <section id="home-now" class="card home-now" aria-labelledby="home-heading">
        <h1 id="home-heading">{t("home.heading")}</h1>
        <Now />
      </section>
      <JoinPage secondary />
    </div>
  );
}
