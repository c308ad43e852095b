import type { components } from '../api/schema';
import { endOfHelsinkiDay } from '../lib/time';

/**
 * The New consultation request form: its values, its validation (pure: no I/O, no clock — today's
 * Helsinki date is passed in) and the API bodies built from it. Error values are catalogue keys under
 * `newRequest.errors`, so the page shows them in the user's language.
 */
type CreateRequest = components['schemas']['CreateRequestDto'];
type CreateClient = components['schemas']['CreateClientDto'];
type CreateConsent = components['schemas']['CreateConsentDto'];

export const CLIENT_GROUPS = ['neuropsychiatric', 'substance_use', 'mental_health', 'separating_family', 'custody_dispute', 'other'] as const satisfies readonly CreateRequest['clientGroup'][];
export const URGENCIES = ['urgent', 'soon', 'normal'] as const satisfies readonly CreateRequest['urgency'][];
export const MODES = ['remote', 'hybrid', 'in_person'] as const satisfies readonly CreateRequest['preferredMode'][];
export const ORGANISATION_TYPES = ['school', 'daycare', 'kela', 'parish', 'ngo', 'social_services', 'health_care', 'other'] as const satisfies CreateConsent['organisationTypes'];
export const DATA_CATEGORIES = ['identity', 'request', 'health', 'social_services', 'education', 'minutes'] as const satisfies CreateConsent['dataCategories'];

/** The API's limits (apps/api/src/requests/dto): the question and the longer texts. */
export const QUESTION_MAX = 4000;
export const TEXT_MAX = 4000;

export interface NewRequestForm {
  teamId: string;
  clientGroup: CreateRequest['clientGroup'] | '';
  urgency: CreateRequest['urgency'] | '';
  question: string;
  triedSoFar: string;
  preferredMode: CreateRequest['preferredMode'];
  familyAttends: boolean;
  anonymous: boolean;
  /** identified only: the client (a new one; `clientId` when picked from the register) */
  clientId: string;
  clientName: string;
  clientIdentityCode: string;
  /** identified only: the consent */
  consentGivenBy: CreateConsent['givenBy'] | '';
  consentGivenByName: string;
  consentOrganisations: Array<CreateConsent['organisationTypes'][number]>;
  consentCategories: Array<CreateConsent['dataCategories'][number]>;
  consentPurpose: string;
  /** YYYY-MM-DD: valid until the end of that day in Helsinki; empty = no end date */
  consentValidUntil: string;
}

export const emptyForm = (): NewRequestForm => ({
  teamId: '',
  clientGroup: '',
  urgency: '',
  question: '',
  triedSoFar: '',
  preferredMode: 'remote',
  familyAttends: false,
  anonymous: true,
  clientId: '',
  clientName: '',
  clientIdentityCode: '',
  consentGivenBy: '',
  consentGivenByName: '',
  consentOrganisations: [],
  consentCategories: ['request'],
  consentPurpose: '',
  consentValidUntil: '',
});

export type FieldName = keyof NewRequestForm;
/** field → catalogue key under newRequest.errors */
export type FormErrors = Partial<Record<FieldName, string>>;

/** Finnish personal identity code: DDMMYY, century sign, three digits, check character (Population Information Act). */
const HETU = /^(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-FHJ-NPR-Y])$/;
const CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY';
export function isValidIdentityCode(code: string): boolean {
  const m = HETU.exec(code.trim().toUpperCase());
  if (m === null) return false;
  const n = Number(`${m[1]}${m[2]}${m[3]}${m[5]}`);
  return CHECK[n % 31] === m[6];
}

/**
 * What is wrong with the form, field by field (empty when it may be sent). `today` is the Helsinki date
 * (YYYY-MM-DD) the consent's end date is compared with. An anonymous request ignores every identifying
 * field: they are not sent.
 */
