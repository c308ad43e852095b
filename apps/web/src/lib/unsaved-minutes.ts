import type { UnsavedEdits } from '../forms/minutes';

/**
 * Minutes edits the server has not accepted yet, kept in the browser tab's sessionStorage so that nothing
 * typed is lost when a save fails (a field the API refuses, the network, an expired sign-in) and the page
 * is reloaded. sessionStorage, not localStorage: the text is client data, and it goes when the tab is
 * closed (and at sign-out, forgetAllUnsavedMinutes); the sign-in tokens live in the same store
 * (auth/oidc.ts). One entry per meeting and version of the minutes; removed once everything is saved.
 */
const PREFIX = 'kohtaamo.minutes-unsaved.';

export const unsavedMinutesKey = (meetingId: string, version: number): string => `${PREFIX}${meetingId}.v${version}`;

/** The tab's sessionStorage, or undefined where there is none (or it is blocked). */
export function sessionStore(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.sessionStorage;
  } catch {
    return undefined;
  }
}

export function readUnsavedMinutes(store: Storage | undefined, key: string): UnsavedEdits | null {
  try {
    const raw = store?.getItem(key);
    if (!raw) return null;
    const v = JSON.parse(raw) as Partial<UnsavedEdits>;
    const ok = typeof v.minutesId === 'string' && typeof v.personId === 'string' && typeof v.revision === 'number' && typeof v.form === 'object' && v.form !== null && typeof v.base === 'object' && v.base !== null;
    return ok ? (v as UnsavedEdits) : null;
  } catch {
    return null;
  }
}

/** Keeps the edits; false when the store refused (full or blocked: the page then says so). */
export function writeUnsavedMinutes(store: Storage | undefined, key: string, edits: UnsavedEdits): boolean {
  try {
    if (!store) return false;
    store.setItem(key, JSON.stringify(edits));
    return true;
  } catch {
    return false;
  }
}

export function dropUnsavedMinutes(store: Storage | undefined, key: string): void {
  try {
    store?.removeItem(key);
  } catch {
    // nothing to do: the entry goes with the tab
  }
}

/** Removes every kept minutes edit of this tab (at sign-out). */
export function forgetAllUnsavedMinutes(store: Storage | undefined = sessionStore()): void {
  if (!store) return;
  const keys: string[] = [];
  for (let i = 0; i < store.length; i++) {
    const k = store.key(i);
    if (k?.startsWith(PREFIX)) keys.push(k);
  }
  for (const k of keys) dropUnsavedMinutes(store, k);
}
