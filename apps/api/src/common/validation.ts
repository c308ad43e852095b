import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, FieldProblem } from '@kohtaamo/domain';

/** Flattens nested class-validator errors into `path.to.field` + reason pairs. */
export function fieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const e of errors) {
    const property = e.property ?? 'body';
    const field = prefix ? (/^\d+$/.test(property) ? `${prefix}[${property}]` : `${prefix}.${property}`) : property;
    for (const reason of Object.values(e.constraints ?? {})) {
      out.push({ field, reason: reason.replace(/^property (\S+) should not exist$/, 'is not a known field') });
    }
    if (e.children?.length) out.push(...fieldProblems(e.children, field));
  }
  return out;
}

/** The global pipe of DESIGN.md; its errors become `validation_failed` domain errors naming each field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
