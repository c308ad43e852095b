import type { OrganisationType, Role, SystemRole } from '@kohtaamo/domain';

/** A professional signed in through the county's identity provider. */
export interface StaffPrincipal {
  kind: 'staff';
  personId: string;
  name: string;
  organisation: string;
  systemRole: SystemRole;
  roles: Role[];
}

/** Someone from outside (school, daycare, Kela, parish, the family) holding an invitation to one meeting. */
export interface GuestPrincipal {
  kind: 'guest';
  invitationId: string;
  participantId: string;
  meetingId: string;
  name: string;
  organisation: string | null;
  organisationType: OrganisationType | null;
  roles: Role[];
}

export type Principal = StaffPrincipal | GuestPrincipal;

export function actorOf(p: Principal): { kind: 'staff' | 'guest'; id: string; name: string; organisation: string | null; roles: Role[] } {
  return p.kind === 'staff'
    ? { kind: 'staff', id: p.personId, name: p.name, organisation: p.organisation, roles: p.roles }
    : { kind: 'guest', id: p.participantId, name: p.name, organisation: p.organisation, roles: p.roles };
}
