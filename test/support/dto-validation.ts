import type { ArgumentsHost, PipeTransform, Type } from '@nestjs/common';
import { HttpErrorsFilter, type ErrorBody } from '../../apps/api/src/common/http-errors.filter';
import { createValidationPipe } from '../../apps/api/src/common/validation';

/**
 * Field-by-field validation of request bodies as DTO unit tests (beside each DTO, `*.dto.spec.ts`):
 * a body goes through the API's one global pipe (common/validation.ts) and, when refused, through the
 * HTTP error filter, so the answer is the one a client would get — status, error code and `fields` —
 * without a server or a database. The e2e suites keep one or two cases per route that show the pipe
 * runs there, and the cases that need the database (an unknown id, a participant of another meeting).
 */

export type Answer = { ok: true; value: unknown } | { ok: false; status: number; body: ErrorBody };

/** The filter's answer to an error, as an HTTP response would carry it (Accept-Language as given). */
export function answerOf(e: unknown, acceptLanguage?: string): { status: number; body: ErrorBody } {
  const out = { status: 0, body: {} as ErrorBody };
  const res = { status: (s: number) => ((out.status = s), res), json: (b: ErrorBody) => ((out.body = b), res) };
  const req = { headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {} };
  const host = { switchToHttp: () => ({ getResponse: () => res, getRequest: () => req }) } as unknown as ArgumentsHost;
  const filter = new HttpErrorsFilter();
  // a 500 would be logged: keep the test output clean, the status says it
  (filter as unknown as { logger: { error: () => void } }).logger = { error: () => undefined };
  filter.catch(e, host);
  return out;
}

/** A body (or query) through the global validation pipe as the route's DTO, answered as over HTTP. */
export async function validate(dto: Type<unknown>, value: unknown, opts: { type?: 'body' | 'query'; acceptLanguage?: string } = {}): Promise<Answer> {
  return through(createValidationPipe(), value, { type: opts.type ?? 'body', metatype: dto }, opts.acceptLanguage);
}

/** A value through any pipe (e.g. EmptyBodyPipe), answered as over HTTP. */
export async function through(pipe: PipeTransform, value: unknown, metadata: { type: 'body' | 'query' | 'param'; metatype?: Type<unknown>; data?: string }, acceptLanguage?: string): Promise<Answer> {
  try {
    return { ok: true, value: await pipe.transform(value, { type: metadata.type, metatype: metadata.metatype, data: metadata.data }) };
  } catch (e) {
    return { ok: false, ...answerOf(e, acceptLanguage) };
  }
}

/** Whether a refusal names `field` itself or something inside it (`field[0]…`, `field.x`). */
export function names(body: ErrorBody, field: string): boolean {
  return (body.fields ?? []).some((x) => x.field === field || x.field.startsWith(`${field}[`) || x.field.startsWith(`${field}.`));
}

/** What a client sees of a refusal: the status and the fields named (for readable failures). */
export function shown(a: Answer): string {
  return a.ok ? 'accepted' : `${a.status} ${a.body.error}: ${a.body.fields.map((x) => `${x.field} (${x.reason})`).join('; ')}`;
}

// ---- the bad-value matrix (from the e2e suite test/api/bad-input.e2e-spec.ts, moved down) ----

export type Kind = { t: 'string'; max: number } | { t: 'enum' } | { t: 'uuid' } | { t: 'bool' } | { t: 'date' } | { t: 'enumArray' };
export const str = (max: number): Kind => ({ t: 'string', max });
export const ENUM: Kind = { t: 'enum' };
export const UUID: Kind = { t: 'uuid' };
export const BOOL: Kind = { t: 'bool' };
export const DATE: Kind = { t: 'date' };
export const ENUMS: Kind = { t: 'enumArray' };

