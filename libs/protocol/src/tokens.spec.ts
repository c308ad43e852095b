import { CONTROL_MAX_REMOVE, TOKEN_MAX_NAME, TOKEN_MAX_ROOM, readJoinTokenClaims, readSfuControlClaims, readSfuEndClaims } from './tokens';

const good = { sub: 'p1', mid: 'm1', name: 'Anna', role: 'member', exp: 1_900_000_000, iat: 1_899_999_000, iss: 'kohtaamo-api', aud: 'kohtaamo-sfu' };

describe('readJoinTokenClaims', () => {
  it('reads the claims the SFU acts on, names trimmed, optional ones only when present', () => {
    expect(readJoinTokenClaims(good)).toEqual({ ok: true, claims: { sub: 'p1', mid: 'm1', name: 'Anna', role: 'member', exp: 1_900_000_000 } });
    const read = readJoinTokenClaims({ ...good, name: '  Anna Virtanen ', room: TOKEN_MAX_ROOM, node: 'node-a' });
    expect(read).toEqual({ ok: true, claims: { sub: 'p1', mid: 'm1', name: 'Anna Virtanen', role: 'member', exp: 1_900_000_000, room: TOKEN_MAX_ROOM, node: 'node-a' } });
    // absent, not undefined: a token without them says nothing about a room or a node
    const plain = readJoinTokenClaims(good);
    expect(plain.ok && Object.keys(plain.claims).sort()).toEqual(['exp', 'mid', 'name', 'role', 'sub']);
  });

  it.each(['host', 'member', 'guest'])('takes the role %s', (role) => {
    expect(readJoinTokenClaims({ ...good, role })).toMatchObject({ ok: true, claims: { role } });
  });

  const lacks = 'the join token lacks a participant, meeting, name or role';
  it.each([
    ['no participant', { sub: undefined }, lacks],
    ['an empty meeting', { mid: '   ' }, lacks],
    ['a name too long', { name: 'n'.repeat(TOKEN_MAX_NAME + 1) }, lacks],
    ['a name that is not text', { name: 7 }, lacks],
    ['an unknown role', { role: 'owner' }, lacks],
    ['no expiry', { exp: undefined }, lacks],
    ['an expiry as text', { exp: '1900000000' }, lacks],
    ['a fractional room count', { room: 1.5 }, 'the join token has an invalid room head count'],
    ['an empty room', { room: 0 }, 'the join token has an invalid room head count'],
    ['too many in the room', { room: TOKEN_MAX_ROOM + 1 }, 'the join token has an invalid room head count'],
    ['a room count as text', { room: '3' }, 'the join token has an invalid room head count'],
    ['a node that is not text', { node: 7 }, 'the join token has an invalid node'],
  ])('refuses %s', (_what, change, message) => {
    expect(readJoinTokenClaims({ ...good, ...change })).toEqual({ ok: false, message });
  });
});

describe('readSfuControlClaims', () => {
  it('reads the meeting and the participants to remove, trimmed', () => {
    expect(readSfuControlClaims({ mid: 'm1', remove: [' p1', 'p2'], exp: 1 })).toEqual({ ok: true, claims: { mid: 'm1', remove: ['p1', 'p2'] } });
    expect(readSfuControlClaims({ mid: 'm1', remove: [] })).toEqual({ ok: true, claims: { mid: 'm1', remove: [] } });
  });

  it.each([
    ['no meeting', { remove: ['p1'] }],
    ['no list', { mid: 'm1' }],
    ['a list that is not one', { mid: 'm1', remove: 'p1' }],
    ['an empty id', { mid: 'm1', remove: ['p1', ' '] }],
    ['an id that is not text', { mid: 'm1', remove: [1] }],
    ['too many', { mid: 'm1', remove: Array.from({ length: CONTROL_MAX_REMOVE + 1 }, (_, i) => `p${i}`) }],
  ])('refuses %s', (_what, payload) => {
    expect(readSfuControlClaims(payload)).toEqual({ ok: false, message: 'the order lacks a meeting or its participants' });
  });
});

describe('readSfuEndClaims', () => {
  it('reads the meeting of an end order', () => {
    expect(readSfuEndClaims({ mid: 'm1', end: true, exp: 1 })).toEqual({ ok: true, claims: { mid: 'm1', end: true } });
  });

  it.each([
    ['a remove order', { mid: 'm1', remove: ['p1'] }],
    ['end not exactly true', { mid: 'm1', end: 'true' }],
    ['no meeting', { end: true }],
  ])('refuses %s', (_what, payload) => {
    expect(readSfuEndClaims(payload)).toEqual({ ok: false, message: 'the order is not an end order for a meeting' });
  });
});
