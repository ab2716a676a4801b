// The whole page: the header, and the page for the session's gate (sign-in, forced steps) or, once
// ready, the route.
import { useEffect } from "preact/hooks";
import type { JSX } from "preact";
import type { Profile } from "../api";
import { openFailure } from "../meetings";
import { followRoute, roomFrame } from "../room/room-controller";
import { RoomView } from "../room/RoomView";
import { Announcer } from "../ui/Announcer";
import { JoinPage } from "../pages/JoinPage";
import { HomePage } from "../pages/HomePage";
import { Sidebar } from "./Sidebar";
import { MeetingAlerts } from "./MeetingAlerts";
import { AcceptPage } from "../pages/AcceptPage";
import { AccountPage } from "../pages/AccountPage";
import { AgenciesPage } from "../pages/AgenciesPage";
import { AgencyPage } from "../pages/AgencyPage";
import { AuditPage } from "../pages/AuditPage";
import { GroupPage } from "../pages/GroupPage";
import { GroupsPage } from "../pages/GroupsPage";
import { MeetingsPage } from "../pages/MeetingsPage";
import { MfaPage } from "../pages/MfaPage";
import { PasswordPage } from "../pages/PasswordPage";
import { SignInPage } from "../pages/SignInPage";
import { t } from "../i18n";
import type { Route } from "./routes";
import { gate, profile, route, type Gate } from "./state";
import { Topbar } from "./Topbar";

function pageFor(r: Route, g: Gate, me: Profile | null): JSX.Element {
  // The invitation page works signed out, whatever the session.
  if (r.page === "accept") return <AcceptPage token={r.token} />;
  switch (g.step) {
    case "loading":
      return <p class="page-loading" role="status">{t("app.loading")}</p>;
    case "signin":
      return <SignInPage error={g.error} />;
    // The forced steps and the ones asked for from the account page start afresh (keys) when one turns into the other.
    case "password":
      return <PasswordPage key="forced" forced />;
    case "mfa":
      return <MfaPage key="forced" forced />;
    case "ready":
      break;
  }
  switch (r.page) {
    case "account":
      return <AccountPage />;
    case "password":
      return <PasswordPage key="asked" forced={false} />;
    case "mfa":
      return <MfaPage key="asked" forced={false} />;
    case "groups":
      return <GroupsPage />;
    case "group":
      return <GroupPage groupId={r.groupId} />;
    case "agencies":
      // An agency admin's "Agencies" is their own agency.
      return me && !me.isHubAdmin && me.agencyId ? <AgencyPage agencyId={me.agencyId} /> : <AgenciesPage />;
    case "agency":
      return <AgencyPage agencyId={r.agencyId} />;
    case "audit":
      return <AuditPage />;
    case "meetings":
      return <MeetingsPage />;
    case "meeting": {
      // The meeting opens its room; when it cannot be opened, the list says why.
      const failed = openFailure.value;
      if (failed?.route === r) return <MeetingsPage key="failed" error={failed.text} />;
      const frame = roomFrame.value;
      return frame ? <RoomView frame={frame} /> : <p class="page-loading" role="status">{t("app.loading")}</p>;
    }
    case "room": {
      // Until the room's join is answered, the join form shows it joining (or why it could not).
      const frame = roomFrame.value;
      return frame?.roomId === r.roomId ? <RoomView frame={frame} /> : <JoinPage />;
    }
    case "home":
      return <HomePage />;
  }
}

function Pages() {
  const r = route.value;
  const g = gate.value;
  // The route decides which room is joined (none outside the room and meeting pages).
  useEffect(() => void followRoute(r, g), [r, g]);
  return pageFor(r, g, profile.value);
}

export function App() {
  return (
    <>
      <Topbar />
      <div class="workspace-layout">
        {gate.value.step === "ready" && route.value.page !== "accept" ? <Sidebar /> : null}
        <main id="main" class="main">
          {gate.value.step === "ready" ? <MeetingAlerts /> : null}
          <Pages />
        </main>
      </div>
      <Announcer />
    </>
  );
}
