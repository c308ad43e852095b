/**
 * Domain errors carry a code; each transport maps codes to its own status (HTTP filter, socket ack).
 * Services throw these, never framework exceptions.
 */
export const DOMAIN_ERROR_CODES = [
  'validation_failed',
  'not_found',
  'conflict',
  'invalid_transition',
  'identifier_in_anonymous',
  'consent_required',
  'unprocessable',
  'unauthorized',
  /** something that existed and was withdrawn on purpose (a revoked guest link) */
  'gone',
  'forbidden',
  'unavailable',
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export interface FieldProblem {
  field: string;
  reason: string;
  /** a stable code for the reason (e.g. `required`, `too_long`), for clients and for wording it in the caller's language */
  code?: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly fields: FieldProblem[] = [],
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static notFound(entity: string, id: string): DomainError {
    return new DomainError('not_found', `${entity} ${id} does not exist`, [], { entity, id });
  }

  static field(code: DomainErrorCode, field: string, reason: string): DomainError {
    return new DomainError(code, `${field}: ${reason}`, [{ field, reason }]);
  }
}
