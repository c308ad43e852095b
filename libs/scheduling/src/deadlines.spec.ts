import fc from 'fast-check';
import {
  STATUTORY_DEADLINE_RULES,
  deadlineFor,
  deadlineRules,
  deadlineRisk,
  deadlineStanding,
  dueDateAfter,
  endOfHelsinkiDay,
  nextDeadline,
} from './deadlines';
import { SchedulingError } from './errors';
import { addCalendarDays, isWorkingDay, workingDaysBetween } from './working-days';

/** An instant given as Helsinki wall-clock time (winter +02:00, summer +03:00). */
const hki = (wall: string, offset: '+02:00' | '+03:00') => new Date(`${wall}${offset}`);
const FIRST_CONTACT = STATUTORY_DEADLINE_RULES.find((r) => r.kind === 'first_contact')!;
const CONSULTATION = STATUTORY_DEADLINE_RULES.find((r) => r.kind === 'consultation')!;

describe('statutory deadlines', () => {
  describe('first contact: 3 working days, the day of receipt not counted', () => {
    it('Monday → Thursday; Friday → Wednesday over the weekend', () => {
      expect(dueDateAfter(hki('2026-03-02T09:00', '+02:00'), FIRST_CONTACT.period)).toBe('2026-03-05');
      expect(dueDateAfter(hki('2026-03-06T15:30', '+02:00'), FIRST_CONTACT.period)).toBe('2026-03-11');
    });

    it('a request sent on Saturday or Sunday counts from Monday', () => {
      expect(dueDateAfter(hki('2026-03-07T10:00', '+02:00'), FIRST_CONTACT.period)).toBe('2026-03-11');
      expect(dueDateAfter(hki('2026-03-08T23:59', '+02:00'), FIRST_CONTACT.period)).toBe('2026-03-11');
    });

    it('the Helsinki date counts, not the UTC one: Sunday 00:30 in Helsinki is still Saturday in UTC', () => {
      const sundayEarly = hki('2026-03-08T00:30', '+02:00');
      expect(sundayEarly.toISOString()).toBe('2026-03-07T22:30:00.000Z');
      expect(dueDateAfter(sundayEarly, FIRST_CONTACT.period)).toBe('2026-03-11');
      // Friday 00:30 in Helsinki is still Thursday in UTC: counted from Friday → Mon, Tue, Wed (from Thursday it would be Tuesday)
      expect(dueDateAfter(hki('2026-03-13T00:30', '+02:00'), FIRST_CONTACT.period)).toBe('2026-03-18');
    });

    it('over Midsummer 2026: Midsummer Eve (Fri 19.6.) and the weekend are skipped', () => {
      // Wed 17.6. → Thu 18, Mon 22, Tue 23
      expect(dueDateAfter(hki('2026-06-17T12:00', '+03:00'), FIRST_CONTACT.period)).toBe('2026-06-23');
      // received on Midsummer Eve itself → Mon 22, Tue 23, Wed 24
      expect(dueDateAfter(hki('2026-06-19T08:00', '+03:00'), FIRST_CONTACT.period)).toBe('2026-06-24');
      // Midsummer 2027 falls on Fri 25.6.: Thu 24.6. → Mon 28, Tue 29, Wed 30
      expect(dueDateAfter(hki('2027-06-24T14:00', '+03:00'), FIRST_CONTACT.period)).toBe('2027-06-30');
    });

    it('over Christmas and New Year 2026–27: Christmas Eve, Christmas Day, St Stephen’s Day, New Year and Epiphany are off', () => {
      expect(dueDateAfter(hki('2026-12-22T10:00', '+02:00'), FIRST_CONTACT.period)).toBe('2026-12-29'); // Wed 23, Mon 28, Tue 29
      expect(dueDateAfter(hki('2026-12-23T16:00', '+02:00'), FIRST_CONTACT.period)).toBe('2026-12-30');
      expect(dueDateAfter(hki('2026-12-31T09:00', '+02:00'), FIRST_CONTACT.period)).toBe('2027-01-07'); // Mon 4, Tue 5, (Wed 6 off) Thu 7
    });

    it('is always exactly 3 working days after the Helsinki date, and ends on a working day', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 3 * 366 }), fc.integer({ min: 0, max: 1439 }), (day, minute) => {
          const date = addCalendarDays('2026-01-01', day);
          const start = new Date(`${date}T00:00:00+02:00`);
          // any minute of that Helsinki day (DST days included: the offset comes from the zone, not from +02:00)
          const d = deadlineFor(FIRST_CONTACT, new Date(start.getTime() + minute * 60_000));
          const local = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki' }).format(d.startedAt);
          expect(workingDaysBetween(local, d.dueDate)).toBe(3);
          expect(isWorkingDay(d.dueDate)).toBe(true);
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('consultation: 14 calendar days from acceptance', () => {
    it('ignores weekends and holidays by default', () => {
      expect(dueDateAfter(hki('2026-03-02T09:00', '+02:00'), CONSULTATION.period)).toBe('2026-03-16');
      // accepted Mon 14.12.2026 → Mon 28.12.; accepted Thu 10.12. → Christmas Eve 24.12. (a day off, still the deadline)
      expect(dueDateAfter(hki('2026-12-14T11:00', '+02:00'), CONSULTATION.period)).toBe('2026-12-28');
      expect(dueDateAfter(hki('2026-12-10T11:00', '+02:00'), CONSULTATION.period)).toBe('2026-12-24');
      // over Midsummer 2026
      expect(dueDateAfter(hki('2026-06-05T11:00', '+03:00'), CONSULTATION.period)).toBe('2026-06-19');
    });

    it('rolls forward to the next working day when configured (Act 150/1930 § 5)', () => {
      const rolled = deadlineRules({ consultation: { amount: 14, unit: 'calendar_days', rollForward: true } }).find((r) => r.kind === 'consultation')!;
      // Christmas Eve → Christmas Day → St Stephen's Day → Sunday 27 → Monday 28.12.
      expect(dueDateAfter(hki('2026-12-10T11:00', '+02:00'), rolled.period)).toBe('2026-12-28');
      // Midsummer Eve 19.6.2026 → Monday 22.6.
      expect(dueDateAfter(hki('2026-06-05T11:00', '+03:00'), rolled.period)).toBe('2026-06-22');
      // a working day stays
      expect(dueDateAfter(hki('2026-03-02T09:00', '+02:00'), rolled.period)).toBe('2026-03-16');
    });
  });

  describe('dueAt: the end of the due date in Helsinki', () => {
    it('is the next Helsinki midnight, in winter and in summer time', () => {
      expect(endOfHelsinkiDay('2026-03-05').toISOString()).toBe('2026-03-05T22:00:00.000Z');
      expect(endOfHelsinkiDay('2026-06-24').toISOString()).toBe('2026-06-24T21:00:00.000Z');
      // the night the clocks go forward (29.3.2026 03:00 → 04:00) and back (25.10.2026 04:00 → 03:00)
      expect(endOfHelsinkiDay('2026-03-28').toISOString()).toBe('2026-03-28T22:00:00.000Z');
      expect(endOfHelsinkiDay('2026-03-29').toISOString()).toBe('2026-03-29T21:00:00.000Z');
      expect(endOfHelsinkiDay('2026-10-25').toISOString()).toBe('2026-10-25T22:00:00.000Z');
    });

    it('met before the end of the due date, missed from its first instant on', () => {
      const d = deadlineFor(FIRST_CONTACT, hki('2026-03-02T09:00', '+02:00'));
      expect(d.dueAt.toISOString()).toBe('2026-03-05T22:00:00.000Z');
      expect(deadlineStanding(d, new Date('2026-03-05T21:59:59.999Z'))).toBe('open');
      expect(deadlineStanding(d, new Date('2026-03-05T22:00:00.000Z'))).toBe('overdue');
      expect(deadlineStanding(d, new Date('2026-04-01T00:00:00Z'), new Date('2026-03-05T21:59:00Z'))).toBe('met');
      expect(deadlineStanding(d, new Date('2026-04-01T00:00:00Z'), new Date('2026-03-05T22:00:00Z'))).toBe('missed');
    });
  });

  describe('the next deadline of a request, by status', () => {
    const submittedAt = hki('2026-06-17T12:00', '+03:00');
    const acceptedAt = hki('2026-06-22T10:00', '+03:00');

    it('submitted: first contact from the (latest) submission', () => {
      expect(nextDeadline({ status: 'submitted', submittedAt, acceptedAt: null })).toMatchObject({ kind: 'first_contact', dueDate: '2026-06-23', startedAt: submittedAt });
    });

    it('accepted and scheduled: the consultation from the acceptance', () => {
      for (const status of ['accepted', 'scheduled']) {
        expect(nextDeadline({ status, submittedAt, acceptedAt })).toMatchObject({ kind: 'consultation', dueDate: '2026-07-06' });
      }
    });

    it('no clock while waiting for the requester, after a decline or once handled', () => {
      for (const status of ['more_info_needed', 'declined', 'handled', 'minutes_finalised', 'closed']) {
        expect(nextDeadline({ status, submittedAt, acceptedAt })).toBeNull();
      }
    });

    it('an accepted request without a known acceptance has no deadline rather than a wrong one', () => {
      expect(nextDeadline({ status: 'accepted', submittedAt, acceptedAt: null })).toBeNull();
    });

    it('uses configured periods and says so in the source', () => {
      const rules = deadlineRules({ first_contact: { amount: 1, unit: 'working_days' } });
      const d = nextDeadline({ status: 'submitted', submittedAt, acceptedAt: null }, rules)!;
      expect(d.dueDate).toBe('2026-06-18');
      expect(d.source).toContain('1326/2010');
      expect(d.source).toContain('set locally');
      // the defaults are untouched
      expect(nextDeadline({ status: 'submitted', submittedAt, acceptedAt: null })!.dueDate).toBe('2026-06-23');
    });

    it('refuses a period that is not a whole number of days, with the field', () => {
      expect(() => deadlineRules({ first_contact: { amount: 0, unit: 'working_days' } })).toThrow(SchedulingError);
      expect(() => deadlineRules({ first_contact: { amount: 2.5, unit: 'working_days' } })).toThrow(/first_contact/);
      expect(() => deadlineRules({ first_contact: { amount: 3, unit: 'working_days', rollForward: true } })).toThrow(/calendar-day/);
    });
  });

  describe('at risk: overdue, booked late, or due within N working days (hand-worked)', () => {
    // Wednesday 23.6.2027 at noon; Midsummer Eve is Friday 25.6., so two working days reach Monday 28.6.
    const midsummer = hki('2027-06-23T12:00', '+03:00');
    const submitted = (wall: string) => ({ status: 'submitted', submittedAt: hki(wall, '+03:00'), acceptedAt: null });
    const accepted = (wall: string, status = 'accepted') => ({ status, submittedAt: hki('2027-05-03T10:00', '+03:00'), acceptedAt: hki(wall, '+03:00') });

    it('overdue: submitted Thu 17.6. → due Tue 22.6., missed since its end', () => {
      expect(deadlineRisk(submitted('2027-06-17T10:00'), midsummer, 2)).toMatchObject({ risk: 'overdue', daysLeft: -1, deadline: { kind: 'first_contact', dueDate: '2027-06-22' } });
    });

    it('due soon over Midsummer: submitted Tue 22.6. → due Mon 28.6. (Midsummer Eve skipped), within two working days of Wednesday', () => {
      expect(deadlineRisk(submitted('2027-06-22T10:00'), midsummer, 2)).toMatchObject({ risk: 'due_soon', daysLeft: 5, deadline: { dueDate: '2027-06-28' } });
      expect(deadlineRisk(submitted('2027-06-22T10:00'), midsummer, 1)).toBeNull();
    });

    it('not yet: submitted today → due Tue 29.6.; were Midsummer Eve a working day it would be Mon 28.6. and at risk', () => {
      expect(deadlineRisk(submitted('2027-06-23T08:00'), midsummer, 2)).toBeNull();
    });

    it('the consultation: 14 calendar days from acceptance, due today; booked in time is not at risk, booked after is', () => {
      expect(deadlineRisk(accepted('2027-06-09T14:00'), midsummer, 2)).toMatchObject({ risk: 'due_soon', daysLeft: 0, deadline: { kind: 'consultation', dueDate: '2027-06-23' } });
      expect(deadlineRisk({ ...accepted('2027-06-14T14:00', 'scheduled'), bookedAt: hki('2027-06-22T13:00', '+03:00') }, midsummer, 2)).toBeNull();
      expect(deadlineRisk({ ...accepted('2027-06-14T14:00', 'scheduled'), bookedAt: hki('2027-06-29T13:00', '+03:00') }, midsummer, 2)).toMatchObject({ risk: 'booked_late', daysLeft: 5, deadline: { dueDate: '2027-06-28' } });
      expect(deadlineRisk(accepted('2027-06-21T14:00'), midsummer, 2)).toBeNull();
    });

    it('no clock while more information is asked', () => {
      expect(deadlineRisk({ status: 'more_info_needed', submittedAt: hki('2027-06-01T10:00', '+03:00'), acceptedAt: null }, midsummer, 2)).toBeNull();
    });

    it('over Christmas 2026: Wed 23.12. + two working days is Tue 29.12.', () => {
      const christmas = hki('2026-12-23T12:00', '+02:00');
      const sub = (wall: string) => ({ status: 'submitted', submittedAt: hki(wall, '+02:00'), acceptedAt: null });
      // Mon 21.12. → Tue 22, Wed 23, (Christmas Eve, Christmas Day, St Stephen's, Sunday) Mon 28
      expect(deadlineRisk(sub('2026-12-21T10:00'), christmas, 2)).toMatchObject({ risk: 'due_soon', daysLeft: 5, deadline: { dueDate: '2026-12-28' } });
      // Wed 23.12. → Mon 28, Tue 29, Wed 30: beyond the horizon
      expect(deadlineRisk(sub('2026-12-23T08:00'), christmas, 2)).toBeNull();
      // accepted Thu 10.12. → due Thu 24.12. (calendar days, Christmas Eve or not)
      expect(deadlineRisk({ status: 'accepted', submittedAt: hki('2026-12-01T10:00', '+02:00'), acceptedAt: hki('2026-12-10T10:00', '+02:00') }, christmas, 2)).toMatchObject({ risk: 'due_soon', daysLeft: 1, deadline: { dueDate: '2026-12-24' } });
    });

    it('refuses a horizon that is not a whole number of days 0–60, naming it', () => {
      expect(() => deadlineRisk(submitted('2027-06-22T10:00'), midsummer, -1)).toThrow(/withinWorkingDays/);
      expect(() => deadlineRisk(submitted('2027-06-22T10:00'), midsummer, 1.5)).toThrow(SchedulingError);
    });
  });
});
