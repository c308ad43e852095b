import { Injectable, OnModuleInit } from '@nestjs/common';
import { DomainError, IdentifierKind, Lexicon, findIdentifiers } from '@kohtaamo/domain';
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
   * the message and the body never repeat the text.
   */
  async assertNone(texts: Record<string, string | null | undefined>): Promise<void> {
    const findings = await this.check(texts);
    if (!findings.length) return;
    throw new DomainError(
      'identifier_in_anonymous',
      `an anonymous consultation must not identify anyone: ${findings.map((f) => `${f.field} contains ${KIND_WORDS[f.kind]}`).join('; ')}`,
      findings.map((f) => ({ field: f.field, reason: `contains ${KIND_WORDS[f.kind]}` })),
      { findings },
    );
  }
}

const KIND_WORDS: Record<IdentifierKind, string> = {
  personal_identity_code: 'a personal identity code (henkilötunnus)',
  phone: 'a phone number',
  email: 'an email address',
  address: 'a street address or a postcode with its place',
  birth_date: 'an exact date of birth',
  name: "a person's name",
};
