import { beforeCurrentMinute } from './past';

describe('beforeCurrentMinute', () => {
  const now = new Date('2027-03-02T10:20:45.500Z');

  it('counts the current minute as now', () => {
    expect(beforeCurrentMinute(new Date('2027-03-02T10:20:00Z'), now)).toBe(false);
    expect(beforeCurrentMinute(new Date('2027-03-02T10:20:59Z'), now)).toBe(false);
    expect(beforeCurrentMinute(now, now)).toBe(false);
  });

  it('anything before that minute is past, anything after it is not', () => {
    expect(beforeCurrentMinute(new Date('2027-03-02T10:19:59.999Z'), now)).toBe(true);
    expect(beforeCurrentMinute(new Date('2027-03-01T10:20:00Z'), now)).toBe(true);
    expect(beforeCurrentMinute(new Date('2027-03-02T10:21:00Z'), now)).toBe(false);
  });
});
