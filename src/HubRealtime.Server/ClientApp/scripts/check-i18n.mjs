// Fails the build when the language resources disagree: every language must have exactly the keys
// of en.json, with the same {placeholders}, and every key used in index.html or t("...") must exist.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const dir = join(root, "src", "i18n");
const languages = ["ar", "zh", "en", "fr", "ru", "es"];
const load = (lang) => JSON.parse(readFileSync(join(dir, `${lang}.json`), "utf8"));
const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(",");

const problems = [];
const files = readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();
if (files.join() !== [...languages].sort().join()) {
  problems.push(`resource files are ${files.join(", ")}; expected ${languages.join(", ")}`);
}
const en = load("en");
for (const lang of languages) {
  const dict = load(lang);
  for (const key of Object.keys(en)) {
    if (typeof dict[key] !== "string" || dict[key].trim() === "") problems.push(`${lang}: missing "${key}"`);
    else if (placeholders(dict[key]) !== placeholders(en[key])) problems.push(`${lang}: placeholders of "${key}" differ from en`);
  }
  for (const key of Object.keys(dict)) {
    if (!(key in en)) problems.push(`${lang}: unknown key "${key}"`);
  }
}

const used = new Set();
const html = readFileSync(join(root, "index.html"), "utf8");
for (const m of html.matchAll(/data-i18n(?:-[a-z-]+)?="([^"]+)"/g)) used.add(m[1]);
const walk = (d) => readdirSync(d, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? walk(join(d, e.name)) : /\.tsx?$/.test(e.name) ? [join(d, e.name)] : []);
for (const file of walk(join(root, "src"))) {
  const text = readFileSync(file, "utf8");
  for (const m of text.matchAll(/\bt\(\s*"([^"]+)"/g)) used.add(m[1]);
}
for (const key of used) {
  if (!(key in en)) problems.push(`key "${key}" is used but not in en.json`);
}

if (problems.length > 0) {
  console.error(`i18n check failed:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`i18n check: ${Object.keys(en).length} keys in ${languages.length} languages, ${used.size} used statically.`);
