// One form action at a time: busy while it runs, its failure as text for the ErrorBox.
import { useCallback, useRef, useState } from "preact/hooks";
import { apiErrorText } from "../forms";

export interface Action {
  busy: boolean;
  error: string | null;
  setError(text: string | null): void;
  /** Runs work unless one is running; an exception becomes the error text. */
  run(work: () => Promise<void>): Promise<void>;
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
