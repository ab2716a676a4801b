// User-facing strings come only from the resource files in ./i18n (one per UN language), as ICU
// messages: {name} arguments, {n, plural, ...} with each language's plural rules (Arabic has six
// forms, Russian four), numbers in the language's digits and separators.
import { signal } from "@preact/signals";
import { IntlMessageFormat } from "intl-messageformat";
import en from "./i18n/en.json";
import { saveLanguage, storedLanguage } from "./identity";

export type Dictionary = Readonly<Record<string, string>>;

/** Every key of en.json: a missing or mistyped key fails the build. */
export type MessageKey = keyof typeof en;
/** Argument values: numbers go through the plural rules and the language's number format. */
export type MessageArgs = Readonly<Record<string, string | number>>;

export const LANGUAGES = [
  { code: "ar", nativeName: "العربية", dir: "rtl", locale: "ar" },
  { code: "zh", nativeName: "中文", dir: "ltr", locale: "zh-Hans" },
  { code: "en", nativeName: "English", dir: "ltr", locale: "en" },
  { code: "fr", nativeName: "Français", dir: "ltr", locale: "fr" },
  { code: "ru", nativeName: "Русский", dir: "ltr", locale: "ru" },
  { code: "es", nativeName: "Español", dir: "ltr", locale: "es" },
] as const;

export type LanguageCode = (typeof LANGUAGES)[number]["code"];
type Language = (typeof LANGUAGES)[number];

const fallback: Dictionary = en;
/** Compiled messages of the current language (cleared when it changes). */
const compiled = new Map<string, IntlMessageFormat>();

// English ships in the main bundle (it is the fallback); the others load on demand.
const loaders: Record<LanguageCode, () => Promise<Dictionary>> = {
  en: () => Promise.resolve(fallback),
  ar: () => import("./i18n/ar.json").then((m) => m.default),
  zh: () => import("./i18n/zh.json").then((m) => m.default),
  fr: () => import("./i18n/fr.json").then((m) => m.default),
  ru: () => import("./i18n/ru.json").then((m) => m.default),
  es: () => import("./i18n/es.json").then((m) => m.default),
};

let current: Language = LANGUAGES[2];
let dictionary: Dictionary = fallback;
const listeners: Array<() => void> = [];
/** Bumped on every language change. t() and the formatters read it, so every component that rendered a
 *  string subscribes to it and re-renders at once when the language changes. */
const revision = signal(0);

export function isLanguageCode(value: string | null | undefined): value is LanguageCode {
  return LANGUAGES.some((l) => l.code === value);
}

/** The remembered choice, else the first of the browser's languages that we have, else English. */
export function detectLanguage(): LanguageCode {
  const remembered = storedLanguage();
  if (isLanguageCode(remembered)) {
    return remembered;
  }
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of preferred) {
    const primary = (tag ?? "").toLowerCase().split("-")[0];
    if (isLanguageCode(primary)) {
      return primary;
    }
  }
  return "en";
}

export function currentLanguage(): Language {
  void revision.value;
  return current;
}

export function t(key: MessageKey, params?: MessageArgs): string {
  void revision.value;
  const raw = dictionary[key] ?? fallback[key] ?? key;
  if (!raw.includes("{")) return raw;
  let format = compiled.get(key);
  if (!format) {
    try {
      // Tags stay text: a name like "<b>" in an argument or a message is never markup.
      format = new IntlMessageFormat(raw, current.locale, undefined, { ignoreTag: true });
    } catch {
      return raw; // the build checks every message; a broken one still shows something
    }
    compiled.set(key, format);
  }
  try {
    return String(format.format(params ? isolated(params) : {}));
  } catch {
    return raw; // an argument missing at run time
  }
}

const RTL_CHAR = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/u;
const HAS_LETTER = /\p{L}/u;

/**
 * Names and other text put into a message are bidi-isolated (FSI … PDI) where direction can mix: on an
 * RTL page, or when the text itself has RTL letters. "(Interpol)" then keeps its brackets on an Arabic
 * page, and an Arabic name does not reorder the English sentence around it.
 */
function isolated(params: MessageArgs): MessageArgs {
  const rtlPage = current.dir === "rtl";
  let out: Record<string, string | number> | null = null;
  for (const [name, value] of Object.entries(params)) {
    // Numbers and codes without letters cannot reorder anything (and a default like "Room 1" stays clean data).
    if (typeof value !== "string" || !HAS_LETTER.test(value) || !(rtlPage || RTL_CHAR.test(value))) continue;
    out ??= { ...params };
    out[name] = `\u2068${value}\u2069`;
  }
  return out ?? params;
}

/** A key made at run time (an error code, a state name): checked against the dictionary, else null. */
function knownKey(key: string): MessageKey | null {
  return key in fallback ? (key as MessageKey) : null;
}

/** The text of a key made at run time, or otherwise (e.g. the server's raw value) when there is none. */
export function tKnown(key: string, otherwise: string): string {
  const k = knownKey(key);
  return k ? t(k) : otherwise;
}

export function onLanguageChange(listener: () => void): void {
  listeners.push(listener);
}

export async function setLanguage(code: LanguageCode, remember: boolean): Promise<void> {
  const language = LANGUAGES.find((l) => l.code === code) ?? LANGUAGES[2];
  dictionary = await loaders[language.code]();
  current = language;
  compiled.clear();
  if (remember) {
    saveLanguage(language.code);
  }
  const html = document.documentElement;
  html.lang = language.locale;
  html.dir = language.dir;
  timeFormat = null;
  dateTimeFormat = null;
  numberFormat = null;
  revision.value++;
  for (const listener of listeners) {
    listener();
  }
}

let timeFormat: Intl.DateTimeFormat | null = null;
let dateTimeFormat: Intl.DateTimeFormat | null = null;
let numberFormat: Intl.NumberFormat | null = null;

/** Time of day for today's messages, date and time for older ones, in the chosen language. */
export function formatMessageTime(iso: string, now = new Date()): string {
  void revision.value;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return "";
  }
  const sameDay =
    date.getFullYear() === now.getFullYear() &&
    date.getMonth() === now.getMonth() &&
    date.getDate() === now.getDate();
  if (sameDay) {
    timeFormat ??= new Intl.DateTimeFormat(current.locale, { hour: "numeric", minute: "2-digit" });
    return timeFormat.format(date);
  }
  dateTimeFormat ??= new Intl.DateTimeFormat(current.locale, { dateStyle: "medium", timeStyle: "short" });
  return dateTimeFormat.format(date);
}

export function formatFullTime(iso: string): string {
  void revision.value;
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? ""
    : new Intl.DateTimeFormat(current.locale, { dateStyle: "full", timeStyle: "medium" }).format(date);
}

export function formatNumber(value: number): string {
  void revision.value;
  numberFormat ??= new Intl.NumberFormat(current.locale);
  return numberFormat.format(value);
}

/** A localized, actionable message for a protocol error code. */
export function errorMessage(code: string): string {
  const key = knownKey(`error.${code}`);
  return key ? t(key) : t("error.unknown", { code });
}
