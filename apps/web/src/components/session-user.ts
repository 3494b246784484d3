/**
 * Whose work this browser tab holds: the id of the user last signed in here, kept in sessionStorage next to the
 * form drafts (draft.ts) and the chosen organisation. Drafts and the "return to where you were" after an expired
 * session belong to that user only: another user signing in gets neither, and signing out forgets them.
 */

const USER_KEY = "jcstar.sessionUser";
const DRAFT_PREFIX = "jcstar.draft.";
const ORG_KEY = "jcstar.orgId";

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** The user whose session this tab last held (null after a sign-out or in a fresh tab). */
export function sessionUser(): string | null {
  return storage()?.getItem(USER_KEY) ?? null;
}

/** Forgets every form draft and the chosen organisation of this tab. */
export function forgetTabWork(): void {
  const store = storage();
  if (!store) return;
  const keys = Array.from({ length: store.length }, (_, i) => store.key(i)).filter(
    (key): key is string => key?.startsWith(DRAFT_PREFIX) ?? false,
  );
  for (const key of keys) store.removeItem(key);
  store.removeItem(ORG_KEY);
}

/** Records who is signed in; a different user than before first loses the previous user's drafts. */
export function bindSessionUser(userId: string): void {
  const store = storage();
  if (!store) return;
  const previous = store.getItem(USER_KEY);
  if (previous !== null && previous !== userId) forgetTabWork();
  store.setItem(USER_KEY, userId);
}

/** A deliberate sign-out: nothing of this user's work stays in the tab for the next one. */
export function endSessionUser(): void {
  forgetTabWork();
  storage()?.removeItem(USER_KEY);
}

/** Where a sign-in returns to: `from` only for the user whose session ended there, else their own home. */
export function returnTarget(back: { from?: string; userId?: string } | null, userId: string | null): string {
  if (!back?.from || !back.userId || back.userId !== userId) return "/";
  return back.from;
}
