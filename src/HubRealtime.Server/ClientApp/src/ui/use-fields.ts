// A form's checked fields: the one that failed a check is marked aria-invalid and focused, with the reason shown.
import type { RefObject } from "preact";
import { useCallback, useLayoutEffect, useRef, useState } from "preact/hooks";

export interface Fields {
  /** The field's aria-invalid attribute. */
  invalid: (name: string) => "true" | undefined;
  /** Marks the field invalid, focuses it and shows the text. */
  fail: (name: string, input: RefObject<HTMLElement | null>, text: string) => void;
  /** The checks passed: these fields are no longer marked. */
  ok: (...names: string[]) => void;
}

export function useFields(setError: (text: string | null) => void): Fields {
  const [bad, setBad] = useState<ReadonlySet<string>>(() => new Set());
  const invalid = useCallback((name: string) => (bad.has(name) ? "true" as const : undefined), [bad]);
  const fail = useCallback((name: string, input: RefObject<HTMLElement | null>, text: string) => {
    setBad((prev) => (prev.has(name) ? prev : new Set([...prev, name])));
    input.current?.focus();
    setError(text);
  }, [setError]);
  const ok = useCallback((...names: string[]) => {
    setBad((prev) => {
      if (!names.some((n) => prev.has(n))) return prev;
      const next = new Set(prev);
      for (const n of names) next.delete(n);
      return next;
    });
  }, []);
  return { invalid, fail, ok };
}

/** Focuses an element once the next render is on the page (it may be hidden until then). */
export function useFocusLater(): (target: RefObject<HTMLElement | null>) => void {
  const pending = useRef<RefObject<HTMLElement | null> | null>(null);
  const [tick, setTick] = useState(0);
  useLayoutEffect(() => {
    const target = pending.current;
    pending.current = null;
    target?.current?.focus();
  }, [tick]);
  return useCallback((target: RefObject<HTMLElement | null>) => {
    pending.current = target;
    setTick((n) => n + 1);
  }, []);
}
