// The room's messages: history controls, confirmed messages and notices, the outbox, jump to newest.
import { useLayoutEffect, useRef, useState } from "preact/hooks";
import type { Signal } from "@preact/signals";
import { formatFullTime, formatMessageTime, formatNumber, t } from "../i18n";
import { QUICK_REACTIONS, isMessage, isNotice, type RoomMessageEvent, type RoomNoticeEvent } from "../room-events";
import { mentionsPerson, segments } from "./rich-text";
import type { MessagesView, Outgoing, ShownEvent } from "../messages-view";
import { profile } from "../app/state";

const BOTTOM_SLACK_PX = 48;
const AVATAR_COLOURS = 8;
/** Messages of one sender closer together than this read as one group (one name and avatar). */
const GROUP_GAP_MS = 5 * 60_000;

export function MessageList({ view }: { view: MessagesView }) {
  const pane = useRef<HTMLDivElement>(null);
  const order = view.order.value;
  const outgoing = view.outgoing.value;
  const history = view.history.value;
  void view.toolsRevision.value;

  useLayoutEffect(() => {
    const el = pane.current;
    if (!el) return;
    view.pane = {
      isAtBottom: () => el.scrollHeight - el.scrollTop - el.clientHeight <= BOTTOM_SLACK_PX,
      fromBottom: () => el.scrollHeight - el.scrollTop,
    };
    return () => {
      view.pane = null;
    };
  }, [view]);

  // After every render: do what the change asked of the scroll position.
  useLayoutEffect(() => {
    const el = pane.current;
    const intent = view.scrollIntent;
    view.scrollIntent = null;
    if (!el || !intent) return;
    el.scrollTop = intent.kind === "bottom" ? el.scrollHeight : el.scrollHeight - intent.fromBottom;
  });

  const empty = order.length === 0 && outgoing.length === 0;
  const unreadFrom = view.unreadFrom.value;
  return (
    <>
      <div
        id="message-pane"
        ref={pane}
        class="message-pane"
        tabIndex={0}
        aria-label={t("room.messagesLabel")}
        role="region"
        onKeyDown={moveThroughMessages}
        onScroll={() => {
          if (!view.pane?.isAtBottom()) return;
          if (view.unseen.value) view.unseen.value = false;
          if (document.visibilityState === "visible") view.markRead();
        }}
      >
        <div class="history-controls">
          <button
            id="load-older"
            class="button button-small"
            type="button"
            hidden={!history.hasOlder}
            disabled={history.loading}
            aria-busy={history.loading ? "true" : "false"}
            onClick={view.onLoadOlder}
          >
            {t(history.loading ? "room.loadingOlder" : "room.loadOlder")}
          </button>
          <p id="history-start" class="muted history-start" hidden={history.hasOlder || order.length === 0}>
            {t("room.historyStart")}
          </p>
        </div>
        <p id="empty-room" class="muted empty-room" hidden={!empty}>{t("room.empty")}</p>
        <ol id="message-list" class="message-list">
          {order.map((seq, i) => {
            const e = view.event(seq);
            if (!e) return null;
            const before = i > 0 ? view.event(order[i - 1] ?? 0) : undefined;
            const unreadHere = seq === unreadFrom;
            return <ShownItem key={seq} view={view} event={e} continues={!unreadHere && continues(before?.peek(), e.peek())} unread={unreadHere} />;
          })}
        </ol>
        <ol id="pending-list" class="message-list pending-list">
          {outgoing.map((o) => <OutgoingItem key={o.clientMessageId} view={view} item={o} />)}
        </ol>
      </div>
      <div class="new-messages-anchor">
        <button id="new-messages" class="button new-messages" type="button" hidden={!view.unseen.value} onClick={() => view.scrollToBottom()}>
          {t("room.newMessages")}
        </button>
      </div>
    </>
  );
}

/**
 * Arrow keys move through the messages (from the pane or a message, not from inside a tool or editor);
 * Home and End go to the first and the newest. Each message is focusable, its tools follow it in Tab order.
 */
function moveThroughMessages(e: KeyboardEvent): void {
  const target = e.target as HTMLElement;
  const pane = e.currentTarget as HTMLElement;
  if (target !== pane && !target.matches("#message-list > li")) return;
  const items = [...pane.querySelectorAll<HTMLElement>("#message-list > li")];
  if (items.length === 0) return;
  const at = items.indexOf(target);
  const next =
    e.key === "ArrowDown" ? (at < 0 ? items.length - 1 : Math.min(at + 1, items.length - 1))
    : e.key === "ArrowUp" ? (at < 0 ? items.length - 1 : Math.max(at - 1, 0))
    : e.key === "Home" ? 0
    : e.key === "End" ? items.length - 1
    : null;
  if (next === null) return;
  e.preventDefault();
  items[next]?.focus();
}

