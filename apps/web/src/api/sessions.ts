import { api, unwrap } from './client';
import type { components } from './schema';

export type SessionSeries = components['schemas']['SessionSeriesDto'];
export type InboxItem = components['schemas']['InboxItemDto'];
export type InboxPage = components['schemas']['InboxPageDto'];
export type HomeAnswer = components['schemas']['HomeDto'];

/**
 * GET /api/session-series/:id/occurrences items (apps/api/src/scheduling/series.service.ts OccurrenceView;
 * the route declares no response DTO yet).
 */
export interface Occurrence {
  /** the occurrence's original start (ISO UTC), its id within the series */
  key: string;
  startsAt: string;
  endsAt: string;
  status: 'scheduled' | 'moved' | 'cancelled';
  meetingId: string | null;
  slots: Array<{ index: number; startsAt: string; endsAt: string; requestId: string | null; agendaItemId: string | null }>;
  freeSlots: number;
  /** members of the responsible pair not in this occurrence: they had another meeting when its first case was booked */
  leftOut: Array<{ id: string; name: string }>;
}

export const teamSeries = async (teamId: string): Promise<SessionSeries[]> =>
  unwrap(api.GET('/api/teams/{teamId}/session-series', { params: { path: { teamId } } })) as unknown as Promise<SessionSeries[]>;

export const occurrencesOf = async (seriesId: string, from: string, to: string): Promise<Occurrence[]> =>
  unwrap(api.GET('/api/session-series/{id}/occurrences', { params: { path: { id: seriesId }, query: { from, to } } })) as unknown as Promise<Occurrence[]>;

/** The upcoming occurrences of all a team's series, soonest first, each with its series. */
export async function upcomingSessions(teamId: string, now: Date, days: number): Promise<Array<Occurrence & { series: SessionSeries }>> {
  const series = await teamSeries(teamId);
  const from = now.toISOString();
  const to = new Date(now.getTime() + days * 86_400_000).toISOString();
  const all = await Promise.all(series.map(async (s) => (await occurrencesOf(s.id, from, to)).map((o) => ({ ...o, series: s }))));
  return all.flat().filter((o) => o.endsAt > from).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
}
