// The facilitator console of one session: draft rooms, assign (all modes), preview, open with a timer,
// extend, move, close all, broadcast, the people of the meeting and the help queue.
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import * as api from "../meetings-api";
import { NOTE_TEMPLATE_MAX, checkNoteTemplate } from "../breakout-notes";
import { splitList } from "../forms";
import { formatMessageTime, formatNumber, t } from "../i18n";
import { helpSoundOff, setHelpSoundOff } from "./help-alert";
import type { ConsoleView } from "../meeting-console";
import { ErrorBox } from "../ui/ErrorBox";
import { BreakoutBoard } from "./BreakoutBoard";
import { consoleWide, setConsoleWide } from "./console-layout";
import { MAX_OVERVIEW_ROOMS } from "../meetings";
import { Option } from "../ui/Option";
import { useActions } from "../ui/use-action";
import { useFocusLater } from "../ui/use-fields";

/** A roster CSV of a few thousand lines is far below this. */
const MAX_CSV_BYTES = 512 * 1024;

const MODES = ["balanced", "random", "manual", "selfSelect", "csv"] as const;

function defaultNames(count: string): string {
  const n = Math.max(2, Math.min(400, Number(count) || 3));
  return Array.from({ length: n }, (_, i) => t("console.defaultRoomName", { n: i + 1 })).join("\n");
}

