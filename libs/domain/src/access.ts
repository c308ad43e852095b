import { VIDEO_EVENTS, VIDEO_ROLES, type VideoEvent, type VideoRole } from '@kohtaamo/protocol';

/**
 * Who may do what: the one permission table of Kohtaamo (role × resource × action). Every HTTP route
 * declares the resource and action it touches; a guard allows the call when one of the caller's roles
 * has that action on that resource. Finer rules — which team's requests, which client within consent,
 * which meeting a guest was invited to — are checked by the services on top of this table.
 */
export const ROLES = ['requester', 'team_member', 'chair', 'coordinator', 'admin', 'external_guest', 'family_member'] as const;
export type Role = (typeof ROLES)[number];

export const STAFF_ROLES: readonly Role[] = ['requester', 'team_member', 'chair', 'coordinator', 'admin'];
export const GUEST_ROLES: readonly Role[] = ['external_guest', 'family_member'];

export const SYSTEM_ROLES = ['staff', 'coordinator', 'admin'] as const;
export type SystemRole = (typeof SYSTEM_ROLES)[number];

export const RESOURCES = [
  'person',
  /** the signed-in person's own record and preferences (language): nobody else's */
  'profile',
  'availability',
  'team',
  'team_member',
  'responsible_pair',
  'room',
  'client',
  'consent',
  'request',
  'meeting',
  'participant',
  'agenda',
  'session_series',
  'booking',
  'minutes',
  'delivery',
  'invitation',
  'join_token',
  'access_log',
  'queue_dashboard',
  // the seed's metrics, aggregated (issue 13): no case, client or family is ever shown
  'metrics',
] as const;
export type Resource = (typeof RESOURCES)[number];

export const ACTIONS = ['read', 'create', 'update', 'delete', 'triage', 'export'] as const;
export type Action = (typeof ACTIONS)[number];

type Table = Record<Role, Partial<Record<Resource, readonly Action[]>>>;

const R: readonly Action[] = ['read'];
const RC: readonly Action[] = ['read', 'create'];
const RCU: readonly Action[] = ['read', 'create', 'update'];
const ALL: readonly Action[] = ['read', 'create', 'update', 'delete'];

/**
 * The table. Staff roles add up: every signed-in professional is a requester; membership of a team
 * makes them a team member; chairing (the responsible pair) makes them a chair; coordinator and admin
 * come from their account. The admin runs the system and reads the access log, but sees no client data.
 */
export const PERMISSIONS: Table = {
  requester: {
    person: R,
    profile: ['read', 'update'],
    availability: ['read', 'update'],
    team: R,
    room: R,
    client: RCU,
    consent: RCU,
    request: RCU,
    meeting: RCU,
    participant: ALL,
    session_series: R,
    minutes: RCU,
    // of the meetings they organise (the object policy decides which)
    delivery: R,
    invitation: ['create', 'read', 'delete'],
    join_token: ['create'],
  },
  team_member: {
    person: R,
    availability: ['read', 'update'],
    team: R,
    room: R,
    client: R,
    consent: R,
    request: R,
    meeting: R,
    session_series: R,
    minutes: R,
    join_token: ['create'],
  },
  chair: {
    person: R,
    availability: ['read', 'update'],
    team: R,
    team_member: ALL,
    room: R,
    client: RCU,
    consent: RCU,
    request: ['read', 'update', 'triage'],
    meeting: RCU,
    participant: ALL,
    agenda: ALL,
    session_series: RCU,
    booking: ['create'],
    minutes: RCU,
    delivery: R,
    invitation: ['create', 'read', 'delete'],
    join_token: ['create'],
  },
  coordinator: {
    person: RCU,
    availability: ['read', 'update'],
    team: RCU,
    team_member: ALL,
    responsible_pair: RC,
    room: RC,
    meeting: RCU,
    participant: ALL,
    agenda: ALL,
    session_series: RCU,
    booking: ['create'],
    delivery: R,
    invitation: ['create', 'read', 'delete'],
    metrics: ['read', 'export'],
  },
  admin: {
    person: RCU,
    profile: ['read', 'update'],
    team: RCU,
    team_member: ALL,
    responsible_pair: RC,
    room: RC,
    access_log: ['read', 'export'],
    queue_dashboard: R,
  },
  external_guest: {
    meeting: R,
    minutes: R,
    join_token: ['create'],
  },
  family_member: {
    meeting: R,
    minutes: R,
    join_token: ['create'],
  },
};

export function roleAllows(role: Role, resource: Resource, action: Action): boolean {
  return PERMISSIONS[role][resource]?.includes(action) ?? false;
}

export function rolesAllow(roles: readonly Role[], resource: Resource, action: Action): boolean {
  return roles.some((r) => roleAllows(r, resource, action));
}

/** The staff roles of a professional, from their account and their teams. */
export function staffRoles(facts: { systemRole: SystemRole; memberOfTeam: boolean; chairsTeam: boolean }): Role[] {
  // an administrator's account runs the system and nothing else: no requests, no client data
  if (facts.systemRole === 'admin') return ['admin'];
  const roles: Role[] = ['requester'];
  if (facts.memberOfTeam) roles.push('team_member');
  if (facts.chairsTeam) roles.push('chair');
  if (facts.systemRole === 'coordinator') roles.push('coordinator');
  return roles;
}

/**
 * The video side of the table: which roles of a join token (VIDEO_ROLES, libs/protocol/src/tokens.ts) may
 * send which signalling request (VIDEO_EVENTS, libs/protocol/src/signalling.ts) to the SFU. Host controls
 * are the host's; everything else is every participant's own media (a guest only after a host admits them,
 * which the SFU's lobby enforces).
 */
const EVERYONE: readonly VideoRole[] = VIDEO_ROLES;
const HOSTS: readonly VideoRole[] = ['host'];

export const VIDEO_PERMISSIONS: Record<VideoEvent, readonly VideoRole[]> = {
  join: EVERYONE,
  leave: EVERYONE,
  'peer:capabilities': EVERYONE,
  'peer:room-count': EVERYONE,
  'transport:create': EVERYONE,
  'transport:connect': EVERYONE,
  'transport:restart-ice': EVERYONE,
  produce: EVERYONE,
  'producer:pause': EVERYONE,
  'producer:resume': EVERYONE,
  'producer:close': EVERYONE,
  consume: EVERYONE,
  'consumer:resume': EVERYONE,
  'consumer:pause': EVERYONE,
  'consumer:tile': EVERYONE,
  'lobby:admit': HOSTS,
  'lobby:deny': HOSTS,
  'host:mute': HOSTS,
  'host:remove': HOSTS,
  'host:end': HOSTS,
};

export function videoRoleAllows(role: VideoRole, event: string): boolean {
  return (VIDEO_EVENTS as readonly string[]).includes(event) && VIDEO_PERMISSIONS[event as VideoEvent].includes(role);
}
