import { metricsAccess, parseMetricsToken } from './metrics-access';

describe('metricsAccess', () => {
  const token = 'a-token-of-24-characters';
  it('with a token, only the bearer of that token reads', () => {
    expect(metricsAccess(token, true, `Bearer ${token}`)).toBe('ok');
    expect(metricsAccess(token, false, `bearer ${token}`)).toBe('ok');
    expect(metricsAccess(token, true, undefined)).toBe('unauthorized');
    expect(metricsAccess(token, true, `Bearer ${token}x`)).toBe('unauthorized');
    expect(metricsAccess(token, true, `Bearer ${token.slice(0, -1)}`)).toBe('unauthorized');
    expect(metricsAccess(token, true, `Basic ${token}`)).toBe('unauthorized');
  });
  it('without a token: off in production, open elsewhere', () => {
    expect(metricsAccess(null, true, undefined)).toBe('disabled');
    expect(metricsAccess(null, true, 'Bearer anything-at-all-here')).toBe('disabled');
    expect(metricsAccess(null, false, undefined)).toBe('ok');
  });
  it('a configured token must be long enough', () => {
    expect(parseMetricsToken(undefined)).toEqual({ token: null });
    expect(parseMetricsToken('short').error).toMatch(/at least 16/);
    expect(parseMetricsToken(' 0123456789abcdef ')).toEqual({ token: '0123456789abcdef' });
  });
});
