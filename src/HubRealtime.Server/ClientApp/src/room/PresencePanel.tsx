// Who is in the room (and, in a working group's room, who of its members is not), mute buttons for
// moderators, and the typing line under the messages.
import { useRef, useState } from "preact/hooks";
import { formatNumber, t } from "../i18n";
import type { PanelPerson, PresenceView } from "../presence-view";

export function PresencePanel({ view }: { view: PresenceView }) {
  void view.revision.value;
  const people = view.people();
  const here = people.filter((p) => p.online).length;
  const group = view.members.value !== null;
  const count = people.length === 0 ? "" : group ? `(${t("presence.onlineOf", { online: here, total: people.length })})` : `(${formatNumber(here)})`;
  return (
    <section class="side-section" aria-labelledby="presence-heading">
      <h2 id="presence-heading" class="side-heading">
        <span>{t(group ? "presence.groupHeading" : "presence.heading")}</span> <span id="presence-count" class="muted">{count}</span>
      </h2>
      <ul id="presence-list" class="presence-list">
        {people.map((p) => <Person key={p.userId} view={view} person={p} />)}
      </ul>
    </section>
  );
}

function Person({ view, person }: { view: PresenceView; person: PanelPerson }) {
  const me = person.userId === view.me();
  const name = me ? t("presence.you", { name: person.displayName }) : person.displayName;
  return (
    <li class={person.online ? "presence-user" : "presence-user presence-offline"} data-user-id={person.userId}>
      <span class="presence-dot" aria-hidden="true"></span>
      <span class="presence-name" dir="auto">{name}</span>
      {!person.online ? <span class="visually-hidden">{t("presence.offline")}</span> : null}
      {person.online && !me && view.moderation.canModerate() ? <MuteButton view={view} person={person} /> : null}
    </li>
  );
}

function MuteButton({ view, person }: { view: PresenceView; person: PanelPerson }) {
  const [busy, setBusy] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const muted = view.isMuted(person.userId);
  return (
    <button
      ref={button}
      type="button"
      class="button button-tiny mute-button"
      aria-pressed={muted ? "true" : "false"}
      aria-label={t(muted ? "presence.unmuteNamed" : "presence.muteNamed", { name: person.displayName })}
      disabled={busy}
      onClick={() => {
        setBusy(true);
        void view.setMuted(person.userId, !muted).finally(() => {
          setBusy(false);
          button.current?.focus();
        });
      }}
    >
      {muted ? t("presence.unmute") : t("presence.mute")}
    </button>
  );
}

/** "Ann is typing…" under the messages (a polite live region). */
export function TypingLine({ view }: { view: PresenceView }) {
  void view.revision.value;
  const names = view.typingNames();
  const text =
    names.length === 0 ? ""
    : names.length === 1 ? t("typing.one", { name: names[0] ?? "" })
    : names.length === 2 ? t("typing.two", { first: names[0] ?? "", second: names[1] ?? "" })
    : t("typing.many");
  return <p id="typing-indicator" class="typing-indicator muted" aria-live="polite">{text}</p>;
}
