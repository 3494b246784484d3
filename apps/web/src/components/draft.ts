import { useCallback, useEffect, useRef, useState } from "react";
import { useUnsavedChanges } from "./unsaved-changes.ts";

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
 * `clear()` forgets the draft after a successful save. While it differs, leaving the page asks first
 * (`useUnsavedChanges`).
 */
export function useDraft<T>(
  key: string,
  initial: T,
): [T, (next: T | ((prev: T) => T)) => void, (next?: T) => void] {
  const initialJson = JSON.stringify(initial);
  const [value, setValue] = useState<T>(() => read<T>(key) ?? initial);
  // A form the user has not touched follows what the server now says (e.g. evidence linked by an upload).
  const previousInitial = useRef(initialJson);
  if (previousInitial.current !== initialJson) {
    if (JSON.stringify(value) === previousInitial.current) setValue(initial);
    previousInitial.current = initialJson;
  }
  useUnsavedChanges(JSON.stringify(value) !== initialJson);
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
