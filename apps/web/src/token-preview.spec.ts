import { SignJWT } from 'jose';
import { previewToken } from './token-preview';

/** A token signed as the API signs one (apps/api auth/join-token.service.ts); the page never has the key. */
async function sign(payload: Record<string, unknown>, sub = 'p1'): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer('kohtaamo-api')
    .setAudience('kohtaamo-sfu')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode('a-key-the-page-does-not-know-0123456789'));
}

describe('previewToken', () => {
  it('reads the name, role, meeting and room head count without the key', async () => {
    expect(previewToken(await sign({ mid: 'm1', name: 'Äiti Öberg', role: 'guest' }))).toEqual({ name: 'Äiti Öberg', role: 'guest', meetingId: 'm1' });
    expect(previewToken(await sign({ mid: 'm1', name: 'Neuvola – meeting room', role: 'member', room: 4, node: 'node-a' }))).toEqual({
      name: 'Neuvola – meeting room',
      role: 'member',
      meetingId: 'm1',
      roomCount: 4,
    });
  });

  it('gives nothing for a token the SFU would refuse for its claims, or for what is not a token', async () => {
    expect(previewToken(await sign({ mid: 'm1', name: 'Anna', role: 'owner' }))).toBeUndefined();
    expect(previewToken(await sign({ mid: 'm1', role: 'member' }))).toBeUndefined();
    expect(previewToken(await sign({ mid: 'm1', name: 'Anna', role: 'member', room: 0 }))).toBeUndefined();
    expect(previewToken('not-a-token')).toBeUndefined();
    expect(previewToken('a.b.c')).toBeUndefined();
  });
});
