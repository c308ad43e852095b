const VIDEO_PARAMS = ['token', 'invitation', 'minutes', 'meeting'];

/** Addresses of the video page (join, lobby, call; minutes from an email link), which is not a React route yet. */
export function isVideoPage(loc: Pick<Location, 'pathname' | 'search' | 'hash'>): boolean {
  if (loc.pathname === '/join' || loc.pathname.startsWith('/join/')) return true;
  if (loc.pathname !== '/' && loc.pathname !== '/index.html') return false;
  const query = new URLSearchParams(loc.search);
  const hash = new URLSearchParams(loc.hash.replace(/^#/, ''));
  return VIDEO_PARAMS.some((k) => query.has(k) || hash.has(k));
}
