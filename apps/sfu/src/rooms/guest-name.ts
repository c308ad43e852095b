import { findIdentifiers } from '@kohtaamo/domain';

/** The longest name a guest may give themselves in a call (characters). */
export const GUEST_NAME_MAX = 60;

/**
 * What the call shows for a guest (school, daycare, Kela, parish, the family): the name they typed on the
 * join page, with the name the organiser invited them by after it whenever that name is not already in it
 * — so a guest cannot pass for someone else (a daycare teacher typing "Lauri Rintala, lääkäri" is shown as
 * "Lauri Rintala, lääkäri (Päiväkodin opettaja)"). Empty, over-long (GUEST_NAME_MAX) or typed names holding
 * an identifier a computer recognises without a lexicon (an identity code, phone number, email, address or
 * date of birth: libs/domain findIdentifiers) give the invited name alone: the call of an anonymous
 * consultation must not carry one. Staff names come from their accounts and never pass here.
 */
export function guestDisplayName(typed: string | undefined, invited: string): string {
  const chosen = (typed ?? '').replace(/\s+/g, ' ').trim();
  if (chosen === '' || chosen.length > GUEST_NAME_MAX || findIdentifiers(chosen).length > 0) return invited;
  if (invited.trim() === '' || chosen.toLocaleLowerCase('fi').includes(invited.trim().toLocaleLowerCase('fi'))) return chosen;
  return `${chosen} (${invited.trim()})`;
}
