import { ConsentFacts, FamilyRelation, OrganisationType, ParticipantKind, consentAllows, consentState, hasOwnRight } from '@kohtaamo/domain';

export type RecipientDecision = { allowed: true } | { allowed: false; reason: string };

/**
 * Who receives finalised minutes (docs/domain.md, Minutes: visible only to those entitled by consent):
 * - staff participants always (professionals of the wellbeing services county, bound by secrecy);
 * - an external participant only if the consultation is identified and the client's consent is active
 *   and covers the category "minutes" for that participant's organisation type;
 * - a family member only if the consultation is identified and the consent is active and covers
 *   "minutes" (the client or guardian agreed that the minutes circulate; without that the family
 *   gets them from the own worker, not by email);
 * - for an anonymous consultation, or minutes about no request at all, staff only;
 * - the client and a guardian (consent.ts hasOwnRight) also once the consent has been withdrawn or has
 *   expired, if it covered "minutes": a consent lets data go to others, and its end takes nothing from them.
 * Checked when the minutes are distributed and again just before each message is sent, so a consent
 * withdrawn in between withholds the message.
 */
export function minutesRecipientDecision(
  participant: { kind: ParticipantKind; organisationType: OrganisationType | null; relation?: FamilyRelation | null },
  about: { anonymous: boolean; consent: ConsentFacts | null },
  now: Date,
): RecipientDecision {
  if (participant.kind === 'staff') return { allowed: true };
  if (about.anonymous) return { allowed: false, reason: 'minutes of an anonymous consultation go to staff only' };
  if (!about.consent) return { allowed: false, reason: 'there is no consent to disclose the minutes' };
  const state = consentState(about.consent, now);
  if ((state === 'withdrawn' || state === 'expired') && hasOwnRight(participant.kind, participant.relation) && about.consent.dataCategories.includes('minutes')) {
    return { allowed: true };
  }
  if (state !== 'active') return { allowed: false, reason: `the consent is ${state.replace(/_/g, ' ')}` };
  switch (participant.kind) {
    case 'external':
      if (participant.organisationType && consentAllows(about.consent, participant.organisationType, 'minutes', now)) return { allowed: true };
      return { allowed: false, reason: `the consent does not cover minutes for "${participant.organisationType ?? 'unknown'}"` };
    case 'family':
      if (about.consent.dataCategories.includes('minutes')) return { allowed: true };
      return { allowed: false, reason: 'the consent does not cover minutes' };
  }
}
