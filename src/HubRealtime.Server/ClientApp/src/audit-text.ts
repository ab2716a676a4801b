// The audit log's entries in the reader's language: the action code and the "key=value; ..." details
// the grains write become words. Anything not known is shown as it was stored (never dropped).
import { formatFullTime, t, tKnown } from "./i18n";

export interface DetailPart {
  /** The translated name of the detail, or null for free text. */
  label: string | null;
  value: string;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function auditActionText(action: string): string {
  return tKnown(`audit.action.${action}`, action);
}

/** "title=Case team; role=Owner", "count: 10", "until 2026-…", "agency role: member -> admin". */
export function auditDetails(details: string): DetailPart[] {
  if (!details.trim()) return [];
  return details.split(/;\s*/).filter((p) => p.length > 0).map(part);
}

function part(text: string): DetailPart {
  const pair = /^([a-zA-Z]+)=(.*)$/s.exec(text) ?? /^([a-z][a-z ]*?): (.*)$/s.exec(text);
  if (pair) return { label: detailLabel(pair[1] ?? ""), value: detailValue(pair[2] ?? "") };
  const until = /^until (.+)$/.exec(text);
  if (until) return { label: t("audit.detail.until"), value: detailValue(until[1] ?? "") };
  return { label: null, value: text };
}

function detailLabel(key: string): string {
  const camel = key.trim().replace(/ (\w)/g, (_, c: string) => c.toUpperCase());
  return tKnown(`audit.detail.${camel}`, key);
}

/** Roles, kinds, modes, yes/no, instants and "a -> b" changes in words; ids and names as they are. */
function detailValue(value: string): string {
  const change = /^(.*?) -> (.*)$/.exec(value);
  if (change) return `${detailValue(change[1] ?? "")} → ${detailValue(change[2] ?? "")}`;
  if (ISO_INSTANT.test(value)) return formatFullTime(value) || value;
  const lower = value.toLowerCase();
  if (lower === "true") return t("audit.value.yes");
  if (lower === "false") return t("audit.value.no");
  if (lower === "admin") return t("role.agencyAdmin");
  const key = value.charAt(0).toLowerCase() + value.slice(1);
  return tKnown(`role.${key}`, "") || tKnown(`kind.${key}`, "") || tKnown(`mode.${key}`, "") || value;
}
