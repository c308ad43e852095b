import type { components } from '../api/schema';
import { helsinkiDate, helsinkiOffsetMinutes } from '../lib/time';

export type Minutes = components['schemas']['MinutesDto'];
export type Attendance = Minutes['attendance'][number]['attendance'];

/**
 * The minutes editor's form: what a person types, as strings (dates as they write them: 1.4.2030 or
 * 2030-04-01). `toBody` turns it into the API's PATCH body; `validate` says what the API would refuse, so
 * the autosave never sends what cannot be saved. Pure: no I/O, no clock.
 */
export interface MinutesForm {
  attendance: Array<{ participantId: string | null; name: string; kind: Minutes['attendance'][number]['kind']; organisation: string; attendance: Attendance }>;
  question: string;
  summary: string;
  actions: Array<{ what: string; responsible: string; due: string }>;
  disclosures: Array<{ what: string; toOrganisation: string; basis: string }>;
  nextDate: string;
  nextTime: string;
  nextNote: string;
}

export type MinutesBody = components['schemas']['UpdateMinutesDto'];

/** 1.4.2030, 01.04.2030 or 2030-04-01 → 2030-04-01; anything else (or an impossible day) → null. */
export function parseDate(raw: string): string | null {
  const s = raw.trim();
  let y: number, m: number, d: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  const fin = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (fin) [d, m, y] = [Number(fin[1]), Number(fin[2]), Number(fin[3])];
  else return null;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** 13.00, 13:00 or 9.5 → [13, 0]; null when not a time of day. */
export function parseTime(raw: string): [number, number] | null {
  const m = /^(\d{1,2})(?:[.:](\d{1,2}))?$/.exec(raw.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = m[2] === undefined ? 0 : Number(m[2]);
  return h < 24 && min < 60 ? [h, min] : null;
}

/** 2030-04-01 → 1.4.2030 (how Finnish and Swedish readers write it; English readers read it too). */
export function showDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${Number(m[3])}.${Number(m[2])}.${m[1]}` : iso;
}

/** A Helsinki wall-clock date and time → the ISO instant. */
export function helsinkiInstant(date: string, [h, min]: [number, number]): string {
  const [y, m, d] = date.split('-').map(Number);
  const asUtc = Date.UTC(y, m - 1, d, h, min);
  // the offset at that wall-clock time (two tries settle it across a DST switch)
  let at = asUtc - helsinkiOffsetMinutes(new Date(asUtc)) * 60_000;
  at = asUtc - helsinkiOffsetMinutes(new Date(at)) * 60_000;
  return new Date(at).toISOString();
}

function wallClock(iso: string): { date: string; time: string } {
  const date = helsinkiDate(iso);
  const at = new Date(new Date(iso).getTime() + helsinkiOffsetMinutes(iso) * 60_000);
  return { date: showDate(date), time: `${at.getUTCHours()}.${String(at.getUTCMinutes()).padStart(2, '0')}` };
}

export function toForm(m: Minutes): MinutesForm {
  const next = m.nextMeeting?.at ? wallClock(m.nextMeeting.at) : { date: '', time: '' };
  return {
    attendance: m.attendance.map((a) => ({ participantId: a.participantId, name: a.name, kind: a.kind, organisation: a.organisation ?? '', attendance: a.attendance })),
    question: m.question ?? '',
    summary: m.summary,
    actions: m.actions.map((a) => ({ what: a.what, responsible: a.responsibleName ?? '', due: showDate(a.dueDate) })),
    disclosures: m.disclosures.map((d) => ({ what: d.what, toOrganisation: d.toOrganisation, basis: d.basis })),
    nextDate: next.date,
    nextTime: next.time,
    nextNote: m.nextMeeting?.note ?? '',
  };
}

/**
 * The API's limits on the minutes' texts, in characters (apps/api/src/minutes/minutes.dto.ts: its
 * @MaxLength on each field, counted after trimming). The inputs carry them as maxLength.
 */
export const LIMITS = {
  attendanceName: 200, question: 4000, summary: 20000, actionWhat: 2000, responsible: 200, disclosureWhat: 2000, disclosureTo: 200, basis: 500, nextNote: 1000,
} as const;

/** The limit of a field of the form by its id (`action-0-what` → 2000), or undefined for one without. */
export function limitOf(fieldId: string): number | undefined {
  if (fieldId === 'minutes-question') return LIMITS.question;
  if (fieldId === 'minutes-summary') return LIMITS.summary;
  if (fieldId === 'next-note') return LIMITS.nextNote;
  if (/^attendance-\d+$/.test(fieldId)) return LIMITS.attendanceName;
  const m = /^(action|disclosure)-\d+-(\w+)$/.exec(fieldId);
  if (!m) return undefined;
  const limits: Record<string, number> = { 'action.what': LIMITS.actionWhat, 'action.responsible': LIMITS.responsible, 'disclosure.what': LIMITS.disclosureWhat, 'disclosure.to': LIMITS.disclosureTo, 'disclosure.basis': LIMITS.basis };
  return limits[`${m[1]}.${m[2]}`];
}

/** Field ids of the form (as the page names its inputs) → a reason code for the page to word (`too_long`: with limitOf). */
export type FormErrorCode = 'required' | 'date' | 'time' | 'too_long';
export type FormErrors = Record<string, FormErrorCode>;

export function validate(f: MinutesForm): FormErrors {
  const e: FormErrors = {};
  const long = (id: string, value: string) => {
    if (e[id] === undefined && value.trim().length > (limitOf(id) ?? Infinity)) e[id] = 'too_long';
  };
  f.attendance.forEach((a, i) => {
    if (!a.name.trim()) e[`attendance-${i}`] = 'required';
    long(`attendance-${i}`, a.name);
  });
  long('minutes-question', f.question);
  long('minutes-summary', f.summary);
  f.actions.forEach((a, i) => {
    if (!a.what.trim()) e[`action-${i}-what`] = 'required';
    if (!a.due.trim()) e[`action-${i}-due`] = 'required';
    else if (parseDate(a.due) === null) e[`action-${i}-due`] = 'date';
    long(`action-${i}-what`, a.what);
    long(`action-${i}-responsible`, a.responsible);
  });
  f.disclosures.forEach((d, i) => {
    if (!d.what.trim()) e[`disclosure-${i}-what`] = 'required';
    if (!d.toOrganisation.trim()) e[`disclosure-${i}-to`] = 'required';
    if (!d.basis.trim()) e[`disclosure-${i}-basis`] = 'required';
    long(`disclosure-${i}-what`, d.what);
    long(`disclosure-${i}-to`, d.toOrganisation);
    long(`disclosure-${i}-basis`, d.basis);
  });
  if (f.nextDate.trim() && parseDate(f.nextDate) === null) e['next-date'] = 'date';
  if (f.nextTime.trim() && parseTime(f.nextTime) === null) e['next-time'] = 'time';
  if (f.nextTime.trim() && !f.nextDate.trim()) e['next-date'] = 'required';
  long('next-note', f.nextNote);
  return e;
}

/**
 * The form's field id of a field the API names in a refusal (`actions[0].what` or `actions.0.what` →
 * `action-0-what`), or undefined when the form has no such field.
 */
/**
 * The API's refused fields by form field: each field's distinct reasons joined with "; " (a summary holding
 * a name and a phone number says both), in the API's order; fields the form does not have are left out.
 */
export function reasonsByField(fields: ReadonlyArray<{ field: string; reason: string }>, fieldOf: (apiField: string) => string | undefined = formFieldOf): Map<string, string> {
  const all = new Map<string, string[]>();
  for (const p of fields) {
    const id = fieldOf(p.field);
    if (id === undefined) continue;
    const reasons = all.get(id) ?? [];
    if (!reasons.includes(p.reason)) reasons.push(p.reason);
    all.set(id, reasons);
  }
  return new Map([...all].map(([id, reasons]) => [id, reasons.join('; ')]));
}

export function formFieldOf(apiField: string): string | undefined {
  const path = apiField.replace(/\[(\d+)\]/g, '.$1');
  if (path === 'question') return 'minutes-question';
  if (path === 'summary') return 'minutes-summary';
  if (path === 'nextMeeting.note') return 'next-note';
  if (path === 'nextMeeting.at' || path === 'nextMeeting') return 'next-date';
  const attendance = /^attendance\.(\d+)(\..*)?$/.exec(path);
  if (attendance) return `attendance-${attendance[1]}`;
  const action = /^actions\.(\d+)\.(what|responsibleName|responsiblePersonId|dueDate)$/.exec(path);
  if (action) return `action-${action[1]}-${{ what: 'what', responsibleName: 'responsible', responsiblePersonId: 'responsible', dueDate: 'due' }[action[2]]}`;
  const disclosure = /^disclosures\.(\d+)\.(what|toOrganisation|basis)$/.exec(path);
  if (disclosure) return `disclosure-${disclosure[1]}-${{ what: 'what', toOrganisation: 'to', basis: 'basis' }[disclosure[2]]}`;
  return undefined;
}

/** The section a field of the form belongs to (what one PATCH saves or leaves out as a whole). */
export function sectionOfField(fieldId: string): Section | undefined {
  if (fieldId === 'minutes-question') return 'question';
  if (fieldId === 'minutes-summary') return 'summary';
  if (fieldId.startsWith('attendance-')) return 'attendance';
  if (fieldId.startsWith('action-')) return 'actions';
  if (fieldId.startsWith('disclosure-')) return 'disclosures';
  if (fieldId.startsWith('next-')) return 'next';
  return undefined;
}

/**
 * The PATCH body of a form: every section, or only `sections` (the others are left out and stay as the
 * API has them). The sections sent must be valid (validate() first).
 */
export function toBody(f: MinutesForm, sections: readonly Section[] = SECTIONS): MinutesBody {
  const date = parseDate(f.nextDate);
  const at = date === null ? undefined : helsinkiInstant(date, parseTime(f.nextTime) ?? [0, 0]);
  const all: Record<Section, Partial<MinutesBody>> = {
    attendance: { attendance: f.attendance.map((a) => ({ ...(a.participantId ? { participantId: a.participantId } : {}), name: a.name.trim(), kind: a.kind, organisation: a.organisation.trim() || undefined, attendance: a.attendance })) },
    question: { question: f.question },
    summary: { summary: f.summary },
    actions: { actions: f.actions.map((a) => ({ what: a.what.trim(), ...(a.responsible.trim() ? { responsibleName: a.responsible.trim() } : {}), dueDate: parseDate(a.due) ?? a.due })) },
    disclosures: { disclosures: f.disclosures.map((d) => ({ what: d.what.trim(), toOrganisation: d.toOrganisation.trim(), basis: d.basis.trim() })) },
    next: { nextMeeting: { ...(at ? { at } : {}), ...(f.nextNote.trim() ? { note: f.nextNote.trim() } : {}) } },
  };
  return Object.assign({}, ...sections.map((s) => all[s])) as MinutesBody;
}

export const SECTIONS = ['attendance', 'question', 'summary', 'actions', 'disclosures', 'next'] as const;
export type Section = (typeof SECTIONS)[number];

/** A section of the form as one comparable string. */
export function section(f: MinutesForm, s: Section): string {
  switch (s) {
    case 'attendance':
      return JSON.stringify(f.attendance);
    case 'question':
      return f.question;
    case 'summary':
      return f.summary;
    case 'actions':
      return JSON.stringify(f.actions);
    case 'disclosures':
      return JSON.stringify(f.disclosures);
    case 'next':
      return JSON.stringify([f.nextDate, f.nextTime, f.nextNote]);
  }
}

function take(into: MinutesForm, from: MinutesForm, s: Section): void {
  switch (s) {
    case 'attendance':
      into.attendance = from.attendance;
      return;
    case 'question':
      into.question = from.question;
      return;
    case 'summary':
      into.summary = from.summary;
      return;
    case 'actions':
      into.actions = from.actions;
      return;
    case 'disclosures':
      into.disclosures = from.disclosures;
      return;
    case 'next':
      into.nextDate = from.nextDate;
      into.nextTime = from.nextTime;
      into.nextNote = from.nextNote;
      return;
  }
}

/**
 * Three-way merge after a conflicting save, section by section: `base` is what this editor last saved
 * or read, `mine` what it shows now, `theirs` what the server holds. A section only one side changed
 * takes that side; one both changed differently keeps mine (nothing typed here is lost) and is reported,
 * with their text, so the person can take theirs in by hand.
 */
export function merge(base: MinutesForm, mine: MinutesForm, theirs: MinutesForm): { merged: MinutesForm; conflicts: Section[] } {
  const merged: MinutesForm = { ...mine };
  const conflicts: Section[] = [];
  for (const s of SECTIONS) {
    const b = section(base, s);
    const m = section(mine, s);
    const t = section(theirs, s);
    if (m === b) take(merged, theirs, s);
    else if (t !== b && t !== m) conflicts.push(s);
  }
  return { merged, conflicts };
}

export function sameForm(a: MinutesForm, b: MinutesForm): boolean {
  return SECTIONS.every((s) => section(a, s) === section(b, s));
}

/** Their text of a section, as plain lines (shown when both changed it). */
export function sectionText(f: MinutesForm, s: Section): string {
  switch (s) {
    case 'attendance':
      return f.attendance.map((a) => `${a.name}: ${a.attendance}`).join('\n');
    case 'question':
      return f.question;
    case 'summary':
      return f.summary;
    case 'actions':
      return f.actions.map((a) => `${a.what} – ${a.responsible} – ${a.due}`).join('\n');
    case 'disclosures':
      return f.disclosures.map((d) => `${d.what} → ${d.toOrganisation} (${d.basis})`).join('\n');
    case 'next':
      return [f.nextDate, f.nextTime, f.nextNote].filter(Boolean).join(' ');
  }
}

/** The sections in which `f` differs from `base`. */
export function changedSections(base: MinutesForm, f: MinutesForm): Section[] {
  return SECTIONS.filter((s) => section(base, s) !== section(f, s));
}

/** `base` with `sections` taken from `from` (what the server holds after a save of only those sections). */
export function withSections(base: MinutesForm, from: MinutesForm, sections: readonly Section[]): MinutesForm {
  const out: MinutesForm = { ...base };
  for (const s of sections) take(out, from, s);
  return out;
}

/** Edits kept in the browser until saved (see lib/unsaved-minutes.ts): the form, and the server's version it was based on. */
export interface UnsavedEdits {
  minutesId: string;
  /** who typed them: another person signing in to the same tab does not get them */
  personId: string;
  /** the draft's revision `base` is */
  revision: number;
  base: MinutesForm;
  form: MinutesForm;
}

/**
 * The editor's start after a reload with unsaved edits kept: the kept form if the draft has not been
 * saved since, else the three-way merge of the kept edits into what the server holds now (sections both
 * changed keep the kept text, and are reported). Null when there is nothing to restore (another draft,
 * another person, or nothing that differs from the server).
 */
export function restoreUnsaved(kept: UnsavedEdits, server: Minutes, personId: string): { form: MinutesForm; conflicts: Section[] } | null {
  if (kept.minutesId !== server.id || kept.personId !== personId || server.status !== 'draft') return null;
  const theirs = toForm(server);
  const { merged, conflicts } = kept.revision === server.revision ? { merged: kept.form, conflicts: [] as Section[] } : merge(kept.base, kept.form, theirs);
  return sameForm(merged, theirs) ? null : { form: merged, conflicts };
}
