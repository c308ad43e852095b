import { PolicyService } from '../auth/policy.service';
import type { StaffPrincipal } from '../auth/principal';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError } from '@kohtaamo/domain';
import { Interval, LabelledSpan, Occurrence, SessionSeries, expandSeries, helsinkiDate, occurrenceKey, overlappingSpans, splitIntoSlots, validateSeries } from '@kohtaamo/scheduling';
import { Clock } from '../common/clock';
import { asReference } from '../common/reference.util';
import { AgendaItemEntity, MeetingEntity } from '../meetings/meeting.entity';
import { MeetingsService } from '../meetings/meetings.service';
import { RoomsService } from '../rooms/rooms.service';
import { TeamsService } from '../teams/teams.service';
import { SessionSeriesEntity } from './scheduling.entity';
import { SeriesRepository } from './series.repository';
import { CreateSeriesDto, MoveOccurrenceDto, RangeQuery, UpdateSeriesDto } from './scheduling.dto';

export interface OccurrenceView {
  key: string;
  startsAt: Date;
  endsAt: Date;
  status: 'scheduled' | 'moved' | 'cancelled';
  /** the meeting, once a case has been booked into the occurrence or it was changed */
  meetingId: string | null;
  slots: Array<{ index: number; startsAt: Date; endsAt: Date; requestId: string | null; agendaItemId: string | null }>;
  freeSlots: number;
  /**
   * members of the responsible pair who are not participants of this occurrence: they had another meeting
   * when its first case was booked (meeting_notice `pair_member_busy`); empty when both are in it
   */
  leftOut: Array<{ id: string; name: string }>;
}

const MAX_RANGE_MS = 5 * 366 * 86_400_000;
/** How far ahead a new or edited series is compared with the team's other sessions. */
const OVERLAP_HORIZON_MS = 366 * 86_400_000;
const MAX_WARNINGS = 20;

/** A clash of the series with another session of the team: a warning, not a refusal. */
export interface SeriesWarning {
  code: 'overlaps_session';
  message: string;
  /** the series' occurrence that clashes */
  occurrenceKey: string;
  startsAt: Date;
  endsAt: Date;
  other: { seriesId: string | null; meetingId: string | null; title: string; startsAt: Date; endsAt: Date };
}

export type SeriesWithWarnings = SessionSeriesEntity & { warnings: SeriesWarning[] };

/**
 * A team's recurring sessions. Occurrences are computed from the rule (libs/scheduling); an occurrence
 * becomes a meeting row ("materialised") the first time a case is booked into it, so that the database's
 * constraints hold its agenda. Changing the series leaves occurrences that are already meetings as they are.
 */
@Injectable()
export class SeriesService {
  constructor(
    private readonly series: SeriesRepository,
    private readonly teams: TeamsService,
    private readonly rooms: RoomsService,
    private readonly meetings: MeetingsService,
    private readonly policy: PolicyService,
    private readonly clock: Clock,
  ) {}

  /**
   * A new series of the team's sessions: its chairs of today or a coordinator. Overlapping another
   * session of the team is allowed (a joint session, a one-off change of room) but answered with
   * warnings naming each clash, so that nobody books two sessions at once by mistake.
   */
  async create(teamId: string, dto: CreateSeriesDto, who: StaffPrincipal): Promise<SeriesWithWarnings> {
    await this.teams.get(teamId);
    await this.policy.teamSessions(who, teamId);
    if (dto.roomId) await asReference(this.rooms.get(dto.roomId), 'roomId');
    validateSeries({ dtstart: dto.dtstart, durationMinutes: dto.durationMinutes, rrule: dto.rrule });
    assertSlotFits(dto.durationMinutes, dto.slotMinutes);
    const saved = await this.series.insert({ ...definedOnly(dto), teamId, location: dto.location ?? null, roomId: dto.roomId ?? null });
    return { ...saved, warnings: await this.overlapWarnings(saved) };
  }

  async get(id: string): Promise<SessionSeriesEntity> {
    const s = await this.series.get(id);
    if (!s) throw DomainError.notFound('session series', id);
    return s;
  }

  /** One series, for those who may read the team's sessions (its members and chairs, coordinators; others: 404). */
  async getFor(id: string, who: StaffPrincipal): Promise<SessionSeriesEntity> {
    const s = await this.get(id);
    await this.seriesVisible(s, who);
    return s;
  }

  /** A team's series: for its members and chairs and for coordinators (others: 404). */
  async listForTeam(teamId: string, who: StaffPrincipal): Promise<SessionSeriesEntity[]> {
    await this.teams.get(teamId);
    await this.policy.teamRead(who, teamId);
    return this.series.ofTeam(teamId);
  }