export function FacilitatorConsole({ view }: { view: ConsoleView }) {
  void view.revision.value;
  const meeting = view.meeting;
  const session = view.session;
  const host = view.host;
  const actions = useActions();
  const focusLater = useFocusLater();
  const [draftCount, setDraftCount] = useState("3");
  const [draftNames, setDraftNames] = useState("");
  const [mode, setMode] = useState<(typeof MODES)[number]>("balanced");
  const [cap, setCap] = useState("5");
  const [csv, setCsv] = useState("");
  /** Manual placements chosen here and not yet sent (the others show the current room). */
  const [manual, setManual] = useState<Readonly<Record<string, string>>>({});
  const [duration, setDuration] = useState("15");
  const [warnings, setWarnings] = useState("5, 1");
  const [noteTemplate, setNoteTemplate] = useState("");
  const [extendMinutes, setExtendMinutes] = useState("5");
  const [moveEmail, setMoveEmail] = useState("");
  const [moveRoom, setMoveRoom] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [broadcastText, setBroadcastText] = useState("");
  const [peopleEmails, setPeopleEmails] = useState("");
  const [asFacilitators, setAsFacilitators] = useState(false);
  const draftBox = useRef<HTMLDetailsElement>(null);
  const draftNamesInput = useRef<HTMLTextAreaElement>(null);
  const assignBox = useRef<HTMLDetailsElement>(null);
  const assignMode = useRef<HTMLSelectElement>(null);
  const capInput = useRef<HTMLInputElement>(null);
  const csvInput = useRef<HTMLTextAreaElement>(null);
  const roomList = useRef<HTMLUListElement>(null);
  const durationInput = useRef<HTMLInputElement>(null);
  const warningsInput = useRef<HTMLInputElement>(null);
  const noteTemplateInput = useRef<HTMLTextAreaElement>(null);
  const closeConfirm = useRef<HTMLButtonElement>(null);
  const broadcastInput = useRef<HTMLTextAreaElement>(null);
  const peopleInput = useRef<HTMLTextAreaElement>(null);

  const b = session?.breakouts ?? null;
  const phase = b?.phase ?? "none";
  const sessionKey = meeting && session ? `${meeting.meetingId}/${session.sessionId}` : "";

  // Another session (or the console shown anew): room names to start from, the draft step open when it is next.
  useLayoutEffect(() => {
    if (!sessionKey) return;
    setDraftNames((names) => names || defaultNames(draftCount));
    if (draftBox.current) draftBox.current.open = phase === "none" || phase === "closed";
  }, [sessionKey]);

  useEffect(() => {
    if (phase !== "open") setConfirming(false);
  }, [phase]);

  if (!meeting || !session || !b) {
    return <section id="facilitator-console" class="side-section console" aria-labelledby="console-heading" hidden></section>;
  }

  const meetingId = meeting.meetingId;
  const sessionId = session.sessionId;
  const participants = meeting.participants;
  const assigned = new Set(b.rooms.flatMap((r) => r.members));
  const current = new Map(b.rooms.flatMap((r) => r.members.map((m) => [m, r.roomId] as const)));
  const left = participants.filter((p) => !assigned.has(p.email));
  const moveWho = participants.some((p) => p.email === moveEmail) ? moveEmail : (participants[0]?.email ?? "");
  const moveTo = b.rooms.some((r) => r.roomId === moveRoom) ? moveRoom : (b.rooms[0]?.roomId ?? "");
  const overview = new Map(host.overview().map((r) => [r.roomId, r] as const));
  const people = [
    ...meeting.facilitators.map((p) => ({ ...p, facilitator: true })),
    ...participants.map((p) => ({ ...p, facilitator: false })),
  ];

  const fillNames = (force: boolean, count = draftCount) => {
    if (!force && draftNames.trim()) return;
    setDraftNames(defaultNames(count));
  };

  const draft = () => {
    const names = draftNames.split("\n").map((n) => n.trim()).filter((n) => n.length > 0);
    if (names.length < 2) {
      actions.setError(t("console.needTwoRooms"));
      draftNamesInput.current?.focus();
      return;
    }
    void actions.run("draft", async () => {
      await host.reload(await api.draft(meetingId, sessionId, names));
      if (assignBox.current) assignBox.current.open = true;
      focusLater(assignMode);
    });
  };

  const assignRequest = (): api.AssignRequest | null => {
    switch (mode) {
      case "selfSelect": {
        const n = Number(cap);
        if (!Number.isInteger(n) || n < 1) {
          actions.setError(t("console.badCap"));
          capInput.current?.focus();
          return null;
        }
        return { mode, cap: n };
      }
      case "csv":
        if (!csv.trim()) {
          actions.setError(t("console.csvRequired"));
          csvInput.current?.focus();
          return null;
        }
        return { mode, csv };
      case "manual": {
        const assignments = participants
          .map((p) => ({ email: p.email, roomId: manual[p.email] ?? current.get(p.email) ?? "" }))
          .filter((a) => a.roomId);
        return { mode, assignments };
      }
      default:
        return { mode };
    }
  };

  const assign = () => {
    const request = assignRequest();
    if (!request) return;
    void actions.run("assign", async () => {
      await host.reload(await api.assign(meetingId, sessionId, request));
      setManual({});
      focusLater(roomList);
    });
  };

  const open = () => {
    const minutes = Number(duration);
    const times = warnings.split(/[,;\s]+/).filter((w) => w.length > 0).map(Number);
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 240) {
      actions.setError(t("console.badDuration"));
      durationInput.current?.focus();
      return;
    }
    if (times.some((w) => !Number.isInteger(w) || w < 1 || w >= minutes)) {
      actions.setError(t("console.badWarnings"));
      warningsInput.current?.focus();
      return;
    }
    const template = checkNoteTemplate(noteTemplate);
    if (!template.ok) {
      actions.setError(t(template.problem === "tooLong" ? "console.badNoteTemplateLong" : "console.badNoteTemplateControl"));
      noteTemplateInput.current?.focus();
      return;
    }
    void actions.run("open", async () => {
      await host.reload(await api.open(meetingId, sessionId, minutes, times, template.template));
    });
  };

  const addPeople = () => {
    const emails = splitList(peopleEmails);
    if (emails.length === 0) {
      actions.setError(t("console.needEmails"));
      peopleInput.current?.focus();
      return;
    }
    const change = asFacilitators ? { facilitators: emails } : { participants: emails };
    void actions.run("people", async () => {
      await api.addPeople(meetingId, change);
      setPeopleEmails("");
      setAsFacilitators(false);
      await host.reload();
    });
  };

  const submit = (work: () => void) => (e: Event) => {
    e.preventDefault();
    work();
  };

  return (
    <section id="facilitator-console" class="side-section console" aria-labelledby="console-heading">
      <div class="console-head">
        <h3 id="console-heading" class="side-subheading">{t("console.heading")}</h3>
        <button
          id="console-wide" class="button button-tiny" type="button" aria-pressed={consoleWide.value ? "true" : "false"}
          onClick={() => setConsoleWide(!consoleWide.value)}
        >
          {t("console.wide")}
        </button>
      </div>
      <p id="breakout-phase" class="console-phase" role="status" aria-live="polite">{t(`phase.${phase}`, { round: b.round })}</p>

      <details ref={draftBox} id="draft-box" class="console-step" hidden={phase === "open"}>
        <summary>{t("console.draftStep")}</summary>
        <form id="draft-form" class="form" noValidate onSubmit={submit(draft)}>
          <div class="field">
            <label for="draft-count">{t("console.roomCount")}</label>
            <div class="inline-controls">
              <input
                id="draft-count" type="number" min="2" max="400" dir="ltr" value={draftCount}
                onInput={(e) => setDraftCount(e.currentTarget.value)}
                onChange={(e) => fillNames(false, e.currentTarget.value)}
              />
              <button id="draft-fill" class="button button-small" type="button" onClick={() => fillNames(true)}>{t("console.fillNames")}</button>
            </div>
          </div>
          <div class="field">
            <label for="draft-names">{t("console.roomNames")}</label>
            <textarea
              ref={draftNamesInput} id="draft-names" rows={4} dir="auto" aria-describedby="draft-names-hint" value={draftNames}
              onInput={(e) => setDraftNames(e.currentTarget.value)}
            />
            <span id="draft-names-hint" class="hint">{t("console.roomNamesHint")}</span>
          </div>
          <div class="actions">
            <button id="draft-button" class="button button-primary" type="submit" disabled={actions.busy("draft")} aria-busy={actions.busy("draft") ? "true" : undefined}>
              {t("console.draft")}
            </button>
          </div>
        </form>
      </details>

      <details ref={assignBox} id="assign-box" class="console-step" hidden={phase !== "draft"}>
        <summary>{t("console.assignStep")}</summary>
        <form id="assign-form" class="form" noValidate onSubmit={submit(assign)}>
          <div class="field">
            <label for="assign-mode">{t("console.mode")}</label>
            <select
              ref={assignMode} id="assign-mode" value={mode}
              onChange={(e) => setMode(MODES.find((m) => m === e.currentTarget.value) ?? "balanced")}
            >
              {MODES.map((m) => <Option key={m} value={m}>{t(`mode.${m}`)}</Option>)}
            </select>
          </div>
          <div id="assign-cap-field" class="field" hidden={mode !== "selfSelect"}>
            <label for="assign-cap">{t("console.cap")}</label>
            <input ref={capInput} id="assign-cap" type="number" min="1" max="1000" dir="ltr" value={cap} onInput={(e) => setCap(e.currentTarget.value)} />
          </div>
          <div id="assign-csv-field" class="field" hidden={mode !== "csv"}>
            <label for="assign-csv">{t("console.csv")}</label>
            <textarea
              ref={csvInput} id="assign-csv" rows={4} dir="ltr" aria-describedby="assign-csv-hint" value={csv}
              onInput={(e) => setCsv(e.currentTarget.value)}
            />
            <span id="assign-csv-hint" class="hint">{t("console.csvHint")}</span>
            <label for="assign-csv-file">{t("console.csvFile")}</label>
            <input
              id="assign-csv-file" type="file" accept=".csv,text/csv,text/plain"
              onChange={(e) => {
                // An uploaded CSV file lands in the text box, where it can be checked before assigning.
                const chosen = e.currentTarget.files?.[0];
                if (!chosen) return;
                if (chosen.size > MAX_CSV_BYTES) {
                  actions.setError(t("console.csvTooLarge"));
                  return;
                }
                void chosen.text().then((text) => {
                  setCsv(text);
                  focusLater(csvInput);
                });
              }}
            />
          </div>
          <div id="assign-manual-field" class="field" hidden={mode !== "manual"}>
            <span class="label">{t("console.manual")}</span>
            <ul id="manual-list" class="manual-list">
              {participants.map((p) => {
                const id = `manual-${p.email.replace(/[^a-z0-9]/gi, "-")}`;
                return (
                  <li key={p.email} class="manual-item">
                    <label for={id} dir="auto">{p.displayName}</label>
                    <select
                      id={id} data-email={p.email} value={manual[p.email] ?? current.get(p.email) ?? ""}
                      onChange={(e) => {
                        const roomId = e.currentTarget.value;
                        setManual((m) => ({ ...m, [p.email]: roomId }));
                      }}
                    >
                      <Option value="">{t("console.noRoom")}</Option>
                      {b.rooms.map((r) => <Option key={r.roomId} value={r.roomId}>{r.name}</Option>)}
                    </select>
                  </li>
                );
              })}
            </ul>
          </div>
          <div class="actions">
            <button id="assign-button" class="button button-primary" type="submit" disabled={actions.busy("assign")} aria-busy={actions.busy("assign") ? "true" : undefined}>
              {t("console.assign")}
            </button>
          </div>
        </form>
      </details>

      <div id="preview-box" hidden={b.rooms.length === 0 || phase === "closed" || phase === "none"}>
        <h4 class="side-subheading">{phase === "open" ? t("console.overview") : t("console.preview")}</h4>
        {phase === "open" && b.deadline ? <p id="overview-ends" class="hint">{t("console.endsAt", { time: formatMessageTime(b.deadline) })}</p> : null}
        {phase === "open" && b.rooms.length > MAX_OVERVIEW_ROOMS ? <p id="overview-partial" class="hint">{t("console.overviewPartial", { count: MAX_OVERVIEW_ROOMS })}</p> : null}
        <BreakoutBoard
          view={view} breakouts={b} overview={overview} unassigned={left} listRef={roomList}
          move={async (email, roomId) => {
            let moved = false;
            await actions.run(`move:${email}`, async () => {
              await api.move(meetingId, sessionId, email, roomId);
              moved = true;
              await host.reload();
            });
            return moved;
          }}
        />
        <p id="unassigned" class="hint" dir="auto">
          {phase === "draft" && left.length > 0 ? t("console.unassigned", { names: left.map((p) => p.displayName).join(", ") }) : ""}
        </p>
      </div>

      <form id="open-form" class="form console-step" noValidate hidden={phase !== "draft"} onSubmit={submit(open)}>
        <div class="field">
          <label for="open-duration">{t("console.duration")}</label>
          <input ref={durationInput} id="open-duration" type="number" min="1" max="240" dir="ltr" value={duration} onInput={(e) => setDuration(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="open-warnings">{t("console.warnings")}</label>
          <input
            ref={warningsInput} id="open-warnings" type="text" dir="ltr" aria-describedby="open-warnings-hint" value={warnings}
            onInput={(e) => setWarnings(e.currentTarget.value)}
          />
          <span id="open-warnings-hint" class="hint">{t("console.warningsHint")}</span>
        </div>
        <div class="field">
          <label for="open-note-template">{t("console.noteTemplate")}</label>
          <textarea
            ref={noteTemplateInput} id="open-note-template" rows={4} maxLength={NOTE_TEMPLATE_MAX} dir="auto"
            aria-describedby="open-note-template-hint" value={noteTemplate} onInput={(e) => setNoteTemplate(e.currentTarget.value)}
          />
          <span id="open-note-template-hint" class="hint">{t("console.noteTemplateHint")}</span>
        </div>
        <div class="actions">
          <button id="open-button" class="button button-primary" type="submit" disabled={actions.busy("open")} aria-busy={actions.busy("open") ? "true" : undefined}>
            {t("console.open")}
          </button>
        </div>
      </form>

      <div id="live-box" hidden={phase !== "open"}>
        <form
          id="extend-form" class="form form-row" noValidate
          onSubmit={submit(() => {
            const minutes = Number(extendMinutes);
            void actions.run("extend", async () => {
              await api.extend(meetingId, sessionId, minutes);
              await host.reload();
            });
          })}
        >
          <label for="extend-minutes">{t("console.extendBy")}</label>
          <input id="extend-minutes" type="number" min="1" max="120" dir="ltr" value={extendMinutes} onInput={(e) => setExtendMinutes(e.currentTarget.value)} />
          <button id="extend-button" class="button button-small" type="submit" disabled={actions.busy("extend")} aria-busy={actions.busy("extend") ? "true" : undefined}>
            {t("console.extend")}
          </button>
        </form>
        <form
          id="move-form" class="form" noValidate
          onSubmit={submit(() => {
            if (!moveWho || !moveTo) return;
            void actions.run("move", async () => {
              await api.move(meetingId, sessionId, moveWho, moveTo);
              await host.reload();
            });
          })}
        >
          <div class="field">
            <label for="move-email">{t("console.moveWho")}</label>
            <select id="move-email" value={moveWho} onChange={(e) => setMoveEmail(e.currentTarget.value)}>
              {participants.map((p) => <Option key={p.email} value={p.email}>{p.displayName}</Option>)}
            </select>
          </div>
          <div class="field">
            <label for="move-room">{t("console.moveTo")}</label>
            <select id="move-room" value={moveTo} onChange={(e) => setMoveRoom(e.currentTarget.value)}>
              {b.rooms.map((r) => <Option key={r.roomId} value={r.roomId}>{r.name}</Option>)}
            </select>
          </div>
          <div class="actions">
            <button id="move-button" class="button button-small" type="submit" disabled={actions.busy("move")} aria-busy={actions.busy("move") ? "true" : undefined}>
              {t("console.move")}
            </button>
          </div>
        </form>
        <div class="actions">
          <button
            id="close-button" class="button button-danger" type="button"
            onClick={() => {
              setConfirming(true);
              focusLater(closeConfirm);
            }}
          >
            {t("console.closeAll")}
          </button>
          <button
            ref={closeConfirm} id="close-confirm" class="button button-danger" type="button" hidden={!confirming}
            disabled={actions.busy("close")} aria-busy={actions.busy("close") ? "true" : undefined}
            onClick={() => {
              void actions.run("close", async () => {
                await api.closeAll(meetingId, sessionId);
                setConfirming(false);
                await host.reload();
              });
            }}
          >
            {t("console.closeConfirm")}
          </button>
        </div>
      </div>

      <form
        id="broadcast-form" class="form" noValidate
        onSubmit={submit(() => {
          const text = broadcastText.trim();
          if (!text) {
            broadcastInput.current?.focus();
            return;
          }
          void actions.run("broadcast", async () => {
            await api.broadcast(meetingId, sessionId, text);
            setBroadcastText("");
          });
        })}
      >
        <div class="field">
          <label for="broadcast-text">{t("console.broadcast")}</label>
          <textarea
            ref={broadcastInput} id="broadcast-text" rows={2} maxLength={1000} dir="auto" value={broadcastText}
            onInput={(e) => setBroadcastText(e.currentTarget.value)}
          />
        </div>
        <div class="actions">
          <button id="broadcast-button" class="button" type="submit" disabled={actions.busy("broadcast")} aria-busy={actions.busy("broadcast") ? "true" : undefined}>
            {t("console.broadcastSend")}
          </button>
        </div>
      </form>

      <details id="people-box">
        <summary>{t("console.people")}</summary>
        <form id="people-form" class="form" noValidate onSubmit={submit(addPeople)}>
          <div class="field">
            <label for="people-emails">{t("console.addEmails")}</label>
            <textarea
              ref={peopleInput} id="people-emails" rows={3} dir="ltr" autocomplete="off" value={peopleEmails}
              onInput={(e) => setPeopleEmails(e.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label>
              <input id="people-facilitators" type="checkbox" checked={asFacilitators} onChange={(e) => setAsFacilitators(e.currentTarget.checked)} />
              {" "}<span>{t("console.addAsFacilitators")}</span>
            </label>
          </div>
          <div class="actions">
            <button id="people-add" class="button button-small" type="submit" disabled={actions.busy("people")} aria-busy={actions.busy("people") ? "true" : undefined}>
              {t("console.addPeople")}
            </button>
          </div>
        </form>
        {/* Everyone in the meeting, each with a remove button (the server refuses the last facilitator). */}
        <ul id="people-list" class="room-list">
          {people.map((p) => (
            <li key={`${p.facilitator ? "f" : "p"}:${p.email}`} class="room-item" data-email={p.email}>
              <span class="room-item-name" dir="auto">{p.facilitator ? `${p.displayName} · ${t("console.facilitatorTag")}` : p.displayName}</span>
              <button
                class="button button-tiny button-danger remove-person" type="button" aria-label={t("console.removeNamed", { name: p.displayName })}
                disabled={actions.busy(`remove:${p.email}`)} aria-busy={actions.busy(`remove:${p.email}`) ? "true" : undefined}
                onClick={() => {
                  void actions.run(`remove:${p.email}`, async () => {
                    await api.removePerson(meetingId, p.email);
                    await host.reload();
                  });
                }}
              >
                {t("console.remove")}
              </button>
            </li>
          ))}
        </ul>
      </details>

      <div class="help-heading">
        <h4 class="side-subheading">
          {t("console.helpQueue")}{" "}
          <span id="help-count" class="badge badge-alert" hidden={view.help.length === 0}>{formatNumber(view.help.length)}</span>
        </h4>
        <button
          id="help-sound"
          class="button button-tiny"
          type="button"
          aria-pressed={helpSoundOff.value ? "true" : "false"}
          onClick={() => setHelpSoundOff(!helpSoundOff.value)}
        >
          {t("console.muteHelpSound")}
        </button>
      </div>
      <ul id="help-queue" class="room-list" aria-live="polite">
        {view.help.map((h) => {
          const room = b.rooms.find((r) => r.roomId === h.roomId);
          return (
            <li key={h.requestId} class="help-item" data-request-id={h.requestId}>
              <span class="help-who" dir="auto">{room ? t("console.helpFrom", { name: h.displayName, room: room.name }) : h.displayName}</span>
              <time class="message-time" dateTime={h.at}>{formatMessageTime(h.at)}</time>
              {h.text ? <p class="help-text" dir="auto">{h.text}</p> : null}
              {room && phase === "open" ? (
                <button class="button button-tiny help-join" type="button" aria-label={t("console.joinRoomNamed", { name: room.name })} onClick={() => host.visit(room.roomId)}>
                  {t("console.joinRoom")}
                </button>
              ) : null}
              <button
                class="button button-tiny help-resolve"
                type="button"
                disabled={actions.busy(`resolve-${h.requestId}`)}
                aria-label={t("console.resolveNamed", { name: h.displayName })}
                onClick={() => void actions.run(`resolve-${h.requestId}`, async () => {
                  await api.resolveHelp(view.meeting?.meetingId ?? "", view.session?.sessionId ?? "", h.requestId);
                  await host.reload();
                })}
              >
                {t("console.resolve")}
              </button>
            </li>
          );
        })}
      </ul>
      <p id="help-empty" class="hint" hidden={view.help.length > 0}>{t("console.helpEmpty")}</p>
      <ErrorBox id="console-error" text={actions.error} />
    </section>
  );
}
