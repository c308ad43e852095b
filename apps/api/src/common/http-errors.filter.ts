import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DomainError, DomainErrorCode, FieldProblem } from '@kohtaamo/domain';
import { SchedulingError } from '@kohtaamo/scheduling';
import type { Request, Response } from 'express';
import { localiseErrorBody, preferredLanguage } from './error-language';
import { QueryFailedError } from 'typeorm';

/** How each domain error code reads over HTTP. */
export const HTTP_STATUS_OF: Record<DomainErrorCode, number> = {
  validation_failed: HttpStatus.BAD_REQUEST,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  invalid_transition: HttpStatus.CONFLICT,
  identifier_in_anonymous: HttpStatus.UNPROCESSABLE_ENTITY,
  consent_required: HttpStatus.UNPROCESSABLE_ENTITY,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  unauthorized: HttpStatus.UNAUTHORIZED,
  gone: HttpStatus.GONE,
  forbidden: HttpStatus.FORBIDDEN,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  fields: FieldProblem[];
  details?: Record<string, unknown>;
}

interface PgDriverError {
  code?: string;
  constraint?: string;
  detail?: string;
  column?: string;
}

/**
 * The one filter of the HTTP transport: domain errors by code; framework errors (bad JSON, payload too
 * large, unknown route) by their status; a database constraint that still fires maps to 409/422, a
 * write refused by row-level security to 403;
 * anything else is a 500 with no stack trace or SQL in the body.
 */
@Catch()
export class HttpErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    // the fields' reasons in the caller's language (Accept-Language: fi, sv, en), each with a stable code
    const req = typeof http.getRequest === 'function' ? http.getRequest<Request | undefined>() : undefined;
    const body = localiseErrorBody(this.toBody(exception), preferredLanguage(req?.headers?.['accept-language']));
    if (body.statusCode >= 500) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    }
    res.status(body.statusCode).json(body);
  }

  private toBody(e: unknown): ErrorBody {
    if (e instanceof DomainError) {
      const body: ErrorBody = { statusCode: HTTP_STATUS_OF[e.code], error: e.code, message: e.message, fields: e.fields };
      if (Object.keys(e.details).length) body.details = e.details;
      return body;
    }
    if (e instanceof SchedulingError) {
      const notFound = e.code === 'unknown_occurrence';
      const body: ErrorBody = { statusCode: notFound ? 404 : 400, error: notFound ? 'not_found' : 'validation_failed', message: e.message, fields: [{ field: e.field, reason: e.message }] };
      if (e.line !== undefined) body.details = { line: e.line, code: e.code };
      else body.details = { code: e.code };
      return body;
    }
    if (e instanceof HttpException) {
      const status = e.getStatus();
      const r = e.getResponse();
      const message = typeof r === 'string' ? r : String((r as { message?: unknown }).message ?? e.message);
      return { statusCode: status, error: codeForStatus(status), message: bodyParserMessage(message), fields: [] };
    }
    if (e instanceof QueryFailedError) {
      const pg = e.driverError as PgDriverError;
      switch (pg.code ?? '') {
        case '23505':
        case '23P01':
          return { statusCode: 409, error: 'conflict', message: constraintMessage(pg), fields: [], details: { constraint: pg.constraint } };
        case '23503':
          return { statusCode: 422, error: 'unprocessable', message: 'a referenced record does not exist', fields: [], details: { constraint: pg.constraint } };
        case '23514':
        case '22001':
        case '22P02':
        case '22007':
        case '22008':
          return { statusCode: 400, error: 'validation_failed', message: 'a value is not acceptable', fields: [], details: { constraint: pg.constraint } };
        case '42501':
          // row-level security refused to write a row the actor may not see (a missing grant stays a 500)
          if (/row-level security/.test(e.message)) {
            return { statusCode: 403, error: 'forbidden', message: 'you may not write this record (need to know)', fields: [], details: { reason: 'need_to_know' } };
          }
          break;
        case '40001':
        case '40P01':
          return { statusCode: 409, error: 'conflict', message: 'a concurrent change got there first; try again', fields: [] };
        default:
          break;
      }
    }
    // body-parser errors are plain errors with a status
    const status = (e as { status?: unknown; statusCode?: unknown })?.status ?? (e as { statusCode?: unknown })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const type = (e as { type?: string }).type;
      return { statusCode: status, error: codeForStatus(status), message: bodyParserMessage(type ?? (e as Error).message), fields: [] };
    }
    return { statusCode: 500, error: 'internal', message: 'something went wrong on our side; it has been logged', fields: [] };
  }
}

function constraintMessage(pg: PgDriverError): string {
  return `conflicts with an existing record (${pg.constraint ?? 'unique constraint'})`;
}

function codeForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 422:
      return 'unprocessable';
    case 429:
      return 'too_many_requests';
    default:
      return status >= 500 ? 'internal' : 'bad_request';
  }
}

function bodyParserMessage(message: string): string {
  if (message === 'entity.parse.failed' || /JSON/.test(message)) return 'the request body is not valid JSON';
  if (message === 'entity.too.large') return 'the request body is too large';
  if (message === 'encoding.unsupported' || message === 'charset.unsupported') return 'the request body encoding is not supported; use UTF-8';
  return message;
}
