// A facilitator's alert for help requests: the count (title and navigation badges) and a short tone
// for each new request, which the facilitator can mute (remembered in this browser).
import { signal } from "@preact/signals";
import { saveHelpSoundOff, storedHelpSoundOff } from "../identity";

/** Open help requests of the meeting this facilitator runs (0 for everyone else). */
export const openHelp = signal(0);
export const helpSoundOff = signal(storedHelpSoundOff());

export function setHelpSoundOff(off: boolean): void {
  helpSoundOff.value = off;
  saveHelpSoundOff(off);
}

let audio: AudioContext | null = null;

/** Two short notes, made on the spot (no sound file to load); silent when muted or not allowed yet. */
export function playHelpTone(): void {
  if (helpSoundOff.value || typeof AudioContext === "undefined") return;
  try {
    audio ??= new AudioContext();
    const start = audio.currentTime;
    for (const [i, frequency] of [880, 660].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(0.15, start + i * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.001, start + i * 0.18 + 0.16);
      osc.connect(gain).connect(audio.destination);
      osc.start(start + i * 0.18);
      osc.stop(start + i * 0.18 + 0.17);
    }
  } catch {
    // Browsers refuse audio before the first user gesture: the badges still show.
  }
}
