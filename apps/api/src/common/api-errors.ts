import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { DOMAIN_ERROR_CODES } from '@kohtaamo/domain';

/** One field at fault: its path in the body or query, why (in the caller's language), and a stable code. */
export class FieldProblemDto {
  @ApiProperty({ example: 'reason', description: 'the field at fault (a path such as `weekly.mon[0].start` for nested ones)' })
  field: string;

  @ApiProperty({ example: 'on pakollinen', description: "why, in the language of the request's Accept-Language (fi, sv, en; English otherwise)" })
  reason: string;

  @ApiPropertyOptional({ example: 'required', description: 'a stable code for the reason, for clients that word it themselves' })
  code?: string;
}

/** The body of every 4xx and 5xx answer (apps/api/src/common/http-errors.filter.ts). */
export class ErrorBodyDto {
  @ApiProperty({ example: 400 }) statusCode: number;

  @ApiProperty({ enum: [...DOMAIN_ERROR_CODES, 'bad_request', 'payload_too_large', 'too_many_requests', 'internal'], example: 'validation_failed' })
  error: string;

  @ApiProperty({ example: 'reason: on pakollinen' }) message: string;

  @ApiProperty({ type: [FieldProblemDto] }) fields: FieldProblemDto[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'more about the error, e.g. `{conflict: "agenda_slot", meetingId}`' })
  details?: Record<string, unknown>;
}

type Status = 400 | 403 | 404 | 409 | 422;

/**
 * Documents a route's error answers (all with ErrorBodyDto): pass, per status, what causes it and which
 * `error` codes and `details` to expect. 401 (not signed in) is added to every route.
 */
export function ApiErrors(errors: Partial<Record<Status, string>>): MethodDecorator & ClassDecorator {
  const all: Array<[number, string]> = [[401, '`unauthorized`: no valid sign-in (Authorization: Bearer …)'], ...Object.entries(errors).map(([s, d]) => [Number(s), d] as [number, string])];
  return applyDecorators(...all.map(([status, description]) => ApiResponse({ status, description, type: ErrorBodyDto })));
}
