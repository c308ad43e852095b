const VIDEO_PARAMS = ['token', 'invitation', 'minutes', 'meeting'];

type Address = Pick<Location, 'pathname' | 'search' | 'hash'>;

/**
 * Addresses of the join page (join, lobby, call; minutes from an email link): /join…, and the older
 * /?token=…, /#token=…, /?invitation=…, /?meeting=…, /#minutes=… that links already sent still carry.
 */
export function isVideoPage(loc: Address): boolean {
  if (loc.pathname === '/join' || loc.pathname.startsWith('/join/')) return true;
  if (loc.pathname !== '/' && loc.pathname !== '/index.html') return false;
  const query = new URLSearchParams(loc.search);
  const hash = new URLSearchParams(loc.hash.replace(/^#/, ''));
  return VIDEO_PARAMS.some((k) => query.has(k) || hash.has(k));
}

/** An older video address on `/` as the same address under /join (its query and fragment kept); else undefined. */
export function canonicalVideoAddress(loc: Address): string | undefined {
  if (loc.pathname.startsWith('/join') || !isVideoPage(loc)) return undefined;
  return `/join${loc.search}${loc.hash}`;
}

/** `lang=` in a video link (query or fragment): the language its email was written in. */
export function linkLanguage(loc: Address): string | undefined {
  const hash = new URLSearchParams(loc.hash.replace(/^#/, ''));
  return hash.get('lang') ?? new URLSearchParams(loc.search).get('lang') ?? undefined;
}
