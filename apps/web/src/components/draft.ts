import { useCallback, useEffect, useRef, useState } from "react";

const PREFIX = "jcstar.draft.";

function read<T>(key: string): T | null {
  try {
    const raw = sessionStorage.getItem(PREFIX + key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

/**
 * Form state that survives a sign-in round trip: while it differs from `initial` it is kept in
 * sessionStorage under `key` (never put passwords in it), and restored when the form mounts again.
 * `clear()` forgets the draft after a successful save.
 */
export function useDraft<T>(
  key: string,
  initial: T,
): [T, (next: T | ((prev: T) => T)) => void, (next?: T) => void] {
  const initialJson = JSON.stringify(initial);
  const [value, setValue] = useState<T>(() => read<T>(key) ?? initial);
  const keyRef = useRef(key);
  keyRef.current = key;

  useEffect(() => {
    try {
      const json = JSON.stringify(value);
      if (json === initialJson) sessionStorage.removeItem(PREFIX + key);
      else sessionStorage.setItem(PREFIX + key, json);
    } catch {
      // storage full or unavailable: the draft is only kept in memory
    }
  }, [key, value, initialJson]);

  const clear = useCallback((next?: T) => {
    try {
      sessionStorage.removeItem(PREFIX + keyRef.current);
    } catch {
      // nothing to forget
    }
    if (next !== undefined) setValue(next);
  }, []);

  return [value, setValue, clear];
}
