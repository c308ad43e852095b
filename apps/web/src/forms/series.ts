import type { components } from '../api/schema';

/**
 * The session series form (a team's regular sessions): values as typed, validation (pure), and the bodies
 * for POST (everything) and PATCH (only what changed — the API keeps what is not sent). Error values are
 * catalogue keys under `sessions.errors`. Limits are the API's (apps/api/src/scheduling/scheduling.dto.ts).
 */
type CreateSeries = components['schemas']['CreateSeriesDto'];
type UpdateSeries = components['schemas']['UpdateSeriesDto'];
type Series = components['schemas']['SessionSeriesDto'];

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface SeriesForm {
  title: string;
  /** first session, Helsinki wall clock: YYYY-MM-DD and HH:mm */
  date: string;
  time: string;
  durationMinutes: string;
  slotMinutes: string;
  /** every `interval` weeks on `weekday` */
  interval: '1' | '2' | '3' | '4';
  weekday: Weekday;
  mode: Series['mode'];
  location: string;
}

export type SeriesField = keyof SeriesForm;
export type SeriesErrors = Partial<Record<SeriesField, string>>;

export const emptySeries = (): SeriesForm => ({ title: '', date: '', time: '13:00', durationMinutes: '120', slotMinutes: '20', interval: '2', weekday: 'TU', mode: 'hybrid', location: '' });

/** The weekly rules this form writes; another rule (set through the API) is kept as it is unless the form changes it. */
export function rruleOf(f: Pick<SeriesForm, 'interval' | 'weekday'>): string {
  return f.interval === '1' ? `FREQ=WEEKLY;BYDAY=${f.weekday}` : `FREQ=WEEKLY;INTERVAL=${f.interval};BYDAY=${f.weekday}`;
}

/** The form for an existing series; a rule it cannot show keeps the defaults (and is sent only if changed). */
export function seriesToForm(s: Series): SeriesForm {
  const m = /^FREQ=WEEKLY(?:;INTERVAL=([1-4]))?;BYDAY=(MO|TU|WE|TH|FR)$/.exec(s.rrule);
  return {
    title: s.title,
    date: s.dtstart.slice(0, 10),
    time: s.dtstart.slice(11, 16),
    durationMinutes: String(s.durationMinutes),
    slotMinutes: String(s.slotMinutes),
    interval: (m?.[1] ?? '1') as SeriesForm['interval'],
    weekday: (m?.[2] ?? 'TU') as Weekday,
    mode: s.mode,
    location: s.location ?? '',
  };
}

const whole = (v: string): number | null => (/^\d{1,4}$/.test(v.trim()) ? Number(v.trim()) : null);

export function validateSeries(f: SeriesForm): SeriesErrors {
  const e: SeriesErrors = {};
  if (f.title.trim() === '') e.title = 'titleRequired';
  else if (f.title.trim().length > 300) e.title = 'tooLong';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(f.date) || Number.isNaN(Date.parse(f.date))) e.date = 'dateInvalid';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(f.time)) e.time = 'timeInvalid';
  const duration = whole(f.durationMinutes);
  if (duration === null || duration < 5 || duration > 1440) e.durationMinutes = 'durationRange';
  const slot = whole(f.slotMinutes);
  if (slot === null || slot < 5 || slot > 480) e.slotMinutes = 'slotRange';
  else if (duration !== null && slot > duration) e.slotMinutes = 'slotLonger';
  if (f.mode !== 'remote' && f.location.trim() === '') e.location = 'locationRequired';
  else if (f.location.trim().length > 300) e.location = 'tooLong';
  return e;
}

export function createBody(f: SeriesForm): CreateSeries {
  const body: CreateSeries = {
    title: f.title.trim(),
    dtstart: `${f.date}T${f.time}`,
    durationMinutes: Number(f.durationMinutes),
    slotMinutes: Number(f.slotMinutes),
    rrule: rruleOf(f),
    mode: f.mode,
  };
  if (f.location.trim() !== '') body.location = f.location.trim();
  return body;
}

/** Only what differs from the series as it is: the API changes only what is sent. */
export function patchBody(before: Series, f: SeriesForm): UpdateSeries {
  const was = seriesToForm(before);
  const body: UpdateSeries = {};
  if (f.title.trim() !== before.title) body.title = f.title.trim();
  if (f.date !== was.date || f.time !== was.time) body.dtstart = `${f.date}T${f.time}`;
  if (Number(f.durationMinutes) !== before.durationMinutes) body.durationMinutes = Number(f.durationMinutes);
  if (Number(f.slotMinutes) !== before.slotMinutes) body.slotMinutes = Number(f.slotMinutes);
  if (f.interval !== was.interval || f.weekday !== was.weekday) body.rrule = rruleOf(f);
  if (f.mode !== before.mode) body.mode = f.mode;
  if (f.location.trim() !== (before.location ?? '') && f.location.trim() !== '') body.location = f.location.trim();
  return body;
}

/** The API's field names → the form's. */
export function seriesFieldOf(apiField: string): SeriesField | undefined {
  if (apiField === 'dtstart') return 'date';
  if (apiField === 'rrule') return 'interval';
  return (['title', 'durationMinutes', 'slotMinutes', 'mode', 'location'] as string[]).includes(apiField) ? (apiField as SeriesField) : undefined;
}
