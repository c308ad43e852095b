import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { SfuError } from '../common/sfu.error';

function firstError(errors: ValidationError[], prefix = ''): { field: string; message: string } {
  for (const e of errors) {
    const field = prefix === '' ? e.property : `${prefix}.${e.property}`;
    const constraints = e.constraints === undefined ? [] : Object.values(e.constraints);
    if (constraints.length > 0) return { field, message: constraints[0] ?? 'invalid' };
    if (e.children !== undefined && e.children.length > 0) return firstError(e.children, field);
  }
  return { field: prefix, message: 'invalid payload' };
}

/** The same whitelist rules as the HTTP API; failures become `invalid_payload` naming the field. */
export function socketValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors: ValidationError[]) => {
      const { field, message } = firstError(errors);
      return field === '' ? new SfuError('invalid_payload', message) : new SfuError('invalid_payload', message, field);
    },
  });
}
