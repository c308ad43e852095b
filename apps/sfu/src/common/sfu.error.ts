/**
 * Domain errors of the SFU. Each carries a stable code the client can switch on; the socket exception
 * filter turns them into an error acknowledgement `{ error: { code, field?, message } }`.
 */
export const SFU_ERROR_CODES = [
  'invalid_payload',
  'invalid_token',
  'token_expired',
  'wrong_meeting',
  'wrong_node',
  'not_joined',
  'already_joined',
  'in_lobby',
  'forbidden',
  'removed',
  'meeting_ended',
  'not_found',
  'media_error',
  'unavailable',
  'internal',
] as const;
export type SfuErrorCode = (typeof SFU_ERROR_CODES)[number];

export interface ErrorBody {
  code: SfuErrorCode;
  field?: string;
  message: string;
}

export class SfuError extends Error {
  constructor(
    readonly code: SfuErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'SfuError';
  }

  toBody(): ErrorBody {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, field: this.field, message: this.message };
  }
}

/** mediasoup throws TypeError for bad parameters and Error for state problems; neither is a crash. */
export function mediaError(e: unknown, what: string): SfuError {
  if (e instanceof SfuError) return e;
  const detail = e instanceof Error ? e.message : String(e);
  return new SfuError('media_error', `${what}: ${detail}`);
}