  /**
   * Changes only what was sent (a field left out keeps its value; `roomId: null` removes the room).
   * The team's chairs of today or a coordinator; to others who cannot even read the team's sessions the
   * series does not exist (404). Answered with warnings when the series now overlaps another session.
   */
  async update(id: string, dto: UpdateSeriesDto, who: StaffPrincipal): Promise<SeriesWithWarnings> {
    const s = await this.get(id);
    await this.seriesVisible(s, who);
    await this.policy.teamSessions(who, s.teamId);
    // DTO instances carry every declared field, undefined when not sent: only the sent ones change
    const changes = definedOnly(dto);
    if (changes.roomId) await asReference(this.rooms.get(changes.roomId), 'roomId');
    const next = { ...s, ...changes };
    if (next.mode !== 'remote' && !next.location && !next.roomId) throw DomainError.field('validation_failed', 'location', 'a place is needed unless the sessions are remote');
    validateSeries(await this.rule(next));
    assertSlotFits(next.durationMinutes, next.slotMinutes);
    Object.assign(s, changes);
    const saved = await this.series.save(s);
    return { ...saved, warnings: await this.overlapWarnings(saved) };
  }

  /**
   * The clashes of a series with the team's other sessions (other series' occurrences, moved ones where
   * they now are, and single sessions), over the coming year from today or from the series' start.
   */
  async overlapWarnings(s: SessionSeriesEntity): Promise<SeriesWarning[]> {
    const from = this.clock.now();
    const to = new Date(from.getTime() + OVERLAP_HORIZON_MS);
    const mine = (await this.occurrencesOf(s, from, to, false)).map((o) => ({ start: o.startsAt, end: o.endsAt, label: o.key }));
    if (!mine.length) return [];
    const others: Array<LabelledSpan<{ seriesId: string | null; meetingId: string | null; title: string }>> = [];
    for (const other of await this.series.ofTeam(s.teamId)) {
      if (other.id === s.id) continue;
      for (const o of await this.occurrencesOf(other, from, to, false)) {
        others.push({ start: o.startsAt, end: o.endsAt, label: { seriesId: other.id, meetingId: o.meetingId, title: other.title } });
      }
    }
    for (const m of await this.series.singleSessions(s.teamId, from, to)) others.push({ start: m.startsAt, end: m.endsAt, label: { seriesId: null, meetingId: m.id, title: m.title } });
    return overlappingSpans(mine, others, MAX_WARNINGS).map(({ a, b }) => ({
      code: 'overlaps_session' as const,
      message: `the session of ${a.start.toISOString()} overlaps "${b.label.title}" (${b.start.toISOString()}–${b.end.toISOString()})`,
      occurrenceKey: a.label,
      startsAt: a.start,
      endsAt: a.end,
      other: { seriesId: b.label.seriesId, meetingId: b.label.meetingId, title: b.label.title, startsAt: b.start, endsAt: b.end },
    }));
  }

