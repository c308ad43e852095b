import { canonicalVideoAddress, isVideoPage, linkLanguage } from './video-address';

const at = (url: string) => {
  const u = new URL(url, 'http://kohtaamo.test');
  return { pathname: u.pathname, search: u.search, hash: u.hash };
};

describe('video addresses', () => {
  it.each(['/join?meeting=m', '/join#token=x', '/?token=x', '/#token=x', '/#minutes=m&invitation=i', '/?invitation=i', '/?meeting=m'])('%s is the join page', (a) => {
    expect(isVideoPage(at(a))).toBe(true);
  });
  it.each(['/', '/inbox?token=x', '/sign-in?returnTo=%2Fjoin', '/feedback#token=x'])('%s is not', (a) => {
    expect(isVideoPage(at(a))).toBe(false);
  });
  it('moves the older addresses on / under /join, keeping query and fragment', () => {
    expect(canonicalVideoAddress(at('/?token=x&lang=sv'))).toBe('/join?token=x&lang=sv');
    expect(canonicalVideoAddress(at('/#minutes=m&invitation=i'))).toBe('/join#minutes=m&invitation=i');
    expect(canonicalVideoAddress(at('/join?meeting=m'))).toBeUndefined();
    expect(canonicalVideoAddress(at('/inbox'))).toBeUndefined();
  });
  it('reads lang= from the fragment or the query', () => {
    expect(linkLanguage(at('/#minutes=m&lang=sv'))).toBe('sv');
    expect(linkLanguage(at('/join?invitation=i&lang=en'))).toBe('en');
    expect(linkLanguage(at('/join?invitation=i'))).toBeUndefined();
  });
});
