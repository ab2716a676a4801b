const KEYS = {
  lastRoom: "hubrealtime.lastRoom",
  language: "hubrealtime.language",
  helpSound: "hubrealtime.helpSound",
  consoleLayout: "hubrealtime.consoleLayout",
} as const;

const memory = new Map<string, string>();

// localStorage can be missing or throw (privacy modes, storage disabled): fall back to memory.
function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return memory.get(key) ?? null;
  }
}

function write(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    memory.set(key, value);
  }
}

export const storedLastRoom = (): string | null => read(KEYS.lastRoom);
export const saveLastRoom = (roomId: string): void => write(KEYS.lastRoom, roomId);
export const storedLanguage = (): string | null => read(KEYS.language);
export const saveLanguage = (code: string): void => write(KEYS.language, code);
export const storedHelpSoundOff = (): boolean => read(KEYS.helpSound) === "off";
export const saveHelpSoundOff = (off: boolean): void => write(KEYS.helpSound, off ? "off" : "on");
/** The facilitator console takes the page unless the facilitator chose to keep it beside the chat. */
export const storedConsoleWide = (): boolean => read(KEYS.consoleLayout) !== "beside";
export const saveConsoleWide = (wide: boolean): void => write(KEYS.consoleLayout, wide ? "wide" : "beside");
