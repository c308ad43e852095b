import type { RunningSfu } from '../../apps/sfu/src/bootstrap';
import { isError, TestClient } from './support/client';
import { startSfu } from './support/sfu';
import { signJoinToken, tamper, unsigned, type TokenClaims } from './support/tokens';

/** Join tokens: only a valid, unexpired token signed by the API for this meeting gets in. */
describe('join tokens (socket.io)', () => {
  let sfu: RunningSfu;
  let client: TestClient;
  const claims: TokenClaims = { sub: 'participant-1', mid: 'meeting-tokens', name: 'Anna Aho', role: 'member' };

  beforeAll(async () => {
    sfu = await startSfu();
  });
  afterAll(async () => {
    await sfu?.close();
  });
  beforeEach(async () => {
    client = await TestClient.connect(sfu.url);
  });
  afterEach(() => client?.close());

  async function refusal(token: string, meetingId?: string): Promise<{ code: string; field?: string }> {
    const ack = await client.request('join', meetingId === undefined ? { token } : { token, meetingId });
    if (!isError(ack)) throw new Error(`expected a refusal, got ${JSON.stringify(ack).slice(0, 200)}`);
    return ack.error;
  }

  it('accepts a valid token and reports the participant from it', async () => {
    const ack = await client.ok('join', { token: await signJoinToken(claims), meetingId: claims.mid });
    expect(ack.status).toBe('joined');
    expect(ack.self).toMatchObject({ participantId: 'participant-1', name: 'Anna Aho', role: 'member' });
    expect(sfu.rooms.room('meeting-tokens')?.peers.has('participant-1')).toBe(true);
  });

  it('refuses a token signed with another secret', async () => {
    const token = await signJoinToken(claims, { secret: 'another-secret-that-is-long-enough-0123456789' });
    expect(await refusal(token)).toMatchObject({ code: 'invalid_token', field: 'token' });
  });

  it('refuses an expired token', async () => {
    const token = await signJoinToken(claims, { expiresIn: -60 });
    expect(await refusal(token)).toMatchObject({ code: 'token_expired', field: 'token' });
  });

  it('refuses a tampered token (payload changed, signature kept)', async () => {
    const token = tamper(await signJoinToken({ ...claims, role: 'guest' }));
    expect(await refusal(token)).toMatchObject({ code: 'invalid_token' });
  });

  it('refuses an unsigned (alg none) token', async () => {
    expect(await refusal(unsigned(await signJoinToken(claims)))).toMatchObject({ code: 'invalid_token' });
  });

  it('refuses a token for another meeting', async () => {
    const token = await signJoinToken({ ...claims, mid: 'meeting-other' });
    expect(await refusal(token, 'meeting-tokens')).toMatchObject({ code: 'wrong_meeting', field: 'meetingId' });
    expect(sfu.rooms.room('meeting-other')).toBeUndefined();
  });

  it.each([
    ['a wrong issuer', { issuer: 'someone-else' }],
    ['a wrong audience', { audience: 'kohtaamo-api' }],
  ])('refuses a token with %s', async (_what, o) => {
    expect(await refusal(await signJoinToken(claims, o))).toMatchObject({ code: 'invalid_token' });
  });

  it.each([
    ['an unknown role', { role: 'admin' }],
    ['an empty name', { name: '  ' }],
    ['a room count of zero', { room: 0 }],
  ])('refuses a token with %s', async (_what, extra) => {
    expect(await refusal(await signJoinToken(claims, { extra }))).toMatchObject({ code: 'invalid_token' });
  });

  it('refuses garbage as a token without closing the connection', async () => {
    expect(await refusal('not.a.token-at-all-xxxxxxxx')).toMatchObject({ code: 'invalid_token' });
    expect(client.socket.connected).toBe(true);
    const ack = await client.ok('join', { token: await signJoinToken({ ...claims, sub: 'participant-2' }) });
    expect(ack.status).toBe('joined');
  });
});
