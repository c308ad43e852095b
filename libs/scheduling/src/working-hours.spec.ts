import { weekdayHours, workingIntervals, type WorkingHours } from './working-hours';

const w = (start: string, end: string): { start: Date; end: Date } => ({ start: new Date(start), end: new Date(end) });
const show = (list: Array<{ start: Date; end: Date }>): string[] => list.map((i) => `${i.start.toISOString().slice(0, 16)}/${i.end.toISOString().slice(11, 16)}`);

describe('workingIntervals', () => {
  const office: WorkingHours = { weekly: weekdayHours('08:00', '16:00') };

  it('08:00–16:00 Helsinki is 06:00–14:00 UTC in winter and 05:00–13:00 UTC in summer', () => {
    expect(show(workingIntervals(office, w('2026-03-26T00:00Z', '2026-04-01T00:00Z')))).toEqual([
      '2026-03-26T06:00/14:00',
      '2026-03-27T06:00/14:00',
      '2026-03-30T05:00/13:00', // after the change on Sunday 29 March
      '2026-03-31T05:00/13:00',
    ]);
  });

  it('public holidays are days off unless told otherwise', () => {
    const easter = w('2027-03-25T00:00Z', '2027-03-31T00:00Z');
    expect(show(workingIntervals(office, easter))).toEqual(['2027-03-25T06:00/14:00', '2027-03-30T05:00/13:00']);
    expect(workingIntervals({ ...office, publicHolidaysOff: false }, easter)).toHaveLength(4);
  });

  it('absences are cut out; several ranges a day are merged; the window clips', () => {
    const hours: WorkingHours = {
      weekly: { 2: [{ start: '12:00', end: '16:00' }, { start: '08:00', end: '11:00' }, { start: '10:30', end: '12:00' }], 3: [{ start: '08:00', end: '16:00' }] },
      absences: [w('2026-02-03T09:00Z', '2026-02-03T10:00Z'), w('2026-02-04T00:00Z', '2026-02-05T00:00Z')],
    };
    expect(show(workingIntervals(hours, w('2026-02-03T07:00Z', '2026-02-06T00:00Z')))).toEqual(['2026-02-03T07:00/09:00', '2026-02-03T10:00/14:00']);
  });

  it('a range to 24:00 joins the next day', () => {
    const allWeek: WorkingHours = { weekly: { 6: [{ start: '00:00', end: '24:00' }], 7: [{ start: '00:00', end: '24:00' }] }, publicHolidaysOff: false };
    expect(show(workingIntervals(allWeek, w('2026-03-27T00:00Z', '2026-04-01T00:00Z')))).toEqual(['2026-03-27T22:00/21:00']); // Sat 00:00 EET → Mon 00:00 EEST
  });

  it('rejects malformed patterns naming the field', () => {
    const win = w('2026-02-02T00:00Z', '2026-02-09T00:00Z');
    expect(() => workingIntervals({ weekly: { 1: [{ start: '8:00', end: '16:00' }] } }, win)).toThrow(expect.objectContaining({ code: 'invalid_date', field: 'workingHours.weekly.1[0].start' }));
    expect(() => workingIntervals({ weekly: { 1: [{ start: '16:00', end: '08:00' }] } }, win)).toThrow(expect.objectContaining({ code: 'invalid_range', field: 'workingHours.weekly.1[0]' }));
    expect(() => workingIntervals({ weekly: { 8: [] } as unknown as WorkingHours['weekly'] }, win)).toThrow(expect.objectContaining({ code: 'invalid_argument', field: 'workingHours.weekly.8' }));
    expect(() => workingIntervals({ weekly: { 1: [{ start: '08:00', end: '24:30' }] } }, win)).toThrow(expect.objectContaining({ code: 'invalid_date' }));
  });
});
