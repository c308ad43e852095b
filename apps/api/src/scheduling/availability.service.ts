import { PolicyService } from '../auth/policy.service';
import type { StaffPrincipal } from '../auth/principal';
import { Injectable } from '@nestjs/common';
import { DomainError } from '@kohtaamo/domain';
import { FreeTimeCandidate, Interval, IsoWeekday, ParticipantAvailability, WorkingHours, findCommonFreeTime, spreadSuggestions, workingIntervals } from '@kohtaamo/scheduling';
import { Clock } from '../common/clock';
import { PersonEntity, StoredWorkingHours } from '../persons/person.entity';
import { PersonsService } from '../persons/persons.service';
import { AvailabilityRepository } from './availability.repository';
import { CalendarImportResult, CalendarImportService } from './calendar-import.service';
import { FreeTimeDto, WeeklyDto, WorkingHoursDto } from './scheduling.dto';
import { SeriesService } from './series.service';

const DAYS: Array<[keyof WeeklyDto, IsoWeekday]> = [['mon', 1], ['tue', 2], ['wed', 3], ['thu', 4], ['fri', 5], ['sat', 6], ['sun', 7]];
/** Someone who has not said otherwise works Monday–Friday 08:00–16:00 Helsinki time. */
export const DEFAULT_WORKING_HOURS: StoredWorkingHours = {
  weekly: { '1': [{ start: '08:00', end: '16:00' }], '2': [{ start: '08:00', end: '16:00' }], '3': [{ start: '08:00', end: '16:00' }], '4': [{ start: '08:00', end: '16:00' }], '5': [{ start: '08:00', end: '16:00' }] },
  absences: [],
};
const MAX_WINDOW_MS = 366 * 86_400_000;

export interface WorkingHoursView {
  weekly: WeeklyDto;
  absences: Array<{ start: string; end: string }>;
  isDefault: boolean;
}

function toLib(stored: StoredWorkingHours): WorkingHours {
  const weekly: Partial<Record<IsoWeekday, Array<{ start: string; end: string }>>> = {};
  for (const [, n] of DAYS) {
    const ranges = stored.weekly[String(n) as keyof StoredWorkingHours['weekly']];
    if (ranges?.length) weekly[n] = ranges;
  }
  return { weekly, absences: stored.absences.map((a) => ({ start: new Date(a.start), end: new Date(a.end) })) };
}

@Injectable()
export class AvailabilityService {
  constructor(
    private readonly availability: AvailabilityRepository,
    private readonly persons: PersonsService,
    private readonly clock: Clock,
    private readonly policy: PolicyService,
    private readonly calendars: CalendarImportService,
    private readonly series: SeriesService,
  ) {}

  async workingHours(personId: string): Promise<WorkingHoursView> {
    const p = await this.persons.get(personId);
    return this.view(p.workingHours ?? DEFAULT_WORKING_HOURS, p.workingHours === null);
  }

  /** Sets a person's working hours: their own, or anyone's by a coordinator (personDecision 'availability'). */
  async setWorkingHours(personId: string, dto: WorkingHoursDto, who: StaffPrincipal): Promise<WorkingHoursView> {
    await this.persons.get(personId);
    await this.policy.person(who, personId, 'availability');
    const stored: StoredWorkingHours = { weekly: {}, absences: (dto.absences ?? []).map((a) => ({ start: new Date(a.start).toISOString(), end: new Date(a.end).toISOString() })) };
    for (const [name, n] of DAYS) {
      const ranges = dto.weekly[name];
      if (ranges?.length) stored.weekly[String(n) as keyof StoredWorkingHours['weekly']] = ranges.map((r) => ({ start: r.start, end: r.end }));
    }
    // the library checks the ranges (start before end, no overlaps in a day); field names follow the DTO
    try {
      const now = this.clock.now();
      workingIntervals(toLib(stored), { start: now, end: new Date(now.getTime() + 86_400_000) });
    } catch (e) {
      const field = (e as { field?: string }).field ?? 'weekly';
      throw DomainError.field('validation_failed', field.replace(/^workingHours\.weekly\.(\d)/, (_m, d: string) => `weekly.${DAYS[Number(d) - 1][0]}`), (e as Error).message);
    }
    await this.availability.setWorkingHours(personId, stored);
    return this.view(stored, false);
  }