  /** Reading a series is reading its team's sessions (PolicyService.teamRead): hidden from others. */
  private async seriesVisible(s: SessionSeriesEntity, who: StaffPrincipal): Promise<void> {
    try {
      await this.policy.teamRead(who, s.teamId);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'not_found') throw DomainError.notFound('session series', s.id);
      throw e;
    }
  }

  /** The occurrences in [from, to) with their agenda: materialised meetings override the rule. */
  /** The occurrences with their agenda (which cases are booked): for the team and coordinators only. */
  async occurrences(id: string, q: RangeQuery, who: StaffPrincipal): Promise<OccurrenceView[]> {
    const s = await this.get(id);
    await this.policy.teamRead(who, s.teamId);
    const from = new Date(q.from);
    const to = new Date(q.to);
    if (to <= from) throw DomainError.field('validation_failed', 'to', 'must be after from');
    if (to.getTime() - from.getTime() > MAX_RANGE_MS) throw DomainError.field('validation_failed', 'to', 'ask for at most five years at a time');
    return this.occurrencesOf(s, from, to, true);
  }

  async occurrencesOf(s: SessionSeriesEntity, from: Date, to: Date, includeCancelled: boolean): Promise<OccurrenceView[]> {
    const occ = expandSeries(await this.rule(s), { start: from, end: to }, { includeCancelled });
    const meetings = await this.series.meetingsOf(s.id, occ.map((o) => o.key));
    const byKey = new Map(meetings.map((m) => [m.occurrenceKey!, m]));
    const ids = meetings.map((m) => m.id);
    const [items, leftOut] = await Promise.all([this.series.agendaOf(ids), this.series.leftOutOf(ids)]);
    return occ.map((o) => this.view(s, o, byKey.get(o.key) ?? null, items, leftOut));
  }

  private view(s: SessionSeriesEntity, o: Occurrence, m: MeetingEntity | null, items: AgendaItemEntity[], leftOut: Map<string, Array<{ id: string; name: string }>>): OccurrenceView {
    const startsAt = m ? m.startsAt : o.start;
    const endsAt = m ? m.endsAt : o.end;
    const status = m?.status === 'cancelled' ? 'cancelled' : o.status;
    const mine = m ? items.filter((i) => i.meetingId === m.id) : [];
    const slots =
      status === 'cancelled'
        ? []
        : splitIntoSlots(startsAt, endsAt, m?.slotMinutes ?? s.slotMinutes).map((slot) => {
            const item = mine.find((i) => i.startsAt.getTime() === slot.start.getTime());
            return { index: slot.index, startsAt: slot.start, endsAt: slot.end, requestId: item?.requestId ?? null, agendaItemId: item?.id ?? null };
          });
    return { key: o.key, startsAt, endsAt, status, meetingId: m?.id ?? null, slots, freeSlots: slots.filter((x) => !x.requestId).length, leftOut: (m && leftOut.get(m.id)) ?? [] };
  }

  /** Cancels one occurrence; if it is a meeting already, the meeting is cancelled and its cases freed. */
  async cancelOccurrence(id: string, key: string, who: StaffPrincipal): Promise<OccurrenceView> {
    const s = await this.get(id);
    await this.policy.teamSessions(who, s.teamId, occurrenceStart(key));
    const occ = await this.findOccurrence(s, key);
    await this.series.transaction(async (tx) => {
      await this.series.setException(tx, s.id, occ.key, { kind: 'cancelled' });
      const m = await this.series.meetingOf(tx, s.id, occ.key);
      if (m && m.status !== 'cancelled') await this.meetings.cancelInTransaction(tx, m.id);
    });
    return this.occurrenceView(s, occ.key);
  }

  /**
   * Moves one occurrence; its booked cases move along. A new time before the current minute is a 400
   * naming `startsAt` or `endsAt` (code `in_the_past`, as PATCH /api/meetings/:id refuses it), and a clash
   * a 409 naming it; both before anything is written.
   */
  async moveOccurrence(id: string, key: string, dto: MoveOccurrenceDto, who: StaffPrincipal): Promise<OccurrenceView> {
    const s = await this.get(id);
    await this.policy.teamSessions(who, s.teamId, occurrenceStart(key));
    const occ = await this.findOccurrence(s, key);
    if (occ.status === 'cancelled') throw DomainError.field('conflict', 'key', 'the occurrence is cancelled');
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    this.meetings.assertNotInPast({ startsAt, endsAt });
    validateSeries({ ...(await this.rule(s)), exceptions: [...(await this.rule(s)).exceptions!.filter((e) => e.key !== occ.key), { kind: 'moved', key: occ.key, start: startsAt, end: endsAt }] });
    await this.series.transaction(async (tx) => {
      await this.series.setException(tx, s.id, occ.key, { kind: 'moved', start: startsAt, end: endsAt });
      const m = await this.series.meetingOf(tx, s.id, occ.key);
      if (m) await this.meetings.updateInTransaction(tx, m.id, { startsAt: dto.startsAt, endsAt: dto.endsAt }, { shiftAgenda: true });
    });
    return this.occurrenceView(s, occ.key);
  }

  /**
   * The meeting row of an occurrence, created on first use (SeriesRepository.materialise: with the team's
   * responsible pair of that day and an outbox row; concurrent callers get the same row). `beforeWrite`
   * sees the occurrence before a new row is written and may refuse it (a booking into a slot that has begun).
   */
  async materialise(tx: EntityManager, s: SessionSeriesEntity, key: string, beforeWrite?: (occ: Occurrence) => void): Promise<MeetingEntity> {
    const existing = await this.series.meetingOf(tx, s.id, key);
    if (existing) return existing;
    const occ = await this.findOccurrence(s, key);
    if (occ.status === 'cancelled') throw DomainError.field('conflict', 'occurrenceKey', 'that session is cancelled');
    beforeWrite?.(occ);
    return this.series.materialise(tx, s, key, occ.start, occ.end);
  }

  async findOccurrence(s: SessionSeriesEntity, key: string): Promise<Occurrence> {
    const original = occurrenceStart(key);
    const k = occurrenceKey(original);
    // the original start identifies the occurrence; look around it widely enough for a moved one
    const rule = await this.rule(s);
    const found = expandSeries({ ...rule, exceptions: rule.exceptions!.filter((e) => e.key !== k) }, { start: original, end: new Date(original.getTime() + 60_000) }, { includeCancelled: true }).find((o) => o.key === k);
    if (!found) throw DomainError.notFound('occurrence', k);
    const ex = rule.exceptions!.find((e) => e.key === k);
    if (!ex) return found;
    if (ex.kind === 'cancelled') return { ...found, status: 'cancelled' };
    return { ...found, start: ex.start, end: ex.end, status: 'moved' };
  }

  async rule(s: Pick<SessionSeriesEntity, 'id' | 'dtstart' | 'durationMinutes' | 'rrule'>): Promise<SessionSeries> {
    const ex = await this.series.exceptionsOf(s.id);
    return {
      dtstart: s.dtstart,
      durationMinutes: s.durationMinutes,
      rrule: s.rrule,
      exceptions: ex.map((e) => (e.kind === 'cancelled' ? { kind: 'cancelled', key: e.occurrenceKey } : { kind: 'moved', key: e.occurrenceKey, start: e.startsAt!, end: e.endsAt! })),
    };
  }

  /**
   * Busy time from sessions not yet meetings, per person in [from, to): a member of a team's responsible
   * pair is expected at each occurrence of the team's series on a date they are in the pair (Helsinki), unless
   * it is cancelled. Occurrences that have become meetings are left to meeting_participant (a member left out
   * of one — pair_member_busy — is free then). Free-time search counts these, so that a network meeting is
   * not suggested over the pair's session (which would later leave them out of it).
   */
  async pairSessionTimes(personIds: string[], from: Date, to: Date): Promise<Map<string, Interval[]>> {
    const out = new Map<string, Interval[]>(personIds.map((id) => [id, []]));
    const duties = await this.series.pairDuties(personIds);
    const bySeries = new Map<string, { series: SessionSeriesEntity; duties: typeof duties }>();
    for (const d of duties) {
      const entry = bySeries.get(d.series.id) ?? { series: d.series, duties: [] };
      entry.duties.push(d);
      bySeries.set(d.series.id, entry);
    }
    for (const { series, duties: of } of bySeries.values()) {
      // from a session's length earlier: one that began before `from` may still run into the window
      const occ = expandSeries(await this.rule(series), { start: new Date(from.getTime() - series.durationMinutes * 60_000), end: to }).filter((o) => o.end > from);
      if (!occ.length) continue;
      const met = new Set((await this.series.meetingsOf(series.id, occ.map((o) => o.key))).map((m) => m.occurrenceKey));
      for (const o of occ) {
        if (met.has(o.key)) continue;
        const day = helsinkiDate(o.start);
        for (const d of of) if (d.validFrom <= day && (d.validTo === null || day <= d.validTo)) out.get(d.personId)?.push({ start: o.start, end: o.end });
      }
    }
    return out;
  }

  private async occurrenceView(s: SessionSeriesEntity, key: string): Promise<OccurrenceView> {
    const occ = await this.findOccurrence(s, key);
    const views = await this.occurrencesOf(s, new Date(occ.start.getTime()), new Date(occ.start.getTime() + 1), true);
    const v = views.find((x) => x.key === key);
    if (v) return v;
    return { key, startsAt: occ.start, endsAt: occ.end, status: occ.status, meetingId: null, slots: [], freeSlots: 0, leftOut: [] };
  }
}

/** The fields of a DTO that were sent (class instances declare every field, undefined when absent). */
function definedOnly<T extends object>(dto: T): Partial<T> {
  return Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function assertSlotFits(durationMinutes: number, slotMinutes: number): void {
  if (slotMinutes > durationMinutes) throw DomainError.field('validation_failed', 'slotMinutes', 'a slot cannot be longer than the session');
}

/**
 * An occurrence key (its original start, like RECURRENCE-ID) as an instant: a 400 naming `key` unless it
 * is an ISO instant between 1970 and 2200 — so that no key makes the series expand over millennia.
 */
export function occurrenceStart(key: string): Date {
  const original = new Date(key);
  const year = original.getUTCFullYear();
  if (Number.isNaN(original.getTime()) || year < 1970 || year > 2200) throw DomainError.field('validation_failed', 'key', 'must be an occurrence start in ISO UTC between 1970 and 2200');
  return original;
}
