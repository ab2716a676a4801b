// Getting the reader's attention while they are away: the title badge ("(3)" unread, "(@2)" mentions)
// and a browser notification for a mention, if they allowed notifications.
import { effect, signal } from "@preact/signals";
import { formatNumber, t } from "../i18n";
import type { MessagesView } from "../messages-view";
import type { RoomMessageEvent } from "../room-events";
import { openHelp } from "./help-alert";

/** The page's own title (room name or app name); the badge goes in front of it. */
export const baseTitle = signal("");

/** Whether the browser can show notifications and the reader has not decided yet. */
export const notificationsAskable = signal(typeof Notification !== "undefined" && Notification.permission === "default");

export function askForNotifications(): void {
  if (typeof Notification === "undefined") return;
  void Notification.requestPermission().then(() => {
    notificationsAskable.value = Notification.permission === "default";
  });
}

/** Keeps the title in step with the unread counts, and notifies of mentions while the page is hidden. */
export function watchAttention(view: MessagesView, roomTitle: () => string): void {
  effect(() => {
    const u = view.unread.value;
    const badge = u.mentions > 0 ? `(@${formatNumber(u.mentions)}) ` : u.messages > 0 ? `(${formatNumber(u.messages)}) ` : "";
    // A facilitator's open help requests come first: someone is waiting.
    const help = openHelp.value > 0 ? `(!${formatNumber(openHelp.value)}) ` : "";
    document.title = help + badge + (baseTitle.value || t("app.documentTitle"));
  });
  view.onMention = (e) => notifyMention(e, roomTitle());
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && (view.pane?.isAtBottom() ?? true)) view.markRead();
  });
}

function notifyMention(e: RoomMessageEvent, room: string): void {
  if (document.visibilityState === "visible" || typeof Notification === "undefined" || Notification.permission !== "granted") return;
  const n = new Notification(t("notification.mention", { name: e.actor.displayName, room }), {
    body: e.payload.text.slice(0, 200),
    tag: `mention-${e.seq}`,
    lang: document.documentElement.lang,
    dir: document.documentElement.dir === "rtl" ? "rtl" : "ltr",
  });
  n.onclick = () => {
    window.focus();
    n.close();
  };
}