  /**
   * Replaces a person's uploaded busy time with the busy intervals of an iCalendar text, read off the
   * event loop; events that cannot be read are skipped and listed in the answer.
   */
  async importBusy(personId: string, ics: unknown, who: StaffPrincipal): Promise<CalendarImportResult> {
    await this.persons.get(personId);
    await this.policy.person(who, personId, 'availability');
    if (typeof ics !== 'string' || !ics.trim()) throw DomainError.field('validation_failed', 'body', 'send the calendar as text/calendar');
    return this.calendars.importText(personId, ics, 'ics');
  }

  /**
   * Busy time per person in [from, to): scheduled meetings in Kohtaamo, imported calendars, and the
   * sessions of teams whose responsible pair they are in that are not meetings yet (SeriesService.pairSessionTimes).
   */
  async busy(personIds: string[], from: Date, to: Date): Promise<Map<string, Interval[]>> {
    const [booked, sessions] = await Promise.all([this.availability.busy(personIds, from, to), this.series.pairSessionTimes(personIds, from, to)]);
    for (const [id, times] of sessions) booked.get(id)?.push(...times);
    return booked;
  }

  /**
   * Times when every required participant is free. With `spread` (the default) at most `maxResults`
   * suggestions over different days and parts of the day (libs/scheduling spreadSuggestions: one per
   * day first, the best-attended days first); with `spread: false` the plain ranking — most optional
   * people, then earliest — which tends to give consecutive starts of one morning.
   */
  async freeTime(dto: FreeTimeDto): Promise<{ candidates: FreeTimeCandidate[] }> {
    const from = new Date(dto.from);
    const to = new Date(dto.to);
    if (to <= from) throw DomainError.field('validation_failed', 'to', 'must be after from');
    if (to.getTime() - from.getTime() > MAX_WINDOW_MS) throw DomainError.field('validation_failed', 'to', 'search at most a year at a time');
    const optionalIds = (dto.optionalPersonIds ?? []).filter((id) => !dto.requiredPersonIds.includes(id));
    const people = await this.persons.getAll([
      ...dto.requiredPersonIds.map((id, i) => ({ id, field: `requiredPersonIds[${i}]` })),
      ...optionalIds.map((id, i) => ({ id, field: `optionalPersonIds[${i}]` })),
    ]);
    const busy = await this.busy([...people.keys()], from, to);
    const availability = (id: string): ParticipantAvailability => ({
      id,
      workingHours: toLib((people.get(id) as PersonEntity).workingHours ?? DEFAULT_WORKING_HOURS),
      busy: busy.get(id) ?? [],
    });
    const candidates = findCommonFreeTime({
      required: dto.requiredPersonIds.map(availability),
      optional: optionalIds.map(availability),
      window: { start: from, end: to },
      durationMinutes: dto.durationMinutes,
      bufferMinutes: dto.bufferMinutes ?? 0,
      stepMinutes: dto.stepMinutes ?? 15,
      maxResults: dto.spread === false ? (dto.maxResults ?? 20) : 10_000,
      now: this.clock.now(),
    });
    return { candidates: dto.spread === false ? candidates : spreadSuggestions(candidates, dto.maxResults ?? 20) };
  }

  private view(stored: StoredWorkingHours, isDefault: boolean): WorkingHoursView {
    const weekly: WeeklyDto = {};
    for (const [name, n] of DAYS) {
      const r = stored.weekly[String(n) as keyof StoredWorkingHours['weekly']];
      if (r?.length) weekly[name] = r;
    }
    return { weekly, absences: stored.absences, isDefault };
  }
}
