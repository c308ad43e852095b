/** What the API's join-token answer says about the meeting, for the join and lobby pages' heading. */
export interface MeetingAbout {
  /** null for a guest: they see a neutral word, as in their invitation's calendar entry */
  title: string | null;
  startsAt: string;
  endsAt: string;
}

export interface PageParams {
  /** the meeting's title and time (from the API; absent when the link carried a join token itself) */
  about?: MeetingAbout;
  token?: string;
  /** a guest's invitation token (from the link in their email): exchanged for a join token at the API */
  invitation?: string;
  meetingId?: string;
  /** finalised minutes to read (link in a minutes email): staff sign in, guests use their invitation */
  minutesId?: string;
  /**
   * Where the SFU is: this origin (default), the build's VITE_SFU_URL, or — with several nodes — the node the
   * API's join-token answer names. Never from the page's address: a link must not be able to send the
   * join token (or a staff member's sign-in) to a server of its choosing.
   */
  sfuUrl?: string;
  /** where the API is: this origin's /api, or the build's VITE_API_URL — never from the page's address */
  apiUrl?: string;
  lang?: string;
  /**
   * TURN servers with their time-limited credentials: from the API's join-token answer. `ice=` in a link is
   * read by test builds only (the network tests hand a token straight to the SFU): in a real build a link
   * must not choose the relay the call's media (and the person's addresses) go through.
   */
  iceServers?: RTCIceServer[];
  /** media through TURN only (`relay=1`): for networks where only the relay gets through, and for tests */
  relayOnly?: boolean;
  /**
   * Asks the API again, with the same sign-in or invitation, for a fresh join token — and so for the SFU
   * node the meeting lives on now (after its node died, another one). Absent when the link carried a token.
   */
  reissue?: () => Promise<PageParams>;
}

/** `ice=` in a test link: base64url of the JSON array the API's join-token answer carries as `iceServers`. */
function readIceServers(raw: string | undefined): RTCIceServer[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  try {
    const json = atob(raw.replace(/-/g, '+').replace(/_/g, '/'));
    const list = JSON.parse(json) as unknown;
    if (!Array.isArray(list)) return undefined;
    return list.filter((s): s is RTCIceServer => typeof s === 'object' && s !== null && 'urls' in s);
  } catch {
    return undefined;
  }
}

/**
 * /join?token=…&meeting=…&lang=… or the same in the fragment (#token=…), which never reaches a server log.
 * `sfu=` and `api=` (accepted before) are ignored: the addresses tokens go to come from the build and the
 * API's answer only.
 */
export function readParams(loc: Location): PageParams {
  const query = new URLSearchParams(loc.search);
  const hash = new URLSearchParams(loc.hash.replace(/^#/, ''));
  const get = (k: string): string | undefined => hash.get(k) ?? query.get(k) ?? undefined;
  const p: PageParams = {};
  const token = get('token');
  if (token !== undefined && token !== '') p.token = token;
  const invitation = get('invitation');
  if (invitation !== undefined && invitation !== '') p.invitation = invitation;
  const minutes = get('minutes');
  if (minutes !== undefined && minutes !== '') p.minutesId = minutes;
  const meeting = get('meeting');
  if (meeting !== undefined && meeting !== '') p.meetingId = meeting;
  const sfu = import.meta.env['VITE_SFU_URL'] as string | undefined;
  if (sfu !== undefined && sfu !== '') p.sfuUrl = sfu;
  const apiUrl = import.meta.env['VITE_API_URL'] as string | undefined;
  if (apiUrl !== undefined && apiUrl !== '') p.apiUrl = apiUrl.replace(/\/$/, '');
  // Vite replaces import.meta.env.MODE with a constant: a production bundle drops the branch
  const ice = import.meta.env.MODE === 'test' ? readIceServers(get('ice')) : undefined;
  if (ice !== undefined) p.iceServers = ice;
  if (get('relay') === '1') p.relayOnly = true;
  const l = get('lang');
  if (l !== undefined) p.lang = l;
  return p;
}
