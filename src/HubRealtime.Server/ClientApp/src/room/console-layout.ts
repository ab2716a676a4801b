// Where a facilitator's console sits on the meeting page: across the page (the default: rooms as cards, the
// chat in a narrow column beside it) or in the side column beside the chat. Remembered in this browser.
import { signal } from "@preact/signals";
import { saveConsoleWide, storedConsoleWide } from "../identity";

export const consoleWide = signal(storedConsoleWide());

export function setConsoleWide(wide: boolean): void {
  consoleWide.value = wide;
  saveConsoleWide(wide);
}
