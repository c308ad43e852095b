/**
 * Shapes of API answers whose routes declare no response DTO in the OpenAPI document yet (so schema.d.ts
 * types them as unknown). Written from the API's entities and services; replace each with the generated
 * type (`components['schemas'][…]`) once its route declares `@ApiOkResponse({ type: … })`.
 */
import type { Lang } from '../lib/language';

export type Role = 'requester' | 'team_member' | 'chair' | 'coordinator' | 'admin' | 'external_guest' | 'family_member';

/** GET /api/me for staff (apps/api/src/auth/principal.ts) */
export interface Me {
  kind: 'staff' | 'guest';
  personId: string;
  name: string;
  organisation: string;
  systemRole: 'staff' | 'coordinator' | 'admin';
  roles: Role[];
  /** not in the API yet: a person's own language */
  language?: Lang;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

// the domain's own unions (types only: nothing of libs/ is bundled)
export type { RequestStatus, Urgency } from '../../../../libs/domain/src/request';
import type { RequestStatus, Urgency } from '../../../../libs/domain/src/request';

/** GET /api/requests items (apps/api/src/requests/consultation-request.entity.ts) */
export interface ConsultationRequest {
  id: string;
  requesterId: string;
  ownWorkerId: string | null;
  teamId: string;
  clientGroup: string;
  urgency: Urgency;
  question: string;
  anonymous: boolean;
  status: RequestStatus;
  /** why it was declined, or what the team asked back (more_info_needed) */
  statusReason: string | null;
  submittedAt: string;
  statusChangedAt: string;
}

export type MeetingKind = 'team_session' | 'network_meeting' | 'ad_hoc';

/** GET /api/meetings items (apps/api/src/meetings/meeting.entity.ts) */
export interface Meeting {
  id: string;
  kind: MeetingKind;
  title: string;
  teamId: string | null;
  requestId: string | null;
  organiserId: string | null;
  startsAt: string;
  endsAt: string;
  location: string | null;
  mode: 'remote' | 'in_person' | 'hybrid';
  status: 'scheduled' | 'cancelled' | 'held';
}

/** GET /api/meetings/:id for staff: the meeting with its participants and agenda */
export interface MeetingDetail extends Meeting {
  participants: Array<{ id: string; kind: 'staff' | 'external' | 'family'; personId: string | null; displayName: string }>;
  agenda: Array<{ id: string; requestId: string; startsAt: string; endsAt: string }>;
}

export interface Team {
  id: string;
  kind: string;
  name: string;
  unit: string | null;
}

/** GET /api/teams/:id */
export interface TeamDetail extends Team {
  members: Array<{ id: string; personId: string; role: 'member' | 'chair' }>;
  responsiblePairs: Array<{ physicianId: string; nurseId: string; validFrom: string; validTo: string | null }>;
}
