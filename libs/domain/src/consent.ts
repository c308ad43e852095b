import { OrganisationType } from './meeting';

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
