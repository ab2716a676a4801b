// A named note's doc from its title: 1–32 of [a-z0-9-], different from every doc the room keeps.
const MAX = 32;

/** "Budget 2027 – draft" → "budget-2027-draft"; a title with no letter or digit of a–z, 0–9 gives "note". */
export function slugOf(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX)
    .replace(/-+$/g, "");
  return slug || "note";
}

/** The slug, or the slug with "-2", "-3", … (cut to fit) when a doc of that name exists. */
export function uniqueDoc(title: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base = slugOf(title);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const doc = `${base.slice(0, MAX - suffix.length).replace(/-+$/g, "")}${suffix}`;
    if (!used.has(doc)) return doc;
  }
}
