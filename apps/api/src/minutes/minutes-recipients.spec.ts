import { ConsentFacts } from '@kohtaamo/domain';
import { minutesRecipientDecision } from './minutes-recipients';

const now = new Date('2030-03-05T12:00:00Z');
const consent: ConsentFacts = { organisationTypes: ['school'], dataCategories: ['request', 'minutes'], givenAt: new Date('2030-01-01'), validUntil: null, withdrawnAt: null };
const staff = { kind: 'staff' as const, organisationType: null };
const school = { kind: 'external' as const, organisationType: 'school' as const };
const kela = { kind: 'external' as const, organisationType: 'kela' as const };
const family = { kind: 'family' as const, organisationType: null };

describe('who receives minutes', () => {
  it('staff always; others never for an anonymous consultation', () => {
    expect(minutesRecipientDecision(staff, { anonymous: true, consent: null }, now).allowed).toBe(true);
    expect(minutesRecipientDecision(school, { anonymous: true, consent: null }, now).allowed).toBe(false);
    expect(minutesRecipientDecision(family, { anonymous: true, consent: null }, now).allowed).toBe(false);
  });
  it('external participants by organisation type and category; family by category', () => {
    expect(minutesRecipientDecision(school, { anonymous: false, consent }, now).allowed).toBe(true);
    expect(minutesRecipientDecision(kela, { anonymous: false, consent }, now)).toEqual({ allowed: false, reason: 'the consent does not cover minutes for "kela"' });
    expect(minutesRecipientDecision(family, { anonymous: false, consent }, now).allowed).toBe(true);
    const noMinutes = { ...consent, dataCategories: ['request' as const] };
    expect(minutesRecipientDecision(school, { anonymous: false, consent: noMinutes }, now).allowed).toBe(false);
    expect(minutesRecipientDecision(family, { anonymous: false, consent: noMinutes }, now).allowed).toBe(false);
  });
  it('a withdrawn or expired consent withholds', () => {
    expect(minutesRecipientDecision(school, { anonymous: false, consent: { ...consent, withdrawnAt: new Date('2030-03-01') } }, now)).toEqual({ allowed: false, reason: 'the consent is withdrawn' });
    expect(minutesRecipientDecision(family, { anonymous: false, consent: { ...consent, validUntil: new Date('2030-02-01') } }, now)).toEqual({ allowed: false, reason: 'the consent is expired' });
  });
  it('the client and a guardian keep receiving them after the consent ends (their own right); a non-custodial parent does not', () => {
    const withdrawn = { ...consent, withdrawnAt: new Date('2030-03-01') };
    expect(minutesRecipientDecision({ ...family, relation: 'guardian' }, { anonymous: false, consent: withdrawn }, now).allowed).toBe(true);
    expect(minutesRecipientDecision({ ...family, relation: 'child' }, { anonymous: false, consent: { ...consent, validUntil: new Date('2030-02-01') } }, now).allowed).toBe(true);
    expect(minutesRecipientDecision({ ...family, relation: 'parent' }, { anonymous: false, consent: withdrawn }, now)).toEqual({ allowed: false, reason: 'the consent is withdrawn' });
    expect(minutesRecipientDecision({ ...family, relation: 'guardian' }, { anonymous: false, consent: { ...withdrawn, dataCategories: ['request'] } }, now).allowed).toBe(false);
    expect(minutesRecipientDecision({ ...family, relation: 'guardian' }, { anonymous: false, consent: { ...consent, givenAt: new Date('2030-04-01') } }, now).allowed).toBe(false);
  });
});
