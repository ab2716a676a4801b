// Random conformance cases for the C# delta (HubRealtime.Abstractions.Notes) against quill-delta 5.1.0.
// Usage: node generate-cases.mjs SEED COUNT  — writes COUNT cases of every kind as JSON lines on stdout:
//   {"kind":"compose","a":DELTA,"b":DELTA,"expected":DELTA}
//   {"kind":"transform","a":DELTA,"b":DELTA,"priority":BOOL,"expected":DELTA}
//   {"kind":"transformPosition","a":DELTA,"index":N,"priority":BOOL,"expected":N}
//   {"kind":"invert","a":DELTA,"base":DELTA,"expected":DELTA}
//   {"kind":"slice","a":DELTA,"start":N,"end":N|null,"expected":DELTA}
//   {"kind":"concat","a":DELTA,"b":DELTA,"expected":DELTA}
// The same seed gives the same cases. Cuts fall between code points only (a lone surrogate cannot cross
// System.Text.Json), so emoji stay whole.
import Delta from 'quill-delta';

const [seedArg, countArg] = process.argv.slice(2);
const seed = Number.parseInt(seedArg ?? '1', 10) >>> 0;
const count = Number.parseInt(countArg ?? '1000', 10);
if (!Number.isFinite(count) || count < 0) {
  console.error('usage: node generate-cases.mjs SEED COUNT');
  process.exit(2);
}

// mulberry32: small, fast and seeded.
let state = seed;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n) => Math.floor(random() * n); // 0 .. n-1
const chance = (p) => random() < p;
const pick = (items) => items[int(items.length)];

// Code points: ASCII, Arabic, CJK, emoji (surrogate pairs, a skin tone modifier, a flag), newlines.
const CODE_POINTS = [
  ...'abcdefghijklmnopqrstuvwxyz ABC .,!?'.split(''),
  '\n', '\n', '\n',
  ...'مرحبابالعالم'.split(''),
  ...'你好世界中文测试'.split(''),
  ...Array.from('😀👍🏽🎉🇸🇦💡'),
  '"', '\\', '\t',
];

function randomText(maxCodePoints) {
  let text = '';
  const n = 1 + int(maxCodePoints);
  for (let i = 0; i < n; i++) {
    text += pick(CODE_POINTS);
  }
  return text;
}

// Quill's formats with the values they take; null removes a format in a change.
const FORMATS = {
  bold: [true],
  italic: [true],
  underline: [true],
  strike: [true],
  header: [1, 2, 3],
  list: ['bullet', 'ordered', 'checked'],
  indent: [1, 2, 3],
  align: ['center', 'right', 'justify'],
  color: ['#e60000', '#0066cc'],
  background: ['#ffff00'],
  link: ['https://example.com/a?b=1&c=<2>', 'https://مثال.com/中'],
  size: ['small', 'large', 'huge'],
  font: ['serif', 'monospace'],
  script: ['sub', 'super'],
  lineHeight: [1.5, 2],
};
const FORMAT_NAMES = Object.keys(FORMATS);

function randomAttributes(nullChance, emptyChance) {
  if (emptyChance > 0 && chance(emptyChance)) {
    return {};
  }
  if (!chance(0.45)) {
    return undefined;
  }
  const attributes = {};
  const n = 1 + int(3);
  for (let i = 0; i < n; i++) {
    const name = pick(FORMAT_NAMES);
    attributes[name] = chance(nullChance) ? null : pick(FORMATS[name]);
  }
  return attributes;
}

// Builds either through quill-delta's normalizing builder or, for "raw" deltas, as a plain op array
// (what an unnormalized JSON message would give).
function makeBuilder(raw) {
  const ops = [];
  const delta = new Delta();
  return {
    add(op) {
      if (raw) {
        ops.push(op);
      } else if (op.insert !== undefined) {
        delta.insert(op.insert, op.attributes);
      } else if (op.retain !== undefined) {
        delta.retain(op.retain, op.attributes);
      } else {
        delta.delete(op.delete);
      }
    },
    build() {
      return raw ? new Delta(ops) : delta;
    },
  };
}

function randomDocument() {
  const raw = chance(0.15);
  const builder = makeBuilder(raw);
  const n = int(7);
  for (let i = 0; i < n; i++) {
    builder.add(withAttributes({ insert: randomText(6) }, randomAttributes(raw ? 0.1 : 0, raw ? 0.03 : 0)));
  }
  if (chance(0.7)) {
    builder.add(withAttributes({ insert: '\n' }, randomAttributes(0, 0)));
  }
  return builder.build();
}