/** The kinds of bad value each kind of field must refuse. */
export function badValuesFor(kind: Kind): Array<[string, unknown]> {
  switch (kind.t) {
    case 'string':
      return [
        ['a number', 42],
        ['an object', { $gt: '' }],
        [`${kind.max + 1} characters`, 'x'.repeat(kind.max + 1)],
      ];
    case 'enum':
      return [
        ['an unknown enum value', 'definitely_not_valid'],
        ['a number', 7],
      ];
    case 'uuid':
      return [
        ['a malformed UUID', 'not-a-uuid'],
        ['a SQL fragment', "1' OR '1'='1"],
      ];
    case 'bool':
      return [
        ['a string', 'yes'],
        ['a number', 1],
      ];
    case 'date':
      return [
        ['not a date', 'tomorrow'],
        ['an impossible date', '2026-02-30T10:00:00Z'],
      ];
    case 'enumArray':
      return [
        ['not an array', 'school'],
        ['an unknown member', ['school', 'mafia']],
        ['empty', []],
      ];
  }
}

/** One route's body: a valid example, each field's kind, the required fields, and fields that once named the actor. */
export interface BodyMatrix {
  /** the route, e.g. `POST /api/persons` */
  route: string;
  dto: Type<unknown>;
  valid: Record<string, unknown>;
  fields: Record<string, Kind>;
  required: string[];
  /** Fields that once named the acting person: the actor is the signed-in principal, so each is now an unknown field (400). */
  removed?: Record<string, unknown>;
}

export interface BadCase {
  label: string;
  body: unknown;
  field: string;
}

/** Every bad body of a route: an unknown field, each bad value of each field, each required field missing, each removed actor field. */
export function casesFor(m: BodyMatrix): BadCase[] {
  const cases: BadCase[] = [{ label: 'an unknown field', body: { ...m.valid, isAdmin: true }, field: 'isAdmin' }];
  for (const [field, kind] of Object.entries(m.fields)) {
    for (const [label, value] of badValuesFor(kind)) cases.push({ label: `${field} as ${label}`, body: { ...m.valid, [field]: value }, field });
  }
  for (const field of m.required) {
    const body = { ...m.valid };
    delete body[field];
    cases.push({ label: `${field} missing`, body, field });
  }
  for (const [field, value] of Object.entries(m.removed ?? {})) {
    cases.push({ label: `${field} (the actor comes from the sign-in)`, body: { ...m.valid, [field]: value }, field });
  }
  return cases;
}

/** What a refusal naming `field` must look like; `answer` shows the whole answer when it does not. */
export const REFUSED = { status: 400, error: 'validation_failed', namesField: true, answer: expect.any(String) as unknown as string };

/** The parts of an answer REFUSED compares. */
export function refusalOf(a: Answer, field: string): typeof REFUSED {
  if (a.ok) return { status: 0, error: 'none', namesField: false, answer: 'accepted' };
  return { status: a.status, error: a.body.error, namesField: names(a.body, field), answer: shown(a) };
}

/**
 * Registers the tests of one route's matrix: the valid body passes (so each bad one fails for the
 * reason tested), and every bad body is a 400 `validation_failed` naming the field.
 */
export function describeBodyMatrix(m: BodyMatrix): void {
  describe(`${m.route} (${m.dto.name})`, () => {
    it('accepts the valid body', async () => {
      const a = await validate(m.dto, m.valid);
      expect(shown(a)).toBe('accepted');
    });
    it.each(casesFor(m).map((c) => [c.label, c] as const))('refuses %s: 400 naming the field', async (_label, c) => {
      expect(refusalOf(await validate(m.dto, c.body), c.field)).toEqual(REFUSED);
    });
  });
}

/**
 * Registers single cases of one DTO: each body is a 400 naming the field (a hand-picked list, for
 * fields whose rules the kind matrix does not express: nested lists, dates without a time, …).
 */
export function describeBadBodies(route: string, dto: Type<unknown>, cases: Array<[label: string, body: unknown, field: string]>): void {
  describe(`${route} (${dto.name})`, () => {
    it.each(cases)('refuses %s: 400 naming the field', async (_label, body, field) => {
      expect(refusalOf(await validate(dto, body), field)).toEqual(REFUSED);
    });
  });
}
