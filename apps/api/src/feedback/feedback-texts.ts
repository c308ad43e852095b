import type { Locale } from '@kohtaamo/domain';

/**
 * What a participant reads about the survey, in their language (Finnish, Swedish, English). The email says
 * nothing of the meeting's topic or of the family (docs/domain.md, The law that applies: an invitation to
 * an outside partner must not reveal that someone is a client), only that a meeting took place and how
 * to answer.
 */
export interface SurveyTexts {
  subject: string;
  greeting: (name: string) => string;
  body: string;
  answer: string;
  anonymity: string;
  signature: string;
  /** the survey page (the web app shows these) */
  question: string;
  scale: Record<1 | 2 | 3 | 4 | 5, string>;
  comment: string;
  commentHint: string;
  thanks: string;
}

export const SURVEY_TEXTS: Record<Locale, SurveyTexts> = {
  fi: {
    subject: 'Miten tapaaminen onnistui? Lyhyt kysely',
    greeting: (name) => `Hei ${name},`,
    body: 'osallistuit äskettäin tapaamiseen. Kertoisitko, miten se mielestäsi onnistui? Vastaaminen vie alle minuutin.',
    answer: 'Vastaa tästä:',
    anonymity: 'Vastaus on nimetön: sitä ei voi yhdistää sinuun, ja tuloksia katsotaan vain tiimeittäin. Linkillä voi vastata kerran.',
    signature: 'Kohtaamo',
    question: 'Kuinka hyödyllinen tapaaminen oli sinulle?',
    scale: { 1: 'Ei lainkaan hyödyllinen', 2: 'Vähän hyödyllinen', 3: 'Jonkin verran hyödyllinen', 4: 'Hyödyllinen', 5: 'Erittäin hyödyllinen' },
    comment: 'Haluatko kertoa jotain muuta? (vapaaehtoinen)',
    commentHint: 'Älä kirjoita nimiä tai muita tunnistetietoja.',
    thanks: 'Kiitos vastauksestasi!',
  },
  sv: {
    subject: 'Hur gick mötet? En kort enkät',
    greeting: (name) => `Hej ${name},`,
    body: 'du deltog nyligen i ett möte. Vill du berätta hur det gick enligt dig? Det tar mindre än en minut att svara.',
    answer: 'Svara här:',
    anonymity: 'Svaret är anonymt: det kan inte kopplas till dig, och resultaten granskas bara per team. Länken kan användas för ett svar.',
    signature: 'Kohtaamo',
    question: 'Hur nyttigt var mötet för dig?',
    scale: { 1: 'Inte alls nyttigt', 2: 'Lite nyttigt', 3: 'Ganska nyttigt', 4: 'Nyttigt', 5: 'Mycket nyttigt' },
    comment: 'Vill du berätta något annat? (frivilligt)',
    commentHint: 'Skriv inte namn eller andra identifierande uppgifter.',
    thanks: 'Tack för ditt svar!',
  },
  en: {
    subject: 'How did the meeting go? A short survey',
    greeting: (name) => `Hello ${name},`,
    body: 'you recently took part in a meeting. Would you tell us how it went for you? Answering takes less than a minute.',
    answer: 'Answer here:',
    anonymity: 'Your answer is anonymous: it cannot be linked to you, and results are only seen per team. The link takes one answer.',
    signature: 'Kohtaamo',
    question: 'How useful was the meeting for you?',
    scale: { 1: 'Not useful at all', 2: 'Slightly useful', 3: 'Somewhat useful', 4: 'Useful', 5: 'Very useful' },
    comment: 'Anything else you would like to say? (optional)',
    commentHint: 'Please do not write names or other identifying details.',
    thanks: 'Thank you for your answer!',
  },
};
