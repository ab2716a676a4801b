// The console's rooms: the preview of a drafted round and, while it runs, the live overview (who is in each
// room now, messages, help). People move between rooms by drag and drop, or without a mouse: pick a person
// (Enter or Space on their name), then "Move here" on a room; Escape puts them back. A move is the server's
// move endpoint (before the round opens it changes the preview; while it runs, it moves the person live).
import type { RefObject } from "preact";
import { useEffect, useState } from "preact/hooks";
import type * as api from "../meetings-api";
import type { ConsoleView } from "../meeting-console";
import type { OverviewRoom } from "../round-overview";
import { t } from "../i18n";
import { announce } from "../ui/Announcer";

/** The drag's payload type: a person's e-mail. */
const DRAG_TYPE = "text/plain";

interface Props {
  view: ConsoleView;
  breakouts: api.BreakoutView;
  overview: ReadonlyMap<string, OverviewRoom>;
  /** Participants in no room yet (draft): they can be dragged into one. */
  unassigned: readonly api.PersonView[];
  listRef: RefObject<HTMLUListElement | null>;
  /** Moves a person to a room; resolves once the console shows the result (rejects: the console shows why). */
  move: (email: string, roomId: string) => Promise<boolean>;
}

export function BreakoutBoard({ view, breakouts: b, overview, unassigned, listRef, move }: Props) {
  const movable = b.phase === "draft" || b.phase === "open";
  /** The person picked up with the keyboard (or a click), waiting for a room. */
  const [picked, setPicked] = useState<string | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const [focusAfter, setFocusAfter] = useState<string | null>(null);
  const roomOf = new Map(b.rooms.flatMap((r) => r.members.map((m) => [m, r.roomId] as const)));
  const label = (email: string) => {
    const p = view.person(email);
    return p.country ? `${p.displayName} · ${p.country}` : p.displayName;
  };
  const nameOf = (email: string) => view.person(email).displayName;

  useEffect(() => {
    if (!movable) setPicked(null);
  }, [movable]);

  // After a keyboard move the moved person keeps the focus, in their new room.
  useEffect(() => {
    if (!focusAfter) return;
    const target = listRef.current?.querySelector<HTMLElement>(`.member-pick[data-email="${CSS.escape(focusAfter)}"]`);
    if (target) {
      target.focus();
      setFocusAfter(null);
    }
  });

  const moveTo = async (email: string, roomId: string, byKeyboard: boolean) => {
    setPicked(null);
    setOver(null);
    if (roomOf.get(email) === roomId) return;
    const room = b.rooms.find((r) => r.roomId === roomId);
    if (await move(email, roomId)) {
      announce(t("console.movedTo", { name: nameOf(email), room: room?.name ?? roomId }));
      if (byKeyboard) setFocusAfter(email);
    }
  };

  const pick = (email: string) => {
    if (picked === email) {
      setPicked(null);
      announce(t("console.pickCancelled", { name: nameOf(email) }));
      return;
    }
    setPicked(email);
    announce(t("console.picked", { name: nameOf(email) }));
  };

  const member = (email: string, extra: string, hiddenNote: string | null) => (
    <li
      key={email}
      class={`room-member${extra}`}
      dir="auto"
      data-email={email}
      draggable={movable}
      onDragStart={(e) => {
        e.dataTransfer?.setData(DRAG_TYPE, email);
        if (e.dataTransfer) e.dataTransfer.effectAllowed = "move";
      }}
    >
      {movable ? (
        <button
          type="button"
          class="member-pick"
          data-email={email}
          aria-pressed={picked === email ? "true" : "false"}
          aria-describedby="board-pick-hint"
          onClick={() => pick(email)}
        >
          {label(email)}
        </button>
      ) : label(email)}
      {hiddenNote ? <span class="visually-hidden">{hiddenNote}</span> : null}
    </li>
  );

  const dropProps = (roomId: string) => (movable ? {
    onDragOver: (e: DragEvent) => {
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = "move";
      if (over !== roomId) setOver(roomId);
    },
    onDragLeave: () => setOver((o) => (o === roomId ? null : o)),
    onDrop: (e: DragEvent) => {
      e.preventDefault();
      const email = e.dataTransfer?.getData(DRAG_TYPE) ?? "";
      if (email) void moveTo(email, roomId, false);
    },
  } : {});

  return (
    <>
      {/* How to move someone without a mouse: the description of every name button (its name is the name shown). */}
      <span id="board-pick-hint" class="visually-hidden">{t("console.pickHint")}</span>
      <ul
        ref={listRef}
        id="breakout-rooms"
        class={picked ? "room-list picking" : "room-list"}
        tabIndex={-1}
        onKeyDown={(e) => {
          if (e.key === "Escape" && picked) {
            e.preventDefault();
            pick(picked);
          }
        }}
      >
        {b.rooms.map((r) => {
          // While the round runs: who is in the room now, its messages and its help requests (live).
          const live = overview.get(r.roomId);
          const here = new Set(live?.here.map((p) => p.userId) ?? []);
          return (
            <li key={r.roomId} class={over === r.roomId ? "room-item drop-over" : "room-item"} data-room-id={r.roomId} {...dropProps(r.roomId)}>
              <div class="room-item-head">
                <span class="room-item-name" dir="auto">{r.name}</span>
                <span class="muted">{t("console.memberCount", { count: r.members.length })}</span>
                {picked && roomOf.get(picked) !== r.roomId ? (
                  <button class="button button-tiny button-primary drop-here" type="button" onClick={() => void moveTo(picked, r.roomId, true)}>
                    {t("console.moveHere")}
                    <span class="visually-hidden">{t("console.moveHereWhat", { name: nameOf(picked), room: r.name })}</span>
                  </button>
                ) : null}
                {b.phase === "open" ? (
                  <button class="button button-tiny join-room" type="button" aria-label={t("console.joinRoomNamed", { name: r.name })} onClick={() => view.host.visit(r.roomId)}>
                    {t("console.joinRoom")}
                  </button>
                ) : null}
              </div>
              {live ? (
                <p class="room-live">
                  <span class="room-here-count">{t("console.hereCount", { count: live.here.filter((p) => p.member).length })}</span>
                  {" · "}
                  <span class="room-message-count">{live.messages === null ? "…" : t("console.messageCount", { count: live.messages })}</span>
                  {live.help > 0 ? <span class="badge badge-alert room-help-count">{t("console.helpWaiting", { count: live.help })}</span> : null}
                </p>
              ) : null}
              <ul class="room-members">
                {r.members.map((email) => live
                  ? member(email, here.has(email) ? " present" : " away", here.has(email) ? t("console.isHere") : t("console.isAway"))
                  : member(email, "", null))}
                {live?.here.filter((p) => !p.member).map((p) => (
                  <li key={`visit:${p.userId}`} class="room-member room-visitor present" dir="auto" data-email={p.userId}>
                    {t("console.visitor", { name: p.displayName })}
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ul>
      {b.phase === "draft" && unassigned.length > 0 ? (
        <div id="unassigned-pool" class="unassigned-pool">
          <span class="label">{t("console.unassignedPool")}</span>
          <ul class="room-members">{unassigned.map((p) => member(p.email, "", null))}</ul>
        </div>
      ) : null}
    </>
  );
}
