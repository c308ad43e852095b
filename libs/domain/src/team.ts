import { DomainError } from './errors';

export const TEAM_KINDS = ['children_youth', 'adults', 'neuropsychiatric', 'other'] as const;
export type TeamKind = (typeof TEAM_KINDS)[number];

export const PROFESSIONS = [
  'physician',
  'nurse',
  'public_health_nurse',
  'psychologist',
  'social_worker',
  'family_worker',
  'speech_therapist',
  'occupational_therapist',
  'physiotherapist',
  'psychiatric_nurse',
  'school_social_worker',
  'teacher',
  'early_childhood_educator',
  'coordinator',
  'other',
] as const;
export type Profession = (typeof PROFESSIONS)[number];

export const TEAM_MEMBER_ROLES = ['member', 'chair', 'coordinator'] as const;
export type TeamMemberRole = (typeof TEAM_MEMBER_ROLES)[number];

export interface ResponsiblePairCandidate {
  physicianProfession: Profession;
  nurseProfession: Profession;
  validFrom: string; // YYYY-MM-DD
  validTo: string | null;
}

const NURSE_PROFESSIONS: readonly Profession[] = ['nurse', 'public_health_nurse', 'psychiatric_nurse'];

/** A responsible pair (vastuulääkäri–hoitajatyöpari) is one physician and one nurse, valid from a date. */
export function checkResponsiblePair(pair: ResponsiblePairCandidate): void {
  if (pair.physicianProfession !== 'physician') {
    throw DomainError.field('unprocessable', 'physicianId', 'the first member of a responsible pair must be a physician');
  }
  if (!NURSE_PROFESSIONS.includes(pair.nurseProfession)) {
    throw DomainError.field('unprocessable', 'nurseId', 'the second member of a responsible pair must be a nurse');
  }
  if (pair.validTo !== null && pair.validTo < pair.validFrom) {
    throw DomainError.field('validation_failed', 'validTo', 'must not be before validFrom');
  }
}
