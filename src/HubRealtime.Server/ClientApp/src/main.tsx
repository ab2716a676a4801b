import "./styles.css";
import { render } from "preact";
import { Topbar } from "./app/Topbar";
import { Pages } from "./app/App";
import { refreshSession, route } from "./app/state";
import { detectLanguage, setLanguage, t } from "./i18n";
import { meetings, messages, presence } from "./legacy";
import { BackToPlenary, MeetingBanner, MeetingPanel } from "./room/MeetingPanel";
import { PresencePanel, TypingLine } from "./room/PresencePanel";
import { MessageList } from "./room/MessageList";
import { Composer } from "./room/Composer";

async function boot(): Promise<void> {
  await setLanguage(detectLanguage(), false);
  const bootText = document.querySelector("#boot .boot-text");
  if (bootText) bootText.textContent = t("app.loading");
  render(<Topbar />, document.getElementById("topbar-root")!);
  render(<Pages />, document.getElementById("page-root")!);
  render(<MessageList view={messages} />, document.getElementById("messages-root")!);
  render(<Composer view={messages} />, document.getElementById("composer-root")!);
  render(<PresencePanel view={presence} />, document.getElementById("presence-root")!);
  render(<TypingLine view={presence} />, document.getElementById("typing-root")!);
  render(<BackToPlenary pages={meetings} />, document.getElementById("back-to-plenary-root")!);
  render(<MeetingBanner pages={meetings} />, document.getElementById("meeting-banner-root")!);
  render(<MeetingPanel pages={meetings} />, document.getElementById("meeting-panel-root")!);
  if (route.value.page !== "accept") await refreshSession();
  document.body.classList.remove("loading");
  document.getElementById("boot")?.remove();
}

void boot();
