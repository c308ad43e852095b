export const MEETING_KINDS = ['team_session', 'network_meeting', 'ad_hoc'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_STATUSES = ['scheduled', 'cancelled', 'held'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const PARTICIPANT_KINDS = ['staff', 'external', 'family'] as const;
export type ParticipantKind = (typeof PARTICIPANT_KINDS)[number];

export const ORGANISATION_TYPES = ['school', 'daycare', 'kela', 'parish', 'ngo', 'social_services', 'health_care', 'other'] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

export const ATTENDANCES = ['invited', 'in_person', 'remote', 'absent'] as const;
export type Attendance = (typeof ATTENDANCES)[number];

export const LOCALES = ['fi', 'sv', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const FAMILY_RELATIONS = ['child', 'guardian', 'parent', 'other'] as const;
export type FamilyRelation = (typeof FAMILY_RELATIONS)[number];
