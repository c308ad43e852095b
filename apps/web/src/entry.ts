/**
 * The page's one entry. The staff app (React) and the video page (join, lobby, call; minutes read from an
 * email link) share index.html, so every address the API and the SFU hand out keeps working:
 *   /join?…, /?token=…, /#token=…, /#minutes=…, ?invitation=…, ?meeting=…  → the video page (vanilla TS)
 *   anything else                                                          → the staff app
 * Each is its own chunk: the sign-in page loads no mediasoup, the call loads no React.
 */
const VIDEO_PARAMS = ['token', 'invitation', 'minutes', 'meeting'];

export function isVideoPage(loc: Pick<Location, 'pathname' | 'search' | 'hash'>): boolean {
  if (loc.pathname === '/join' || loc.pathname.startsWith('/join/')) return true;
  if (loc.pathname !== '/' && loc.pathname !== '/index.html') return false;
  const query = new URLSearchParams(loc.search);
  const hash = new URLSearchParams(loc.hash.replace(/^#/, ''));
  return VIDEO_PARAMS.some((k) => query.has(k) || hash.has(k));
}

if (isVideoPage(window.location)) {
  void import('./video-page');
} else {
  void import('./app/bootstrap');
}
