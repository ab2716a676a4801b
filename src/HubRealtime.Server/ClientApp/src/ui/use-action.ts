// Form actions: busy while they run, their failure as text for the ErrorBox.
import { useCallback, useRef, useState } from "preact/hooks";
import { apiErrorText } from "../forms";

export interface Action {
  busy: boolean;
  error: string | null;
  setError: (text: string | null) => void;
  /** Runs work unless one is running; an exception becomes the error text. */
  run: (work: () => Promise<void>) => Promise<void>;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = useRef(false);
  const run = useCallback(async (work: () => Promise<void>) => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(apiErrorText(e));
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}

/** Several actions of one page (a button each, one per list item too) that share the page's error box. */
export interface Actions {
  /** Whether the action of this key (its button) is running. */
  busy: (key: string) => boolean;
  error: string | null;
  setError: (text: string | null) => void;
  /** Runs work unless the action of this key is running; clears the error first, shows an exception's. */
  run: (key: string, work: () => Promise<void>) => Promise<void>;
}

export function useActions(): Actions {
  const [busyKeys, setBusyKeys] = useState<ReadonlySet<string>>(() => new Set());
  const [error, setError] = useState<string | null>(null);
  const running = useRef(new Set<string>());
  const run = useCallback(async (key: string, work: () => Promise<void>) => {
    if (running.current.has(key)) return;
    running.current.add(key);
    setBusyKeys(new Set(running.current));
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(apiErrorText(e));
    } finally {
      running.current.delete(key);
      setBusyKeys(new Set(running.current));
    }
  }, []);
  const busy = useCallback((key: string) => busyKeys.has(key), [busyKeys]);
  return { busy, error, setError, run };
}
