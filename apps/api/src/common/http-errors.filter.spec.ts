import type { ArgumentsHost } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { HttpErrorsFilter } from './http-errors.filter';

function answer(e: unknown): { status: number; body: Record<string, unknown> } {
  const out = { status: 0, body: {} as Record<string, unknown> };
  const res = { status: (s: number) => ((out.status = s), res), json: (b: Record<string, unknown>) => ((out.body = b), res) };
  const host = { switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost;
  const filter = new HttpErrorsFilter();
  (filter as unknown as { logger: { error: () => void } }).logger = { error: () => undefined };
  filter.catch(e, host);
  return out;
}

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('HttpErrorsFilter and the database roles', () => {
  it('answers a write refused by row-level security with 403 need_to_know, without SQL', () => {
    const r = answer(new QueryFailedError('INSERT INTO consent …', [], pgError('42501', 'new row violates row-level security policy for table "consent"')));
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ error: 'forbidden', details: { reason: 'need_to_know' } });
    expect(JSON.stringify(r.body)).not.toContain('consent');
  });
  it('keeps a missing grant a 500 (a defect to see in the log, not a refusal)', () => {
    expect(answer(new QueryFailedError('SELECT …', [], pgError('42501', 'permission denied for table person'))).status).toBe(500);
  });
});