/** A message continues the group of the one before: same sender, soon after, not a reply. */
function continues(before: ShownEvent | undefined, e: ShownEvent): boolean {
  if (!before || !isMessage(before) || !isMessage(e) || e.payload.replyToSeq) return false;
  if (before.actor.userId !== e.actor.userId) return false;
  const gap = Date.parse(e.time) - Date.parse(before.time);
  return gap >= 0 && gap < GROUP_GAP_MS;
}

interface ItemProps {
  view: MessagesView;
  /** Same sender as the message above: name and avatar are not repeated (the name stays for screen readers). */
  continues: boolean;
  /** The first message that arrived while the reader was away: the "new" divider goes above it. */
  unread: boolean;
}

function ShownItem({ event, ...props }: ItemProps & { event: Signal<ShownEvent> }) {
  const e = event.value;
  return isNotice(e) ? <NoticeItem {...props} event={e} /> : <MessageItem {...props} event={e} />;
}

function itemClass(base: string, props: ItemProps): string {
  return `${base}${props.continues ? " message-continued" : ""}${props.unread ? " first-unread" : ""}`;
}

function NoticeItem(props: ItemProps & { event: RoomNoticeEvent }) {
  const { view, event } = props;
  const described = view.messageActions?.describeNotice(event) ?? null;
  if (!described) return null;
  return (
    <li
      tabIndex={-1}
      class={itemClass(described.prominent ? "notice-line notice-prominent" : "notice-line", props)}
      data-seq={event.seq}
      data-notice={event.payload.noticeType}
      data-unread-label={props.unread ? t("room.unreadDivider") : undefined}
    >
      <p class="notice-text" dir="auto">{described.text}</p>
      <time class="message-time" dateTime={event.time}>{formatMessageTime(event.time)}</time>
    </li>
  );
}

function MessageItem(props: ItemProps & { event: RoomMessageEvent }) {
  const { view, event } = props;
  void view.toolsRevision.value;
  const [editing, setEditing] = useState(false);
  const me = view.me();
  const own = event.actor.userId === me.userId;
  const p = event.payload;
  const people = view.people.value;
  const parts = p.deleted ? [] : segments(p.text, [...people].map(([userId, displayName]) => ({ userId, displayName })));
  // The message's structured mentions decide (older messages, which have none: their text).
  const mentionsMe = !own && !p.deleted && mentionsPerson(p, me);
  const classes = `message${own ? " message-own" : ""}${p.deleted ? " message-deleted" : ""}${mentionsMe ? " message-mentions-me" : ""}`;
  return (
    <li
      tabIndex={-1}
      class={itemClass(classes, props)}
      data-seq={event.seq}
      data-client-message-id={p.clientMessageId}
      data-unread-label={props.unread ? t("room.unreadDivider") : undefined}
    >
      <Avatar name={event.actor.displayName} id={event.actor.userId} />
      <div class="message-body">
        <div class="message-head">
          <span class={props.continues ? "message-sender visually-hidden" : "message-sender"} dir="auto">{event.actor.displayName}</span>
          <time class="message-time" dateTime={event.time} title={formatFullTime(event.time)}>{formatMessageTime(event.time)}</time>
          {p.editedAt && !p.deleted ? <span class="message-edited" title={formatFullTime(p.editedAt)}>{t("message.edited")}</span> : null}
          {!p.deleted ? <MessageTools view={view} event={event} own={own} onEdit={() => setEditing(true)} /> : null}
        </div>
        {p.replyToSeq ? <Quote view={view} seq={p.replyToSeq} /> : null}
        {p.deleted ? (
          <p class="message-deleted-text">{t("message.deleted")}</p>
        ) : (
          <p class="message-text" dir="auto" hidden={editing}>
            {parts.map((part, i) =>
              part.kind === "link" ? (
                <a key={i} href={part.href} target="_blank" rel="noopener noreferrer">{part.text}</a>
              ) : part.kind === "mention" ? (
                <span key={i} class={part.userId === me.userId ? "mention mention-me" : "mention"} dir="auto">{part.text}</span>
              ) : (
                part.text
              ),
            )}
          </p>
        )}
        {editing && !p.deleted ? <InlineEditor view={view} event={event} close={() => setEditing(false)} /> : null}
        {!p.deleted ? <Reactions view={view} event={event} /> : null}
      </div>
    </li>
  );
}

