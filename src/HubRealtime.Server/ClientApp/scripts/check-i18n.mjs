// Fails the build when the language resources disagree: every language must have exactly the keys
// of en.json, each a valid ICU message with the same arguments, every plural with an "other" case and
// the forms its language uses; every key the code names must exist (t("...") keys are also typed).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { IntlMessageFormat } from "intl-messageformat";

const root = new URL("..", import.meta.url).pathname;
const dir = join(root, "src", "i18n");
const languages = ["ar", "zh", "en", "fr", "ru", "es"];
const load = (lang) => JSON.parse(readFileSync(join(dir, `${lang}.json`), "utf8"));
const locales = { ar: "ar", zh: "zh-Hans", en: "en", fr: "fr", ru: "ru", es: "es" };
// AST node types of @formatjs/icu-messageformat-parser: 1 argument, 2 number, 3 date, 4 time, 5 select, 6 plural.
const ARGUMENT_TYPES = new Set([1, 2, 3, 4, 5, 6]);
// French and Spanish "many" is only for exact millions ("1 000 000 de personnes"): "other" reads right.
const OPTIONAL_FORMS = { fr: ["many"], es: ["many"] };

/** The message's argument names (sorted, joined) and its problems; null when it does not parse. */
function analyse(lang, key, message) {
  let ast;
  try {
    ast = new IntlMessageFormat(message, locales[lang], undefined, { ignoreTag: true }).getAst();
  } catch (error) {
    return { args: null, problems: [`${lang}: "${key}" is not a valid ICU message (${error.message})`] };
  }
  const args = new Set();
  const problems = [];
  const forms = new Intl.PluralRules(locales[lang]).resolvedOptions().pluralCategories;
  const walk = (nodes) => {
    for (const node of nodes) {
      if (ARGUMENT_TYPES.has(node.type)) args.add(node.value);
      if (node.type === 6) {
        const cases = Object.keys(node.options);
        if (!cases.includes("other")) problems.push(`${lang}: plural in "${key}" has no "other" case`);
        for (const form of forms) {
          if (!cases.includes(form) && !(OPTIONAL_FORMS[lang] ?? []).includes(form)) problems.push(`${lang}: plural in "${key}" lacks the "${form}" form`);
        }
      }
      if (node.options) for (const option of Object.values(node.options)) walk(option.value);
    }
  };
  walk(ast);
  return { args: [...args].sort().join(","), problems };
}

const problems = [];
const files = readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();
if (files.join() !== [...languages].sort().join()) {
  problems.push(`resource files are ${files.join(", ")}; expected ${languages.join(", ")}`);
}
const en = load("en");
for (const lang of languages) {
  const dict = load(lang);
  for (const key of Object.keys(en)) {
    if (typeof dict[key] !== "string" || dict[key].trim() === "") {
      problems.push(`${lang}: missing "${key}"`);
      continue;
    }
    const mine = analyse(lang, key, dict[key]);
    problems.push(...mine.problems);
    const reference = analyse("en", key, en[key]);
    if (mine.args !== null && reference.args !== null && mine.args !== reference.args) {
      problems.push(`${lang}: the arguments of "${key}" (${mine.args}) differ from en (${reference.args})`);
    }
  }
  for (const key of Object.keys(dict)) {
    if (!(key in en)) problems.push(`${lang}: unknown key "${key}"`);
  }
}

const used = new Set();
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
