// The header: brand, navigation, who is signed in, the connection's state and the language picker.
import { useEffect, useState } from "preact/hooks";
import * as api from "../api";
import { LANGUAGES, currentLanguage, formatNumber, isLanguageCode, setLanguage, t } from "../i18n";
import { openHelp } from "../room/help-alert";
import { connectionState, nextRetryAt, reconnectNow } from "./connection-status";
import { adminHome } from "./nav";
import { profile, signedOut } from "./state";
import { composer, focusComposer } from "../room/composer-state";

export function Topbar() {
  const me = profile.value;
  const admin = adminHome(me);
  return (
    <>
      <SkipLink />
      <header class="topbar">
        <div class="brand">
          <span class="brand-mark" aria-hidden="true"></span>
          <div class="brand-text">
            <span class="brand-name">{t("app.name")}</span>
            <span class="brand-tagline">{t("app.tagline")}</span>
          </div>
        </div>
        <nav id="account-bar" class="account-bar" hidden={!me} aria-label={t("nav.label")}>
          <a class="nav-link" href="#/">{t("nav.chat")}</a>
          <a class="nav-link" href="#/meetings">
          {t("nav.meetings")}
          {openHelp.value > 0 ? (
            <>
              <span id="nav-help-badge" class="badge badge-alert" aria-hidden="true">{formatNumber(openHelp.value)}</span>
              <span class="visually-hidden">{t("console.helpWaiting", { count: openHelp.value })}</span>
            </>
          ) : null}
        </a>
          <a class="nav-link" href="#/groups">{t("nav.groups")}</a>
          <a id="nav-admin" class="nav-link" href={admin ?? "#/agencies"} hidden={admin === null}>{t("nav.agencies")}</a>
          <a id="nav-audit" class="nav-link" href="#/audit" hidden={admin === null}>{t("nav.audit")}</a>
          <a class="nav-link" href="#/account">{t("nav.account")}</a>
        </nav>
        <div class="topbar-end">
          <div id="me-box" class="me-box" hidden={!me}>
            <span class="me-text">
              <strong id="me-name" dir="auto">{me?.displayName ?? ""}</strong>{" "}
              <span id="me-agency" class="muted" dir="auto">
                {me?.agencyId ? `(${me.agencyId})` : me?.isHubAdmin ? `(${t("account.hubAdmin")})` : ""}
              </span>
            </span>
            <button id="sign-out-button" class="button button-small" type="button" onClick={signOut}>
              {t("nav.signOut")}
            </button>
          </div>
          <ConnectionStatus />
          <LanguagePicker />
        </div>
      </header>
      <OfflineBanner />
    </>
  );
}

/** In a room: straight to the message box (without leaving the room); elsewhere: to the page's content. */
function SkipLink() {
  const inRoom = composer.inRoom.value && !composer.closed.value;
  return (
    <a
      class="skip-link"
      href="#main"
      onClick={(e) => {
        e.preventDefault(); // a hash change would be a navigation (and leave the room)
        if (inRoom) {
          focusComposer();
          return;
        }
        const main = document.getElementById("main");
        main?.setAttribute("tabindex", "-1");
        main?.focus();
      }}
    >
      {t(inRoom ? "a11y.skipToComposer" : "a11y.skipToContent")}
    </a>
  );
}

/** Beyond the header's badge: while the connection is down, say so across the page and what still works. */
function OfflineBanner() {
  const state = connectionState.value;
  const down = state === "offline" || state === "reconnecting";
  return (
    <div id="offline-banner" class="offline-banner" role="status" hidden={!down}>
      {down ? t("connection.offlineBanner") : ""}
    </div>
  );
}

function signOut(): void {
  void api.signOut(false).catch(() => undefined).then(() => signedOut());
}

function ConnectionStatus() {
  const state = connectionState.value;
  const retryAt = nextRetryAt.value;
  const now = useSecondTick(state === "offline" && retryAt !== null);
  const seconds = state === "offline" && retryAt !== null ? Math.max(0, Math.ceil((retryAt - now) / 1000)) : null;
  return (
    <div id="connection" class="connection" data-state={state}>
      <span class="connection-dot" aria-hidden="true"></span>
      {/* The live region changes only with the state; the countdown sits beside it, outside. */}
      <span id="connection-text" class="connection-text" role="status" aria-live="polite">{t(`connection.${state}`)}</span>
      <span id="connection-retry" class="connection-retry" hidden={seconds === null}>
        {seconds === null ? "" : t("connection.retryIn", { seconds })}
      </span>
      <button id="reconnect-button" class="button button-small" type="button" hidden={state !== "offline"} onClick={reconnectNow}>
        {t("connection.reconnectNow")}
      </button>
    </div>
  );
}

/** The current time, re-read every second while active. */
function useSecondTick(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [active]);
  return now;
}

function LanguagePicker() {
  const language = currentLanguage();
  return (
    <div class="language">
      <label for="language-select" class="language-label">{t("language.label")}</label>
      <select
        id="language-select"
        value={language.code}
        onChange={(e) => {
          const code = e.currentTarget.value;
          if (isLanguageCode(code)) void setLanguage(code, true);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.locale}>{l.nativeName}</option>
        ))}
      </select>
    </div>
  );
}
