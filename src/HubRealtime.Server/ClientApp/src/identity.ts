import { USER_ID_PATTERN, newUuid } from "./protocol";

const KEYS = {
  userId: "hubrealtime.userId",
  displayName: "hubrealtime.displayName",
  lastRoom: "hubrealtime.lastRoom",
  language: "hubrealtime.language",
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

/** The stable user id of this browser, generated once. */
export function getUserId(): string {
  const existing = read(KEYS.userId);
  if (existing && USER_ID_PATTERN.test(existing)) {
    return existing;
  }
  const id = `u-${newUuid()}`;
  write(KEYS.userId, id);
  return id;
}

export const storedDisplayName = (): string => read(KEYS.displayName) ?? "";
export const saveDisplayName = (name: string): void => write(KEYS.displayName, name);
export const storedLastRoom = (): string | null => read(KEYS.lastRoom);
export const saveLastRoom = (roomId: string): void => write(KEYS.lastRoom, roomId);
export const storedLanguage = (): string | null => read(KEYS.language);
export const saveLanguage = (code: string): void => write(KEYS.language, code);
