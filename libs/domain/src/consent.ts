import { FamilyRelation, OrganisationType, ParticipantKind } from './meeting';

/** What a consent may cover: which data may be disclosed. */
export const DATA_CATEGORIES = [
  'identity',
  'request',
  'health',
  'social_services',
  'education',
  'minutes',
] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

export const CONSENT_GIVERS = ['client', 'guardian'] as const;
export type ConsentGiver = (typeof CONSENT_GIVERS)[number];

export interface ConsentFacts {
  organisationTypes: readonly OrganisationType[];
  dataCategories: readonly DataCategory[];
  givenAt: Date;
  validUntil: Date | null;
  withdrawnAt: Date | null;
}

export type ConsentState = 'active' | 'not_yet_valid' | 'expired' | 'withdrawn';

/** The state of a consent at an instant (the clock is passed in). */
export function consentState(c: ConsentFacts, at: Date): ConsentState {
  if (c.withdrawnAt && c.withdrawnAt.getTime() <= at.getTime()) return 'withdrawn';
  if (c.givenAt.getTime() > at.getTime()) return 'not_yet_valid';
  if (c.validUntil && c.validUntil.getTime() <= at.getTime()) return 'expired';
  return 'active';
}

/** Does this consent allow disclosing a category of data to an organisation of this type, now? */
export function consentAllows(c: ConsentFacts, organisationType: OrganisationType, category: DataCategory, at: Date): boolean {
  return (
    consentState(c, at) === 'active' && c.organisationTypes.includes(organisationType) && c.dataCategories.includes(category)
  );
}

/**
 * Family members whose access to the client's data is their own right, not the consent's: the client
 * themself (the child) and a guardian, who exercises the child's rights as their legal representative —
 * the right of access of GDPR art. 15, the Act on the Status and Rights of Patients 785/1992 § 9 and the
 * Act on the Status and Rights of Social Welfare Clients 812/2000 § 11. A consent is what lets the data
 * go to *others*; withdrawing it takes nothing from them. A parent without custody ('parent') and other
 * relatives have no such standing in Kohtaamo (a non-custodial parent may ask the authority for
 * information, Child Custody Act 361/1983 § 9, which is a request, not a link): they stay within consent.
 */
export const OWN_RIGHT_RELATIONS: readonly FamilyRelation[] = ['child', 'guardian'];

export function hasOwnRight(kind: ParticipantKind, relation: FamilyRelation | null | undefined): boolean {
  return kind === 'family' && relation !== null && relation !== undefined && OWN_RIGHT_RELATIONS.includes(relation);
}

/** The basis of one disclosure, as the disclosure log records it. */
export type DisclosureBasis = 'consent' | 'own_right' | 'staff_duty';

/**
 * Why a family member or an outside participant may receive the client's data now: the consent while it
 * is in force; after it (withdrawn or expired), the client's or guardian's own right; otherwise nothing.
 * A consent not yet given is no basis for anyone.
 */
export function disclosureBasis(
  recipient: { kind: ParticipantKind; relation?: FamilyRelation | null },
  consent: ConsentFacts | null,
  at: Date,
): DisclosureBasis | null {
  if (recipient.kind === 'staff') return 'staff_duty';
  const state = consent ? consentState(consent, at) : null;
  if (state === 'active') return 'consent';
  if ((state === 'withdrawn' || state === 'expired') && hasOwnRight(recipient.kind, recipient.relation)) return 'own_right';
  return null;
}
