// The polite live region: short texts for screen readers (a notice came, the connection is back).
import { signal } from "@preact/signals";

/** The last few texts said; a new line in the region is what screen readers read out. */
const lines = signal<readonly { id: number; text: string }[]>([]);
let next = 0;
const KEEP = 5;

export function announce(text: string): void {
  if (!text) return;
  lines.value = [...lines.value, { id: ++next, text }].slice(-KEEP);
}

export function Announcer() {
  return (
    <div id="announcer" class="visually-hidden" aria-live="polite" aria-atomic="false">
      {lines.value.map((l) => <p key={l.id}>{l.text}</p>)}
    </div>
  );
}