/** The quoted message a reply answers: its sender and the start of its text. */
function Quote({ view, seq }: { view: MessagesView; seq: number }) {
  const target = view.event(seq)?.value;
  if (!target || isNotice(target)) {
    return <blockquote class="message-quote"><span class="muted">{t("message.replyToOlder")}</span></blockquote>;
  }
  return (
    <blockquote class="message-quote">
      <span class="message-quote-sender">{t("message.replyTo", { name: target.actor.displayName })}</span>
      <span class="message-quote-text" dir="auto">{target.payload.deleted ? t("message.deleted") : target.payload.text.slice(0, 200)}</span>
    </blockquote>
  );
}

function Reactions({ view, event }: { view: MessagesView; event: RoomMessageEvent }) {
  const list = event.payload.reactions.filter((r) => r.userIds.length > 0);
  if (list.length === 0) return null;
  const me = view.me().userId;
  return (
    <div class="message-reactions" role="group" aria-label={t("message.reactions")}>
      {list.map((r) => {
        const mine = r.userIds.includes(me);
        return (
          <button
            key={r.emoji}
            type="button"
            class={mine ? "reaction reaction-mine" : "reaction"}
            data-tool={`reaction:${r.emoji}`}
            data-emoji={r.emoji}
            aria-pressed={mine ? "true" : "false"}
            aria-label={t("message.reactionLabel", { emoji: r.emoji, count: formatNumber(r.userIds.length) })}
            onClick={() => view.messageActions?.react(event.seq, r.emoji, !mine)}
          >
            <span class="reaction-emoji">{r.emoji}</span>
            <span class="reaction-count">{formatNumber(r.userIds.length)}</span>
          </button>
        );
      })}
    </div>
  );
}

/** Reply, react, edit and delete: plain buttons, so the keyboard reaches them in reading order. */
function MessageTools({ view, event, own, onEdit }: { view: MessagesView; event: RoomMessageEvent; own: boolean; onEdit: () => void }) {
  const [picking, setPicking] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const reactButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const firstPick = useRef<HTMLButtonElement>(null);
  const yes = useRef<HTMLButtonElement>(null);
  const a = view.messageActions;
  useLayoutEffect(() => {
    if (picking) firstPick.current?.focus();
  }, [picking]);
  useLayoutEffect(() => {
    if (confirming) yes.current?.focus();
  }, [confirming]);
  if (!a) return <div class="message-tools" role="group" aria-label={t("message.tools", { name: event.actor.displayName })} />;
  const write = a.canWrite();
  const me = view.me().userId;
  const mayDelete = (own && a.canDeleteOwn()) || a.canModerate();
  const cancelDelete = () => {
    setConfirming(false);
    deleteButton.current?.focus();
  };
  return (
    <div class="message-tools" role="group" aria-label={t("message.tools", { name: event.actor.displayName })}>
      {write ? <Tool name="reply" label={t("message.reply")} onClick={() => a.reply(event.seq)} /> : null}
      {write ? (
        <button ref={reactButton} type="button" class="button button-tiny" data-tool="react" aria-expanded={picking ? "true" : "false"} onClick={() => setPicking(!picking)}>
          {t("message.react")}
        </button>
      ) : null}
      {own && write ? <Tool name="edit" label={t("message.editOwn")} onClick={onEdit} /> : null}
      {mayDelete ? (
        <button ref={deleteButton} type="button" class="button button-tiny" data-tool="delete" onClick={() => setConfirming(true)}>
          {own ? t("message.delete") : t("message.deleteAsModerator")}
        </button>
      ) : null}
      {mayDelete && confirming ? (
        <span class="confirm-delete" role="group" aria-label={t("message.confirmDelete")}>
          <span class="confirm-delete-text">{t("message.confirmDelete")}</span>
          <button
            ref={yes}
            type="button"
            class="button button-tiny button-danger"
            data-tool="confirm-delete"
            disabled={deleting}
            onClick={() => {
              setDeleting(true);
              void a.remove(event.seq).catch(() => {
                setDeleting(false);
                cancelDelete();
              });
            }}
          >
            {t("message.deleteYes")}
          </button>
          <Tool name="cancel-delete" label={t("message.cancel")} onClick={cancelDelete} />
        </span>
      ) : null}
      {write ? (
        <div
          class="reaction-picker"
          hidden={!picking}
          role="group"
          aria-label={t("message.pickReaction")}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              setPicking(false);
              reactButton.current?.focus();
            }
          }}
        >
          {QUICK_REACTIONS.map((emoji, i) => {
            const mine = event.payload.reactions.some((r) => r.emoji === emoji && r.userIds.includes(me));
            return (
              <button
                key={emoji}
                ref={i === 0 ? firstPick : null}
                type="button"
                class="button button-tiny reaction-pick"
                data-tool={`pick:${emoji}`}
                aria-label={t("message.reactWith", { emoji })}
                onClick={() => {
                  setPicking(false);
                  a.react(event.seq, emoji, !mine);
                }}
              >
                {emoji}
              </button>
            );
          })}
        </div>
      ) : null}
    </div>
  );
}

