import type { components } from '../api/schema';
import { createBody, emptySeries, patchBody, rruleOf, seriesFieldOf, seriesToForm, validateSeries } from './series';

const SERIES: components['schemas']['SessionSeriesDto'] = {
  id: 's1', teamId: 't1', title: 'LaNu: konsultaatio', dtstart: '2026-09-01T13:00', durationMinutes: 120, slotMinutes: 20,
  rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', mode: 'hybrid', location: 'Kaisla', roomId: null, createdAt: '', updatedAt: '',
};

describe('session series form', () => {
  it('an empty form names the title and date; the defaults are a valid hybrid session but for its place', () => {
    expect(validateSeries(emptySeries())).toEqual({ title: 'titleRequired', date: 'dateInvalid', location: 'locationRequired' });
    expect(validateSeries({ ...emptySeries(), title: 'LaNu', date: '2027-01-12', mode: 'remote' })).toEqual({});
  });

  it('checks the numbers against the API\'s limits and the slot against the session', () => {
    const ok = { ...emptySeries(), title: 'x', date: '2027-01-12', location: 'Kaisla' };
    expect(validateSeries({ ...ok, durationMinutes: '4' }).durationMinutes).toBe('durationRange');
    expect(validateSeries({ ...ok, durationMinutes: 'two' }).durationMinutes).toBe('durationRange');
    expect(validateSeries({ ...ok, slotMinutes: '481' }).slotMinutes).toBe('slotRange');
    expect(validateSeries({ ...ok, durationMinutes: '30', slotMinutes: '40' }).slotMinutes).toBe('slotLonger');
    expect(validateSeries({ ...ok, time: '24:00' }).time).toBe('timeInvalid');
  });

  it('writes weekly rules', () => {
    expect(rruleOf({ interval: '2', weekday: 'TU' })).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU');
    expect(rruleOf({ interval: '1', weekday: 'TH' })).toBe('FREQ=WEEKLY;BYDAY=TH');
    expect(createBody({ ...emptySeries(), title: ' LaNu ', date: '2027-01-12', location: 'Kaisla' })).toEqual({
      title: 'LaNu', dtstart: '2027-01-12T13:00', durationMinutes: 120, slotMinutes: 20, rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', mode: 'hybrid', location: 'Kaisla',
    });
  });

  it('an edit sends only what changed (nothing when nothing did)', () => {
    const f = seriesToForm(SERIES);
    expect(patchBody(SERIES, f)).toEqual({});
    expect(patchBody(SERIES, { ...f, slotMinutes: '30' })).toEqual({ slotMinutes: 30 });
    expect(patchBody(SERIES, { ...f, weekday: 'WE' })).toEqual({ rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=WE' });
    expect(patchBody(SERIES, { ...f, time: '12:30' })).toEqual({ dtstart: '2026-09-01T12:30' });
  });

  it('maps the API\'s fields to the form\'s', () => {
    expect(seriesFieldOf('dtstart')).toBe('date');
    expect(seriesFieldOf('rrule')).toBe('interval');
    expect(seriesFieldOf('slotMinutes')).toBe('slotMinutes');
    expect(seriesFieldOf('roomId')).toBeUndefined();
  });
});
