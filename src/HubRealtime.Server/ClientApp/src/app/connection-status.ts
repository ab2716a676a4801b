// The live connection's state as signals, for the header (and later the offline banner).
import { signal } from "@preact/signals";
import type { ConnectionState } from "../connection";

export const connectionState = signal<ConnectionState>("idle");
/** When an offline connection tries again (ms since the epoch), else null. */
export const nextRetryAt = signal<number | null>(null);

let reconnect: () => void = () => undefined;

/** The owner of the connection says how to retry at once. */
export function setReconnectAction(action: () => void): void {
  reconnect = action;
}

export function reconnectNow(): void {
  reconnect();
}