/** Inline editor in place of the text: Enter saves, Escape cancels. */
function InlineEditor({ view, event, close }: { view: MessagesView; event: RoomMessageEvent; close: () => void }) {
  const area = useRef<HTMLTextAreaElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const [saving, setSaving] = useState(false);
  useLayoutEffect(() => {
    area.current?.focus();
  }, []);
  // Closing goes back to the message's edit tool (it stays rendered while the editor is open).
  const finish = () => {
    form.current?.closest("li")?.querySelector<HTMLElement>('[data-tool="edit"]')?.focus();
    close();
  };
  return (
    <form
      ref={form}
      class="message-edit"
      onSubmit={(e) => {
        e.preventDefault();
        const text = (area.current?.value ?? "").trim();
        const a = view.messageActions;
        if (!a || !text || text === event.payload.text) {
          finish();
          return;
        }
        setSaving(true);
        void a.edit(event.seq, text).then(finish, () => {
          setSaving(false);
          area.current?.focus();
        });
      }}
    >
      <textarea
        ref={area}
        class="message-edit-text"
        dir="auto"
        rows={2}
        aria-label={t("message.editLabel")}
        defaultValue={event.payload.text}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            finish();
          } else if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            form.current?.requestSubmit();
          }
        }}
      />
      <div class="message-actions">
        <button type="submit" class="button button-small button-primary" disabled={saving}>{t("message.save")}</button>
        <button type="button" class="button button-small" onClick={finish}>{t("message.cancel")}</button>
      </div>
    </form>
  );
}

function OutgoingItem({ view, item }: { view: MessagesView; item: Outgoing }) {
  const stateText = item.state === "failed" ? t("message.failed") : item.state === "queued" ? t("message.waiting") : t("message.sending");
  return (
    <li class={`message message-own message-${item.state}`} data-client-message-id={item.clientMessageId}>
      <Avatar name={profile.value?.displayName ?? ""} id={view.me().userId} />
      <div class="message-body">
        <div class="message-head">
          <span class="message-sender" dir="auto">{t("room.you")}</span>
          <span class="message-state">{stateText}</span>
        </div>
        {item.replyToSeq ? <Quote view={view} seq={item.replyToSeq} /> : null}
        <p class="message-text" dir="auto">{item.text}</p>
        {item.state === "failed" ? (
          <div class="message-error" role="alert">
            <span class="message-error-text">{item.error ?? t("message.failed")}</span>
            <div class="message-actions">
              <button type="button" class="button button-small button-primary" onClick={() => view.actions.retry(item.clientMessageId)}>{t("message.retry")}</button>
              <button type="button" class="button button-small" onClick={() => view.actions.edit(item.clientMessageId)}>{t("message.edit")}</button>
              <button type="button" class="button button-small" onClick={() => view.actions.discard(item.clientMessageId)}>{t("message.discard")}</button>
            </div>
          </div>
        ) : null}
      </div>
    </li>
  );
}

function Tool({ name, label, onClick }: { name: string; label: string; onClick: () => void }) {
  return <button type="button" class="button button-tiny" data-tool={name} onClick={onClick}>{label}</button>;
}

function Avatar({ name, id }: { name: string; id: string }) {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) | 0;
  const first = [...name.trim()][0] ?? "?";
  return <span class={`avatar avatar-c${Math.abs(hash) % AVATAR_COLOURS}`} aria-hidden="true">{first.toLocaleUpperCase()}</span>;
}
