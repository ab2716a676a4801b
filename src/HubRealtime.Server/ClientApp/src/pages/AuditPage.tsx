// The audit viewer: pick a chain (hub, agency, group), read it page by page, verify it.
import { useEffect, useRef, useState } from "preact/hooks";
import * as api from "../api";
import { apiErrorText } from "../forms";
import { formatFullTime, formatMessageTime, formatNumber, t } from "../i18n";
import { profile } from "../app/state";
import { ErrorBox } from "../ui/ErrorBox";
import { Option } from "../ui/Option";
import { useActions } from "../ui/use-action";
import { auditActionText, auditDetails } from "../audit-text";

const AUDIT_PAGE = 50;

/** The scope chosen last: it stays chosen when the page is shown again (and still offers it). */
let lastScope = "";

interface Verified {
  valid: boolean;
  text: string;
}

export function AuditPage() {
  const me = profile.value;
  const [scopes, setScopes] = useState<string[]>([]);
  const [scope, setScope] = useState(lastScope);
  const [rows, setRows] = useState<api.AuditEntry[]>([]);
  // How many rows the last page left on the table (null before the first): the table or "empty" shows by it.
  const [settled, setSettled] = useState<number | null>(null);
  const [more, setMore] = useState(false);
  const [verified, setVerified] = useState<Verified | null>(null);
  const actions = useActions();
  // What is on the table: its scope and last sequence number; a fresh load starts a new turn, so a late
  // page of an earlier one (or of a page no longer shown) is dropped.
  const table = useRef({ scope: "", last: 0, count: 0, turn: 0 });

  const loadAudit = async (fresh: boolean, chosen: string) => {
    const shown = table.current;
    if (fresh) {
      shown.turn++;
      shown.scope = chosen;
      shown.last = 0;
      shown.count = 0;
      setRows([]);
      setVerified(null);
    }
    const turn = shown.turn;
    const page = await api.get<{ entries: api.AuditEntry[]; lastSeq: number }>(
      `/api/audit/${api.seg(shown.scope)}?afterSeq=${shown.last}&limit=${AUDIT_PAGE}`);
    if (turn !== shown.turn) return;
    for (const e of page.entries) shown.last = Math.max(shown.last, e.seq);
    shown.count += page.entries.length;
    setRows((before) => [...before, ...page.entries]);
    setSettled(shown.count);
    setMore(shown.last < page.lastSeq);
  };

  useEffect(() => {
    const shown = table.current;
    let live = true;
    void (async () => {
      const found: string[] = [];
      if (me?.isHubAdmin) {
        found.push("hub");
        try {
          const agencies = await api.get<api.AgencyInfo[]>("/api/agencies");
          found.push(...agencies.map((a) => `agency:${a.agencyId}`));
          const groups = await api.get<api.GroupInfo[]>("/api/groups/mine");
          found.push(...groups.map((g) => `group:${g.groupId}`));
        } catch (e) {
          if (live) actions.setError(apiErrorText(e));
        }
      } else if (me?.agencyRole === "admin" && me.agencyId) {
        found.push(`agency:${me.agencyId}`);
      }
      if (!live) return;
      const chosen = found.includes(lastScope) ? lastScope : (found[0] ?? "");
      lastScope = chosen;
      setScopes(found);
      setScope(chosen);
      if (found.length > 0) await actions.run("load", () => loadAudit(true, chosen));
    })();
    return () => {
      live = false;
      shown.turn++;
    };
  }, []);

  const choose = (value: string) => {
    lastScope = value;
    setScope(value);
  };

  const verify = () => void actions.run("verify", async () => {
    setVerified(null);
    const result = await api.get<api.AuditVerification>(`/api/audit/${api.seg(scope)}/verify`);
    setVerified({
      valid: result.valid,
      text: result.valid
        ? t("audit.valid", { count: result.entriesChecked })
        : t("audit.invalid", { seq: formatNumber(result.firstInvalidSeq ?? 0), problem: result.problem ?? "" }),
    });
  });

  const none = scopes.length === 0;
  const loading = actions.busy("load");
  const verifying = actions.busy("verify");
  const loadingMore = actions.busy("more");
  return (
    <section id="audit-view" class="auth-view" aria-labelledby="audit-heading">
      <div class="card card-wide">
        <h1 id="audit-heading">{t("audit.heading")}</h1>
        <form
          id="audit-form"
          class="form form-inline"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!none) void actions.run("load", () => loadAudit(true, scope));
          }}
        >
          <div class="field">
            <label for="audit-scope">{t("audit.scope")}</label>
            <select id="audit-scope" dir="ltr" value={scope} onChange={(e) => choose(e.currentTarget.value)}>
              {scopes.map((s) => <Option key={s} value={s}>{s}</Option>)}
            </select>
          </div>
          <div class="actions">
            <button id="audit-load" class="button button-primary" type="submit" disabled={none || loading} aria-busy={loading || undefined}>
              {t("audit.show")}
            </button>
            <button
              id="audit-verify"
              class="button"
              type="button"
              disabled={none || verifying}
              aria-busy={verifying || undefined}
              onClick={verify}
            >
              {t("audit.verify")}
            </button>
          </div>
        </form>
        <p id="audit-verify-result" class={verified && !verified.valid ? "notice notice-bad" : "notice"} role="status" aria-live="polite" hidden={verified === null}>
          {verified?.text ?? ""}
        </p>
        <div class="table-wrap">
          <table id="audit-table" class="audit-table" hidden={settled === null || settled === 0}>
            <thead>
              <tr>
                <th scope="col">{t("audit.seq")}</th>
                <th scope="col">{t("audit.at")}</th>
                <th scope="col">{t("audit.actor")}</th>
                <th scope="col">{t("audit.action")}</th>
                <th scope="col">{t("audit.target")}</th>
                <th scope="col">{t("audit.details")}</th>
              </tr>
            </thead>
            <tbody id="audit-rows">
              {rows.map((e) => (
                <tr key={e.seq} data-seq={String(e.seq)}>
                  <td>{formatNumber(e.seq)}</td>
                  <td title={formatFullTime(e.at)}>{formatMessageTime(e.at)}</td>
                  <td><span dir="ltr">{e.actor}</span></td>
                  <td class="audit-action" data-action={e.action}>{auditActionText(e.action)}</td>
                  <td><span dir="ltr">{e.target}</span></td>
                  <td><AuditDetails details={e.details} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p id="audit-empty" class="muted" hidden={settled === null || settled > 0}>{t("audit.empty")}</p>
        <div class="actions">
          <button
            id="audit-more"
            class="button"
            type="button"
            hidden={!more}
            disabled={loadingMore}
            aria-busy={loadingMore || undefined}
            onClick={() => void actions.run("more", () => loadAudit(false, table.current.scope))}
          >
            {t("audit.more")}
          </button>
        </div>
        <ErrorBox id="audit-error" text={actions.error} />
      </div>
    </section>
  );
}

/** The details as "label: value" lines; values (ids, names, e-mails) isolated so they read in either direction. */
function AuditDetails({ details }: { details: string }) {
  const parts = auditDetails(details);
  if (parts.length === 0) return null;
  return (
    <ul class="audit-details" title={details}>
      {parts.map((p, i) => (
        <li key={i}>
          {p.label ? <span class="audit-detail-label">{p.label}: </span> : null}
          <bdi>{p.value}</bdi>
        </li>
      ))}
    </ul>
  );
}
