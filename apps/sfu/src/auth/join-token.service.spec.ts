import { createSecretKey } from 'node:crypto';
import type { SfuConfig } from '../config/sfu.config';
import { SignJWT } from 'jose';
import { JoinTokenService } from './join-token.service';

const SECRET = 'unit-test-join-token-secret-0123456789abcdef';
const service = new JoinTokenService({ joinTokenSecret: SECRET } as SfuConfig);

async function sign(payload: Record<string, unknown>, o: { secret?: string; exp?: number; iss?: string; aud?: string; alg?: string } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ mid: 'm1', name: 'Anna', role: 'member', ...payload })
    .setProtectedHeader({ alg: o.alg ?? 'HS256' })
    .setSubject('p1')
    .setIssuer(o.iss ?? 'kohtaamo-api')
    .setAudience(o.aud ?? 'kohtaamo-sfu')
    .setIssuedAt(now)
    .setExpirationTime(o.exp ?? now + 600)
    .sign(createSecretKey(Buffer.from(o.secret ?? SECRET)));
}

describe('JoinTokenService', () => {
  it('returns the identity of a valid token', async () => {
    const exp = Math.floor(Date.now() / 1000) + 600;
    await expect(service.verify(await sign({ room: 3 }, { exp }), 'm1')).resolves.toEqual({
      participantId: 'p1',
      meetingId: 'm1',
      name: 'Anna',
      role: 'member',
      roomCount: 3,
      expiresAt: exp * 1000,
    });
  });

  it.each([
    ['another secret', {}, { secret: 'x'.repeat(40) }, 'invalid_token'],
    ['expired', {}, { exp: Math.floor(Date.now() / 1000) - 10 }, 'token_expired'],
    ['another issuer', {}, { iss: 'evil' }, 'invalid_token'],
    ['another audience', {}, { aud: 'kohtaamo-api' }, 'invalid_token'],
    ['HS512', {}, { alg: 'HS512', secret: SECRET + SECRET }, 'invalid_token'],
    ['no meeting', { mid: undefined }, {}, 'invalid_token'],
    ['a bad role', { role: 'owner' }, {}, 'invalid_token'],
    ['a fractional room count', { room: 1.5 }, {}, 'invalid_token'],
    ['a name too long', { name: 'n'.repeat(101) }, {}, 'invalid_token'],
  ])('refuses a token with %s', async (_what, payload, o, code) => {
    await expect(service.verify(await sign(payload, o))).rejects.toMatchObject({ code, field: 'token' });
  });

  it('refuses a token for another meeting', async () => {
    await expect(service.verify(await sign({}), 'm2')).rejects.toMatchObject({ code: 'wrong_meeting', field: 'meetingId' });
  });

  it('with several nodes, refuses a token the API placed on another node (the meeting lives on one)', async () => {
    const nodeA = new JoinTokenService({ joinTokenSecret: SECRET, registry: { nodeId: 'node-a' } } as SfuConfig);
    await expect(nodeA.verify(await sign({ node: 'node-a' }))).resolves.toMatchObject({ node: 'node-a' });
    await expect(nodeA.verify(await sign({ node: 'node-b' }))).rejects.toMatchObject({ code: 'wrong_node', field: 'token' });
    await expect(nodeA.verify(await sign({ node: 7 }))).rejects.toMatchObject({ code: 'invalid_token' });
    // a single SFU without a registry takes any placement
    await expect(service.verify(await sign({ node: 'node-b' }))).resolves.toMatchObject({ node: 'node-b' });
  });
});
