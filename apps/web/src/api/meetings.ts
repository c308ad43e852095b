import { api, unwrap } from './client';

/**
 * Network meetings as the planner and the meeting page read them (issue 12). The routes declare no
 * answer DTO in the OpenAPI document yet, so the shapes are written here from the API's service
 * (apps/api/src/meetings/meetings.service.ts MeetingDetail, AttendanceView; deliveries.service; invitations.service).
 */
export const ORGANISATION_TYPES = ['school', 'daycare', 'kela', 'parish', 'ngo', 'social_services', 'health_care', 'other'] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];
export const FAMILY_RELATIONS = ['guardian', 'parent', 'child', 'other'] as const;
export type FamilyRelation = (typeof FAMILY_RELATIONS)[number];
export type MeetingMode = 'remote' | 'in_person' | 'hybrid';
export type Attendance = 'invited' | 'in_person' | 'remote' | 'absent';

export interface Participant {
  id: string;
  kind: 'staff' | 'external' | 'family';
  personId: string | null;
  displayName: string;
  email: string | null;
  organisationName: string | null;
  organisationType: OrganisationType | null;
  familyRelation: FamilyRelation | null;
  required: boolean;
  attendance: Attendance;
  host: boolean;
}

export interface Meeting {
  id: string;
  kind: 'team_session' | 'network_meeting' | 'ad_hoc';
  title: string;
  requestId: string | null;
  organiserId: string | null;
  startsAt: string;
  endsAt: string;
  location: string | null;
  mode: MeetingMode;
  status: 'scheduled' | 'cancelled' | 'held';
  sequence: number;
  changeReason: string | null;
  endedAt: string | null;
  roomHeadcount: number | null;
}

export interface MeetingDetail extends Meeting {
  participants: Participant[];
  /** what happened to the meeting that its organiser and chairs must see (apps/api meetings.repository MeetingNotice) */
  notices: Array<{ id: string; kind: 'consent_withdrawn' | 'pair_member_busy'; at: string; persons?: Array<{ id: string; name: string }> }>;
}

export interface AttendanceView {
  meetingId: string;
  roomHeadcount: number | null;
  rows: Array<{ id: string; participantId: string | null; personId: string | null; source: 'video' | 'room'; joinedAt: string; leftAt: string | null; roomCount: number | null }>;
}

export interface Delivery {
  id: string;
  participantId: string | null;
  kind: 'invitation' | 'update' | 'cancellation' | 'reminder' | 'minutes' | 'triage' | 'notice' | 'feedback';
  status: 'queued' | 'sending' | 'retrying' | 'sent' | 'failed' | 'no_address' | 'superseded' | 'expired' | 'withheld';
  sentAt: string | null;
}

export interface Invitation {
  id: string;
  participantId: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface Candidate {
  start: string;
  end: string;
  optionalAvailable: string[];
  optionalCount: number;
}

export interface PersonRow {
  id: string;
  name: string;
  profession: string;
  organisation: string;
  unit: string | null;
  active?: boolean;
}

export interface Consent {
  id: string;
  organisationTypes: OrganisationType[];
  dataCategories: string[];
  validUntil: string | null;
  withdrawnAt: string | null;
}

export const getMeeting = async (id: string): Promise<MeetingDetail> =>
  (await unwrap(api.GET('/api/meetings/{id}', { params: { path: { id } } }))) as unknown as MeetingDetail;
export const getAttendance = async (id: string): Promise<AttendanceView> =>
  (await unwrap(api.GET('/api/meetings/{id}/attendance', { params: { path: { id } } }))) as unknown as AttendanceView;
export const getDeliveries = async (id: string): Promise<Delivery[]> =>
  ((await unwrap(api.GET('/api/meetings/{meetingId}/deliveries', { params: { path: { meetingId: id }, query: { limit: 200 } } }))) as unknown as { items: Delivery[] }).items;
export const getInvitations = async (id: string): Promise<Invitation[]> =>
  (await unwrap(api.GET('/api/meetings/{id}/invitations', { params: { path: { id } } }))) as unknown as Invitation[];

/**
 * Why an outside organisation type may not be invited to a meeting about this request, or null when it
 * may (the API's rule: an identified request whose consent is in force and covers the type and the
 * category "request"; apps/api meetings.service participantRows, libs/domain consentAllows).
 */
export type TypeRefusal = 'no_request' | 'anonymous' | 'no_consent' | 'withdrawn' | 'expired' | 'category' | 'type';
export function typeRefusal(type: OrganisationType, request: { anonymous: boolean } | null, consent: Consent | null, now: Date): TypeRefusal | null {
  if (request === null) return 'no_request';
  if (request.anonymous) return 'anonymous';
  if (consent === null) return 'no_consent';
  if (consent.withdrawnAt !== null && new Date(consent.withdrawnAt) <= now) return 'withdrawn';
  if (consent.validUntil !== null && new Date(consent.validUntil) <= now) return 'expired';
  if (!consent.dataCategories.includes('request')) return 'category';
  if (!consent.organisationTypes.includes(type)) return 'type';
  return null;
}
