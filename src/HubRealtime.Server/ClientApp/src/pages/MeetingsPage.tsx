// My meetings (GET /api/meetings/mine), and the "New meeting" form for those who may create one.
import { useEffect, useState } from "preact/hooks";
import * as api from "../meetings-api";
import { apiErrorText } from "../forms";
import { t } from "../i18n";
import { formatRange } from "../meeting-format";
import { ErrorBox } from "../ui/ErrorBox";
import { MeetingCreateForm } from "./MeetingCreateForm";

/** The list; `error` is why a meeting could not be opened (the page then stands in for it). */
export function MeetingsPage({ error = null }: { error?: string | null }) {
  const [meetings, setMeetings] = useState<api.MeetingSummary[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.mine().then(
      (mine) => {
        if (live) setMeetings(mine);
      },
      (e: unknown) => {
        if (live) setListError(apiErrorText(e));
      },
    );
    return () => {
      live = false;
    };
  }, []);

  return (
    <section id="meetings-view" class="auth-view" aria-labelledby="meetings-heading">
      <div class="card card-wide">
        <h1 id="meetings-heading">{t("meetings.heading")}</h1>
        <ul id="meeting-list" class="item-list">
          {(meetings ?? []).map((m) => (
            <li key={m.meetingId} class="item">
              <a class="item-title" href={`#/meeting/${encodeURIComponent(m.meetingId)}`} dir="auto">{m.title}</a>
              <span class="muted">{`${formatRange(m.startsAt, m.endsAt, m.timeZone)} · ${t(`role.${m.role}`)}`}</span>
            </li>
          ))}
        </ul>
        <p id="meetings-empty" class="muted" hidden={meetings === null || meetings.length > 0}>{t("meetings.empty")}</p>
        <ErrorBox id="meetings-error" text={listError ?? error} />
        <MeetingCreateForm />
      </div>
    </section>
  );
}
