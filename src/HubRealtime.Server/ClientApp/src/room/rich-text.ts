// Message text as segments to render: plain text, safe links and @mentions. Never HTML: the
// component renders each segment as text (links as <a> with a checked href).

export type Segment =
  | { kind: "text"; text: string }
  | { kind: "link"; text: string; href: string }
  | { kind: "mention"; text: string; userId: string };

/** Someone who can be mentioned: "@" followed by their display name. */
export interface Mentionable {
  userId: string;
  displayName: string;
}

const LINK = /\b(?:https?:\/\/|mailto:)[^\s<>"]+/giu;
/** Closing punctuation that ends a sentence rather than the address ("see https://x.org."). */
const TRAILING = /[.,;:!?'"»”’)\]}]+$/u;
const WORD_CHAR = /[\p{L}\p{N}_]/u;

/** The address as a link target, or null: only http, https and mailto, and only well-formed. */
export function safeHref(candidate: string): string | null {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:" && url.protocol !== "mailto:") return null;
  if (url.protocol !== "mailto:" && !url.hostname) return null;
  return url.href;
}

/** Drops trailing punctuation, but keeps a ")" that closes a "(" inside the address (Wikipedia links). */
function trimAddress(raw: string): string {
  let s = raw;
  for (;;) {
    const m = TRAILING.exec(s);
    if (!m) return s;
    const tail = m[0];
    if (tail.startsWith(")") && count(s, "(") > count(s.slice(0, -tail.length), ")")) {
      // the first ")" is part of the address; cut only what follows it
      const keep = s.length - tail.length + 1;
      if (keep === s.length) return s;
      s = s.slice(0, keep);
      continue;
    }
    s = s.slice(0, -tail.length);
  }
}

function count(s: string, ch: string): number {
  let n = 0;
  for (const c of s) if (c === ch) n++;
  return n;
}

/** Splits text into text, link and mention segments. People are matched longest name first. */
export function segments(text: string, people: readonly Mentionable[] = []): Segment[] {
  const out: Segment[] = [];
  const byLength = [...people].filter((p) => p.displayName.trim().length > 0)
    .sort((a, b) => b.displayName.length - a.displayName.length);
  let plain = "";
  const flush = () => {
    if (plain) out.push({ kind: "text", text: plain });
    plain = "";
  };
  let i = 0;
  LINK.lastIndex = 0;
  let link = LINK.exec(text);
  while (i < text.length) {
    while (link && link.index < i) link = LINK.exec(text);
    if (link && link.index === i) {
      const address = trimAddress(link[0]);
      const href = safeHref(address);
      if (href && address.length > 0) {
        flush();
        out.push({ kind: "link", text: address, href });
        i += address.length;
        LINK.lastIndex = i;
        link = LINK.exec(text);
        continue;
      }
    }
    if (text[i] === "@" && (i === 0 || !WORD_CHAR.test(text[i - 1] ?? ""))) {
      const person = mentionAt(text, i + 1, byLength);
      if (person) {
        flush();
        const length = 1 + person.displayName.length;
        out.push({ kind: "mention", text: text.slice(i, i + length), userId: person.userId });
        i += length;
        continue;
      }
    }
    plain += text[i];
    i++;
  }
  flush();
  return out;
}

function mentionAt(text: string, start: number, people: readonly Mentionable[]): Mentionable | null {
  for (const p of people) {
    const name = p.displayName;
    const candidate = text.slice(start, start + name.length);
    if (candidate.localeCompare(name, undefined, { sensitivity: "accent" }) !== 0) continue;
    const next = text[start + name.length] ?? "";
    if (next && WORD_CHAR.test(next)) continue; // "@Ann" is not a mention of "Anna"'s prefix
    return p;
  }
  return null;
}

/** Whether the text mentions this person. */
export function mentions(text: string, person: Mentionable): boolean {
  return segments(text, [person]).some((s) => s.kind === "mention" && s.userId === person.userId);
}

/** The server's bound on mentions per message. */
const MAX_MENTIONS = 20;

/** The people completed in the composer whose @mention is still in the text: their ids, once each, at most 20. */
export function mentionedIds(text: string, picked: readonly Mentionable[]): string[] {
  const ids: string[] = [];
  for (const p of picked) {
    if (!ids.includes(p.userId) && mentions(text, p)) ids.push(p.userId);
  }
  return ids.slice(0, MAX_MENTIONS);
}

/** Whether a message mentions `person`: its structured mentions, or for older messages (none) its text. */
export function mentionsPerson(payload: { text: string; mentions?: string[] | undefined }, person: Mentionable): boolean {
  return payload.mentions && payload.mentions.length > 0 ? payload.mentions.includes(person.userId) : mentions(payload.text, person);
}

/** The "@partial" being typed just before the caret, for the autocomplete (null: none). */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf("@");
  if (at < 0 || (at > 0 && WORD_CHAR.test(before[at - 1] ?? ""))) return null;
  const query = before.slice(at + 1);
  if (query.length > 40 || /[\n@]/.test(query) || /\s\s/.test(query)) return null;
  return { start: at, query };
}

/** People whose name starts with (or has a word starting with) the query, best first, at most limit. */
export function suggest(people: readonly Mentionable[], query: string, limit = 8): Mentionable[] {
  const q = query.toLocaleLowerCase();
  const scored: Array<{ p: Mentionable; score: number }> = [];
  for (const p of people) {
    const name = p.displayName.toLocaleLowerCase();
    const score = name.startsWith(q) ? 0 : name.split(/\s+/).some((w) => w.startsWith(q)) ? 1 : -1;
    if (score >= 0) scored.push({ p, score });
  }
  scored.sort((a, b) => a.score - b.score || a.p.displayName.localeCompare(b.p.displayName));
  return scored.slice(0, limit).map((s) => s.p);
}
