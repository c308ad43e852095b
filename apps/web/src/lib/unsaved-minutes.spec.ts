import { dropUnsavedMinutes, forgetAllUnsavedMinutes, readUnsavedMinutes, unsavedMinutesKey, writeUnsavedMinutes } from './unsaved-minutes';

/** A Storage in memory (the unit tests run in Node, without a browser's sessionStorage). */
function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() { return m.size; },
    key: (i: number) => [...m.keys()][i] ?? null,
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
    clear: () => m.clear(),
  };
}

const form = { attendance: [], question: '', summary: 'teksti', actions: [], disclosures: [], nextDate: '', nextTime: '', nextNote: '' };

describe('minutes edits kept in the tab', () => {
  it('keeps an entry per meeting and version, reads back only a well-formed one, and forgets them all at sign-out', () => {
    const store = memoryStorage();
    const key = unsavedMinutesKey('meeting-1', 2);
    expect(key).toBe('kohtaamo.minutes-unsaved.meeting-1.v2');
    expect(writeUnsavedMinutes(store, key, { minutesId: 'm', personId: 'p', revision: 3, base: form, form: { ...form, summary: 'uusi' } })).toBe(true);
    expect(readUnsavedMinutes(store, key)?.form.summary).toBe('uusi');
    store.setItem(unsavedMinutesKey('meeting-2', 1), '{not json');
    expect(readUnsavedMinutes(store, unsavedMinutesKey('meeting-2', 1))).toBeNull();
    store.setItem('other', 'x');
    forgetAllUnsavedMinutes(store);
    expect(readUnsavedMinutes(store, key)).toBeNull();
    expect(store.length).toBe(1);
    dropUnsavedMinutes(undefined, key);
    expect(writeUnsavedMinutes(undefined, key, { minutesId: 'm', personId: 'p', revision: 3, base: form, form })).toBe(false);
  });
});