export function validateNewRequest(f: NewRequestForm, today: string): FormErrors {
  const e: FormErrors = {};
  if (f.teamId === '') e.teamId = 'teamRequired';
  if (f.clientGroup === '') e.clientGroup = 'clientGroupRequired';
  if (f.urgency === '') e.urgency = 'urgencyRequired';
  if (f.question.trim() === '') e.question = 'questionRequired';
  else if (f.question.length > QUESTION_MAX) e.question = 'tooLong';
  if (f.triedSoFar.length > TEXT_MAX) e.triedSoFar = 'tooLong';
  if (f.anonymous) return e;

  if (f.clientId === '') {
    if (f.clientName.trim() === '') e.clientName = 'clientNameRequired';
    if (f.clientIdentityCode.trim() !== '' && !isValidIdentityCode(f.clientIdentityCode)) e.clientIdentityCode = 'identityCodeInvalid';
  }
  if (f.consentGivenBy === '') e.consentGivenBy = 'consentGivenByRequired';
  if (f.consentGivenByName.trim() === '') e.consentGivenByName = 'consentGivenByNameRequired';
  if (f.consentOrganisations.length === 0) e.consentOrganisations = 'organisationsRequired';
  if (f.consentCategories.length === 0) e.consentCategories = 'categoriesRequired';
  if (f.consentPurpose.trim() === '') e.consentPurpose = 'purposeRequired';
  if (f.consentValidUntil !== '') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(f.consentValidUntil) || Number.isNaN(Date.parse(f.consentValidUntil))) e.consentValidUntil = 'dateInvalid';
    else if (f.consentValidUntil < today) e.consentValidUntil = 'dateInPast';
  }
  return e;
}

/** The request's body; the client and consent ids come from the register (picked or just created). */
export function requestBody(f: NewRequestForm, ids?: { clientId: string; consentId: string }): CreateRequest {
  const body: CreateRequest = {
    teamId: f.teamId,
    clientGroup: f.clientGroup as CreateRequest['clientGroup'],
    urgency: f.urgency as CreateRequest['urgency'],
    question: f.question.trim(),
    preferredMode: f.preferredMode,
    familyAttends: f.familyAttends,
    anonymous: f.anonymous,
  };
  if (f.triedSoFar.trim() !== '') body.triedSoFar = f.triedSoFar.trim();
  if (!f.anonymous && ids !== undefined) {
    body.clientId = ids.clientId;
    body.consentId = ids.consentId;
  }
  return body;
}

export function clientBody(f: NewRequestForm, locale: CreateClient['locale']): CreateClient {
  const body: CreateClient = { fullName: f.clientName.trim(), locale };
  if (f.clientIdentityCode.trim() !== '') body.personalIdentityCode = f.clientIdentityCode.trim().toUpperCase();
  return body;
}

/** "Valid until 31.12.2026" means until the end of that day in Helsinki. */
export function consentBody(f: NewRequestForm): CreateConsent {
  const body: CreateConsent = {
    givenBy: f.consentGivenBy as CreateConsent['givenBy'],
    givenByName: f.consentGivenByName.trim(),
    organisationTypes: [...f.consentOrganisations],
    dataCategories: [...f.consentCategories],
    purpose: f.consentPurpose.trim(),
  };
  if (f.consentValidUntil !== '') body.validUntil = endOfHelsinkiDay(f.consentValidUntil);
  return body;
}

/**
 * Which form field an API field problem belongs to (the API names its DTO fields: question, triedSoFar,
 * situation…; the client's and consent's under their own DTOs).
 */
export function formFieldOf(apiField: string, step: 'client' | 'consent' | 'request'): FieldName | undefined {
  if (step === 'client') return ({ fullName: 'clientName', personalIdentityCode: 'clientIdentityCode' } as Record<string, FieldName>)[apiField];
  if (step === 'consent') return ({ givenBy: 'consentGivenBy', givenByName: 'consentGivenByName', organisationTypes: 'consentOrganisations', dataCategories: 'consentCategories', purpose: 'consentPurpose', validUntil: 'consentValidUntil' } as Record<string, FieldName>)[apiField];
  const direct: FieldName[] = ['teamId', 'clientGroup', 'urgency', 'question', 'triedSoFar', 'preferredMode', 'familyAttends', 'anonymous'];
  if ((direct as string[]).includes(apiField)) return apiField as FieldName;
  // the request's situation is written into the question on this form
  if (apiField === 'situation') return 'question';
  return undefined;
}
