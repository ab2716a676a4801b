// The note's history: editing sessions newest first (who edited, when), a session's note as it was at its
// last revision (or any revision of it), and restoring that version after a confirmation.
import { useEffect, useRef, useState } from "preact/hooks";
import { errorMessage, formatNumber, t } from "../i18n";
import { parseHubError } from "../protocol";
import { announce } from "../ui/Announcer";
import type { NoteConnection } from "./note-connection";
import { authorColour, paletteColour } from "./note-colours";
import { appendSessions, formatSessionTime } from "./note-history";
import type { NoteEditSession, NoteVersion } from "./note-protocol";
import { NoteVersionView } from "./NoteVersionView";

const codeOf = (error: unknown): string => parseHubError(error)?.code ?? "network";

interface Props {
  connection: NoteConnection;
  /** This user may change the note now (writer, not locked, room open). */
  canRestore: boolean;
  onClose: () => void;
}

export function NoteHistory({ connection, canRestore, onClose }: Props) {
  const [sessions, setSessions] = useState<NoteEditSession[]>([]);
  const [nextBeforeRev, setNextBeforeRev] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<NoteEditSession | null>(null);
  const [version, setVersion] = useState<NoteVersion | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [restoring, setRestoring] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  /** The revision asked for last: an older answer arriving after it is dropped. */
  const wanted = useRef(0);

  const load = async (beforeRev: number, shown: NoteEditSession[]) => {
    setLoading(true);
    setError(null);
    try {
      const page = await connection.history(beforeRev);
      setSessions(appendSessions(shown, page.sessions));
      setNextBeforeRev(page.nextBeforeRev);
    } catch (e) {
      setError(codeOf(e));
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    heading.current?.focus();
    void load(0, []);
  }, []);

  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  const show = async (session: NoteEditSession, rev: number) => {
    setSelected(session);
    setConfirming(false);
    setError(null);
    wanted.current = rev;
    try {
      const answer = await connection.version(rev);
      if (wanted.current === rev) setVersion(answer);
    } catch (e) {
      if (wanted.current === rev) setError(codeOf(e));
    }
  };

  const restore = async () => {
    if (!version) return;
    setRestoring(true);
    setError(null);
    try {
      await connection.restore(version.rev);
      announce(t("notes.history.restored", { rev: version.rev }));
      setConfirming(false);
      setSelected(null);
      setVersion(null);
      await load(0, []);
    } catch (e) {
      setError(codeOf(e));
    } finally {
      setRestoring(false);
    }
  };

  return (
    <section id="note-history" class="note-history" aria-labelledby="note-history-heading">
      <div class="note-bar">
        <h3 id="note-history-heading" class="note-history-heading" tabIndex={-1} ref={heading}>{t("notes.history.title")}</h3>
        <button id="note-history-close" class="button button-small" type="button" onClick={onClose}>{t("notes.history.close")}</button>
      </div>
      {error && <p class="note-error" role="alert">{errorMessage(error)}</p>}
      {!loading && sessions.length === 0 && !error && <p class="muted note-reason">{t("notes.history.empty")}</p>}
      <ul class="note-sessions">
        {sessions.map((s) => (
          <li key={s.toRev}>
            <button
              class="note-session"
              type="button"
              aria-pressed={selected?.toRev === s.toRev}
              data-from-rev={s.fromRev}
              data-to-rev={s.toRev}
              onClick={() => void show(s, s.toRev)}
            >
              <span class="note-session-time">{formatSessionTime(s.started, s.ended)}</span>
              <span class="note-session-editors">
                {s.editors.map((e, i) => (
                  <span key={e.userId}>
                    {i > 0 && " "}
                    <span class="note-session-editor" style={{ backgroundColor: paletteColour(authorColour(e.userId)) }}>{e.displayName || e.userId}</span>
                  </span>
                ))}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {nextBeforeRev > 0 && (
        <button id="note-history-more" class="button button-small" type="button" disabled={loading} onClick={() => void load(nextBeforeRev, sessions)}>
          {t("notes.history.more")}
        </button>
      )}
      {loading && <p class="muted note-loading">{t("notes.history.loading")}</p>}
      {selected && version && (
        <div class="note-version-frame">
          <div class="note-bar">
            <label class="note-version-rev">
              {t("notes.history.revision")}{" "}
              <input
                id="note-version-rev"
                type="number"
                min={selected.fromRev}
                max={selected.toRev}
                value={version.rev}
                onInput={(e) => {
                  const rev = Number(e.currentTarget.value);
                  if (Number.isInteger(rev) && rev >= selected.fromRev && rev <= selected.toRev) void show(selected, rev);
                }}
              />
            </label>
            <span class="muted">{t("notes.history.revisionRange", { from: formatNumber(selected.fromRev), to: formatNumber(selected.toRev) })}</span>
          </div>
          <NoteVersionView rev={version.rev} document={version.document} />
          {canRestore && !confirming && (
            <button id="note-restore" class="button button-small" type="button" onClick={() => setConfirming(true)}>
              {t("notes.history.restore")}
            </button>
          )}
          {canRestore && confirming && (
            <div class="note-confirm" role="group" aria-label={t("notes.history.confirm")}>
              <span>{t("notes.history.confirm")}</span>
              <button id="note-restore-confirm" ref={confirmButton} class="button button-small button-primary" type="button" disabled={restoring} onClick={() => void restore()}>
                {t("notes.history.confirmYes")}
              </button>
              <button id="note-restore-cancel" class="button button-small" type="button" onClick={() => setConfirming(false)}>
                {t("notes.history.confirmNo")}
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
