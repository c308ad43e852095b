import { Injectable, OnModuleInit } from '@nestjs/common';
import { DomainError, IdentifierKind, Lexicon, findIdentifiers } from '@kohtaamo/domain';
import { textsFor } from '../locales/i18n';
import { buildLexicon } from './lexicon';
import { loadPostcodes } from './postcodes';
import { Voikko } from './voikko';

/** A field of an anonymous consultation that identifies someone: the field and the kind, never the value. */
export interface FieldFinding {
  field: string;
  kind: IdentifierKind;
}

interface Checker {
  lexicon: Lexicon;
  postcodes: ReadonlySet<string>;
}

// One native morphology and one set of lists per process, however many application instances (tests) start.
let shared: Promise<Checker> | undefined;
function checker(): Promise<Checker> {
  shared ??= Promise.resolve().then(() => ({ lexicon: buildLexicon(Voikko.open()), postcodes: loadPostcodes() }));
  return shared;
}

/**
 * The one place every write of an anonymous consultation's free text goes through (requests, meetings
 * and their participants, minutes and their attendance, every later edit). Async because the Finnish
 * morphology is native and loaded on first use (libvoikko1 + voikko-fi must be installed).
 */
@Injectable()
export class IdentifierCheckService implements OnModuleInit {
  /** Loads the morphology and lists at start-up (about 0.3 s), so that a missing library stops the process at once. */
  async onModuleInit(): Promise<void> {
    await checker();
  }

  /** Findings per field; empty texts are skipped. */
  async check(texts: Record<string, string | null | undefined>): Promise<FieldFinding[]> {
    const { lexicon, postcodes } = await checker();
    const out: FieldFinding[] = [];
    for (const [field, text] of Object.entries(texts)) {
      if (!text) continue;
      const kinds = new Set(findIdentifiers(text, lexicon, postcodes).map((f) => f.kind));
      for (const kind of kinds) out.push({ field, kind });
    }
    return out;
  }

  /**
   * Throws `identifier_in_anonymous` (422) naming every field and the kind of identifier found in it;
   * the message and the body never repeat the text. `context` says where the text is going (per field, if
   * a function), which words the refusal for its reader: each field problem carries the code
   * `identifier_in_<context>` and its English reason (`errors.identifier_in_<context>` of the catalogues,
   * apps/api/src/locales), which common/error-language.ts words in the caller's language; `details.findings`
   * keeps field and kind.
   */
  async assertNone(
    texts: Record<string, string | null | undefined>,
    context: IdentifierContext | ((field: string) => IdentifierContext) = 'request',
    only?: readonly IdentifierKind[],
  ): Promise<void> {
    // `only`: the kinds refused here (e.g. an identity code in a name that is emailed); all kinds when absent
    const findings = (await this.check(texts)).filter((f) => !only || only.includes(f.kind));
    if (!findings.length) return;
    const contextOf = typeof context === 'function' ? context : () => context;
    const fields = findings.map((f) => {
      const c = contextOf(f.field);
      // the English catalogue's words; common/error-language.ts words them in the caller's language
      const en = textsFor('en');
      return { field: f.field, reason: en.t(`errors.identifier_in_${c}`, { value: en.t(`errors.identifier_kind.${f.kind}`) }), code: `identifier_in_${c}` };
    });
    throw new DomainError('identifier_in_anonymous', fields.map((f) => `${f.field}: ${f.reason}`).join('; '), fields, { findings });
  }
}

/**
 * Where a checked text goes, which is why it must not identify anyone (the reason's first words):
 * - `request`: a text of an anonymous consultation request (or the answer to one);
 * - `minutes`: the minutes of an anonymous consultation; `minutes_no_case`: minutes of a meeting about no request;
 * - `meeting_title`: kept in staff calendars and records (outsiders see the neutral word "tapaaminen"), must not identify the client;
 * - `meeting_place`: seen by everyone invited (and in their calendars);
 * - `participant`: a family member of an anonymous consultation (named by relation only, invited by no address);
 * - `notice_reason`: a reason for moving or cancelling a meeting, emailed to everyone invited;
 * - `feedback`: an anonymous answer to the feedback survey;
 * - `participant_name`: any participant's name, in whatever meeting: it greets them in every email (an identity code is refused);
 * - `accessibility_feedback`: the free text of accessibility feedback, mailed in plain text to the contact
 *   (the sender's name and address have fields of their own, so the text carries no identifier at all);
 * - `emailed`: any other text that goes into an email (an identity code or a phone number is refused).
 */
export const IDENTIFIER_CONTEXTS = ['request', 'minutes', 'minutes_no_case', 'meeting_title', 'meeting_place', 'participant', 'notice_reason', 'feedback', 'participant_name', 'accessibility_feedback', 'emailed'] as const;

/** What is never sent by email, whatever the case's anonymity (docs/domain.md: confidential client data is not sent by email). */
export const NEVER_EMAILED: readonly IdentifierKind[] = ['personal_identity_code'];
export type IdentifierContext = (typeof IDENTIFIER_CONTEXTS)[number];
