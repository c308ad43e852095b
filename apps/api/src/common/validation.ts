import { ArgumentMetadata, Injectable, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, FieldProblem } from '@kohtaamo/domain';
import { constraintCode } from './error-language';

/** Flattens nested class-validator errors into `path.to.field` + reason pairs. */
export function fieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const property = e.property ?? 'body';
    const field = prefix ? (/^\d+$/.test(property) ? `${prefix}[${property}]` : `${prefix}.${property}`) : property;
    for (const [constraint, reason] of Object.entries(e.constraints ?? {})) {
      const code = constraintCode(constraint);
      out.push({ field, reason: reason.replace(/^property (\S+) should not exist$/, 'is not a known field'), ...(code ? { code } : {}) });
    }
    if (e.children?.length) out.push(...fieldProblems(e.children, field));
  }
  return out;
}

/** How deep a request body or query may nest; no DTO of the API nests deeper than 4. */
export const MAX_BODY_DEPTH = 32;

/**
 * The path of the first value nested deeper than `max` levels, or null. Iterative, so that no input
 * (a 60,000-level array fits in the 256 kB body limit) can overflow the stack here or in the
 * recursive class-transformer and class-validator that come after.
 */
export function tooDeep(value: unknown, max = MAX_BODY_DEPTH): string | null {
  const stack: Array<{ v: unknown; depth: number; path: string }> = [{ v: value, depth: 0, path: '' }];
  while (stack.length) {
    const { v, depth, path } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return path || 'body';
    for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
      stack.push({ v: child, depth: depth + 1, path: Array.isArray(v) ? `${path}[${k}]` : path ? `${path}.${k}` : k });
    }
  }
  return null;
}

/**
 * The path of the first string (value or key) holding a NUL character (U+0000), or null. PostgreSQL's text
 * cannot store it ("invalid byte sequence"), so without this check such input became a 500. Iterative,
 * like tooDeep (which has already bounded the depth).
 */
export function nulAt(value: unknown): string | null {
  const stack: Array<{ v: unknown; path: string }> = [{ v: value, path: '' }];
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return path || 'body';
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
      const at = Array.isArray(v) ? `${path}[${k}]` : path ? `${path}.${k}` : k;
      if (k.includes('\u0000')) return path || 'body';
      stack.push({ v: child, path: at });
    }
  }
  return null;
}

/**
 * The one global pipe (docs/architecture.md, apps/api); its errors become `validation_failed` domain
 * errors naming each field.
 * Bodies and queries nested deeper than MAX_BODY_DEPTH are refused first (400 naming the field).
 */
export function createValidationPipe(): ValidationPipe {
  return new DepthCheckedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = fieldProblems(errors);
      const message = fields.map((f) => `${f.field}: ${f.reason}`).join('; ') || 'the request is not valid';
      return new DomainError('validation_failed', message, fields);
    },
  });
}

class DepthCheckedValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      const deep = tooDeep(value);
      if (deep) return Promise.reject(DomainError.field('validation_failed', deep.split(/[.[]/)[0] || 'body', `nested deeper than ${MAX_BODY_DEPTH} levels`));
      const nul = nulAt(value);
      if (nul) {
        const field = typeof value === 'string' && metadata.data ? metadata.data : nul;
        return Promise.reject(new DomainError('validation_failed', `${field}: must not contain the NUL character (U+0000)`, [{ field, reason: 'must not contain the NUL character (U+0000)', code: 'nul_character' }]));
      }
    }
    return super.transform(value, metadata);
  }
}

/**
 * For routes that take no body (e.g. finalising minutes: the signer is the caller): `{}` or nothing is
 * fine; any field is a 400 naming it, as the global pipe does for unknown fields of a DTO.
 */
@Injectable()
export class EmptyBodyPipe implements PipeTransform {
  transform(value: unknown): Record<string, never> {
    if (value === undefined || value === null || (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0)) return {};
    if (typeof value !== 'object' || Array.isArray(value)) throw DomainError.field('validation_failed', 'body', 'this action takes no body (send {} or nothing)');
    const fields = Object.keys(value).map((field) => ({ field, reason: 'is not a known field' }));
    throw new DomainError('validation_failed', fields.map((f) => `${f.field}: ${f.reason}`).join('; '), fields);
  }
}