function withAttributes(op, attributes) {
  if (attributes !== undefined) {
    op.attributes = attributes;
  }
  return op;
}

// The positions of a document as UTF-16 lengths: 1 or 2 per code point of its text, and 1 per unit of a
// retain (a document composed with a change that ran past its end keeps that retain; deletes take no room).
function codePointLengths(doc) {
  const lengths = [];
  for (const op of doc.ops) {
    if (typeof op.insert === 'string') {
      for (const ch of op.insert) {
        lengths.push(ch.length);
      }
    } else if (typeof op.retain === 'number') {
      for (let i = 0; i < op.retain; i++) {
        lengths.push(1);
      }
    }
  }
  return lengths;
}

// A change over a document: walks its code points, so retains and deletes never split an emoji.
// Sometimes runs past the end or stops early (quill-delta just appends / the rest is kept).
function randomChange(doc) {
  const raw = chance(0.15);
  const builder = makeBuilder(raw);
  const lengths = codePointLengths(doc);
  let at = 0;
  const units = (from, n) => lengths.slice(from, from + n).reduce((sum, l) => sum + l, 0);
  const steps = 1 + int(6);
  for (let i = 0; i < steps && (at < lengths.length || chance(0.3)); i++) {
    const roll = random();
    if (roll < 0.3) {
      builder.add(withAttributes({ insert: randomText(4) }, randomAttributes(0.1, raw ? 0.03 : 0)));
    } else {
      const take = Math.max(1, Math.min(1 + int(5), lengths.length - at));
      const n = at + take <= lengths.length ? units(at, take) : 1 + int(3);
      at += take;
      if (roll < 0.55) {
        builder.add({ delete: n });
      } else {
        builder.add(withAttributes({ retain: n }, chance(0.5) ? randomAttributes(0.35, raw ? 0.03 : 0) : undefined));
      }
    }
  }
  if (chance(0.2) && at < lengths.length) {
    builder.add({ retain: units(at, lengths.length - at) });
  }
  return builder.build();
}

// Positions of a delta where a cut keeps every surrogate pair whole.
function cutPositions(delta) {
  const positions = [0];
  let at = 0;
  for (const op of delta.ops) {
    if (typeof op.insert === 'string') {
      for (const ch of op.insert) {
        at += ch.length;
        positions.push(at);
      }
    } else {
      const n = op.retain ?? op.delete;
      for (let i = 0; i < n; i++) {
        positions.push(++at);
      }
    }
  }
  return positions;
}

const randomDelta = () => (chance(0.5) ? randomDocument() : randomChange(randomDocument()));

const lines = [];
function emit(line) {
  lines.push(JSON.stringify(line));
  if (lines.length >= 2000) {
    flush();
  }
}
function flush() {
  if (lines.length > 0) {
    process.stdout.write(lines.join('\n') + '\n');
    lines.length = 0;
  }
}

for (let i = 0; i < count; i++) {
  // Compose: a document with a change, or two changes in a row.
  {
    const doc = randomDocument();
    const a = randomChange(doc);
    if (chance(0.5)) {
      emit({ kind: 'compose', a: doc, b: a, expected: doc.compose(a) });
    } else {
      const b = randomChange(doc.compose(a));
      emit({ kind: 'compose', a, b, expected: a.compose(b) });
    }
  }
  // Transform: two concurrent changes of one document, with either priority.
  for (const priority of [true, false]) {
    const doc = randomDocument();
    const a = randomChange(doc);
    const b = randomChange(doc);
    emit({ kind: 'transform', a, b, priority, expected: a.transform(b, priority) });
  }
  for (const priority of [true, false]) {
    const doc = randomDocument();
    const a = randomChange(doc);
    const index = int(doc.length() + 3);
    emit({ kind: 'transformPosition', a, index, priority, expected: a.transformPosition(index, priority) });
  }
  {
    const doc = randomDocument();
    const a = randomChange(doc);
    emit({ kind: 'invert', a, base: doc, expected: a.invert(doc) });
  }
  {
    const a = randomDelta();
    const positions = cutPositions(a);
    const start = chance(0.1) ? 0 : pick(positions);
    const end = chance(0.2) ? null : pick(positions); // sometimes before start: an empty slice
    const expected = end === null ? a.slice(start) : a.slice(start, end);
    emit({ kind: 'slice', a, start, end, expected });
  }
  {
    const a = randomDelta();
    const b = randomDelta();
    emit({ kind: 'concat', a, b, expected: a.concat(b) });
  }
}
flush();
