// The message box: Enter sends, Shift+Enter is a new line, a reply bar, the length counter,
// @mention autocomplete from the room's people, and the read-only notice of a closed room.
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { formatNumber, t } from "../i18n";
import { COUNTER_THRESHOLD, MAX_TEXT_LENGTH } from "../protocol";
import type { MessagesView } from "../messages-view";
import { askForNotifications, notificationsAskable } from "./attention";
import { composer, composerActions } from "./composer-state";
import { mentionQuery, mentionedIds, suggest, type Mentionable } from "./rich-text";

export function Composer({ view }: { view: MessagesView }) {
  const area = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const draft = composer.draft.value;
  const inRoom = composer.inRoom.value;
  const closed = composer.closed.value;
  const readOnly = inRoom && (closed || !composer.canWrite.value);
  const reply = composer.replyTo.value;
  const length = draft.trim().length;
  const tooLong = length > MAX_TEXT_LENGTH;
  const error = tooLong ? t("composer.tooLong", { max: formatNumber(MAX_TEXT_LENGTH) }) : composer.error.value;

  useLayoutEffect(() => {
    if (composer.focusRequest.value > 0) area.current?.focus();
  }, [composer.focusRequest.value]);

  const query = readOnly ? null : mentionQuery(draft, caret);
  const people: Mentionable[] = query && dismissed !== query.start ? suggest(view.mentionable(), query.query) : [];
  const open = people.length > 0;
  useEffect(() => setActive(0), [query?.start, query?.query]);

  const send = () => {
    const text = composer.draft.value.trim();
    if (!inRoom || readOnly || text.length === 0 || text.length > MAX_TEXT_LENGTH) return;
    composerActions().send(text, composer.replyTo.value?.seq ?? null, mentionedIds(text, composer.picked.value));
    composer.replyTo.value = null;
    composer.picked.value = [];
    composer.draft.value = "";
    area.current?.focus();
  };

  const pick = (p: Mentionable) => {
    if (!query) return;
    const before = draft.slice(0, query.start);
    const after = draft.slice(caret);
    const inserted = `@${p.displayName} `;
    composer.draft.value = before + inserted + after;
    composer.picked.value = [...composer.picked.value, p];
    const at = before.length + inserted.length;
    setCaret(at);
    requestAnimationFrame(() => {
      area.current?.focus();
      area.current?.setSelectionRange(at, at);
    });
  };

  const listId = "mention-list";
  return (
    <>
      <p id="room-readonly" class="notice room-readonly" hidden={!(inRoom && closed)}>{t("room.readOnly")}</p>
      <form
        id="composer"
        class="composer"
        noValidate
        hidden={inRoom && (closed || !composer.canRead.value)}
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        <div id="reply-bar" class="reply-bar" hidden={!reply}>
          <span id="reply-bar-text" class="reply-bar-text" dir="auto">
            {reply ? t("composer.replyingTo", { name: reply.name, text: reply.text }) : ""}
          </span>
          <button
            id="reply-cancel"
            class="button button-tiny"
            type="button"
            onClick={() => {
              composer.replyTo.value = null;
              area.current?.focus();
            }}
          >
            {t("composer.cancelReply")}
          </button>
        </div>
        <label for="composer-text" class="visually-hidden">{t("composer.label")}</label>
        <textarea
          id="composer-text"
          ref={area}
          class="composer-text"
          rows={1}
          dir="auto"
          value={draft}
          disabled={readOnly}
          placeholder={composer.muted.value && !closed ? t("room.muted") : t("composer.placeholder")}
          aria-describedby="composer-hint char-counter"
          aria-invalid={tooLong ? "true" : "false"}
          aria-autocomplete="list"
          aria-controls={listId}
          aria-activedescendant={open ? `mention-${active}` : undefined}
          onInput={(e) => {
            const el = e.currentTarget;
            composer.draft.value = el.value;
            setCaret(el.selectionStart ?? el.value.length);
            setDismissed(null);
            if (el.value.trim().length > 0) composerActions().typing();
          }}
          onKeyUp={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
          onClick={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
          onKeyDown={(e) => {
            if (open) {
              if (e.key === "ArrowDown" || e.key === "ArrowUp") {
                e.preventDefault();
                const step = e.key === "ArrowDown" ? 1 : people.length - 1;
                setActive((active + step) % people.length);
                return;
              }
              if ((e.key === "Enter" || e.key === "Tab") && !e.isComposing) {
                const p = people[active];
                if (p) {
                  e.preventDefault();
                  pick(p);
                  return;
                }
              }
              if (e.key === "Escape") {
                e.preventDefault();
                setDismissed(query?.start ?? null);
                return;
              }
            }
            if (e.key === "Escape" && composer.replyTo.value) {
              e.preventDefault();
              composer.replyTo.value = null;
              return;
            }
            // Enter sends; Shift+Enter is a newline; never interrupt an IME composition (zh, ja, ...).
            if (e.key !== "Enter" || e.shiftKey || e.isComposing || e.keyCode === 229) return;
            e.preventDefault();
            send();
          }}
        />
        <ul id={listId} class="mention-list" role="listbox" aria-label={t("composer.mentionList")} hidden={!open}>
          {people.map((p, i) => (
            <li
              key={p.userId}
              id={`mention-${i}`}
              role="option"
              class={i === active ? "mention-option mention-option-active" : "mention-option"}
              aria-selected={i === active ? "true" : "false"}
              dir="auto"
              onMouseDown={(e) => {
                e.preventDefault(); // keep the focus in the message box
                pick(p);
              }}
            >
              {p.displayName}
            </li>
          ))}
        </ul>
        <button id="send-button" class="button button-primary send-button" type="submit" disabled={length === 0 || tooLong || !inRoom}>
          {t("composer.send")}
        </button>
        <div class="composer-meta">
          <span id="composer-hint" class="hint composer-hint">{t("composer.hint")}</span>
          {notificationsAskable.value ? (
            <button id="notify-mentions" class="button button-tiny" type="button" onClick={askForNotifications}>
              {t("room.notifyMentions")}
            </button>
          ) : null}
          <span id="char-counter" class={tooLong ? "char-counter over" : "char-counter"} aria-live="polite" hidden={length < COUNTER_THRESHOLD}>
            {length < COUNTER_THRESHOLD ? "" : t("composer.counter", { count: formatNumber(length), max: formatNumber(MAX_TEXT_LENGTH) })}
          </span>
        </div>
        <div id="composer-error" class="alert composer-error" role="alert" hidden={error === null}>{error ?? ""}</div>
      </form>
    </>
  );
}
