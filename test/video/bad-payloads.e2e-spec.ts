import type { RunningSfu } from '../../apps/sfu/src/bootstrap';
import { audioRtpParameters, isError, TestClient } from './support/client';
import { joinAs, joined, prepareMedia, type Participant } from './support/participants';
import { startSfu } from './support/sfu';

/**
 * Every socket payload is validated; a bad one gets `{ error: { code, field?, message } }` and neither the
 * process, the sender's connection nor another meeting notices.
 */
describe('bad payloads (socket.io)', () => {
  let sfu: RunningSfu;
  let a: Participant;
  let other: Participant;
  let otherRoomPeer: Participant;

  beforeAll(async () => {
    sfu = await startSfu();
    a = await joinAs(sfu.url, { sub: 'a', mid: 'meeting-bad', name: 'A', role: 'host' });
    other = await joinAs(sfu.url, { sub: 'b', mid: 'meeting-bad', name: 'B', role: 'member' });
    otherRoomPeer = await joinAs(sfu.url, { sub: 'c', mid: 'meeting-elsewhere', name: 'C', role: 'host' });
    await prepareMedia(a.client, joined(a));
  });
  afterAll(async () => {
    for (const p of [a, other, otherRoomPeer]) p?.client.close();
    await sfu?.close();
  });

  async function errorOf(client: TestClient, event: string, ...args: unknown[]): Promise<{ code: string; field?: string; message: string }> {
    const ack = await client.raw(event, ...args);
    if (!isError(ack)) throw new Error(`expected an error ack for ${event}, got ${JSON.stringify(ack).slice(0, 200)}`);
    expect(typeof ack.error.message).toBe('string');
    return ack.error;
  }

  it.each<[string, string, string | undefined, unknown[]]>([
    ['join', 'invalid_payload', 'token', []],
    ['join', 'invalid_payload', 'token', [null]],
    ['join', 'invalid_payload', 'token', ['just a string']],
    ['join', 'invalid_payload', 'token', [42]],
    ['join', 'invalid_payload', 'token', [{ token: 1234567890123456 }]],
    ['join', 'invalid_payload', 'token', [{ token: 'x'.repeat(20_000) }]],
    ['join', 'invalid_payload', 'meetingId', [{ token: 'x'.repeat(40), meetingId: 'has spaces' }]],
    ['join', 'invalid_payload', 'admin', [{ token: 'x'.repeat(40), admin: true }]],
    ['transport:create', 'invalid_payload', 'direction', [{ direction: 'sideways' }]],
    ['transport:create', 'invalid_payload', 'direction', [{}]],
    ['transport:connect', 'invalid_payload', 'dtlsParameters', [{ transportId: 'abc', dtlsParameters: 'nope' }]],
    ['produce', 'invalid_payload', 'kind', [{ transportId: 'x', kind: 'smell', rtpParameters: {}, source: 'mic' }]],
    ['produce', 'invalid_payload', 'rtpParameters', [{ transportId: 'x', kind: 'audio', rtpParameters: [], source: 'mic' }]],
    ['consume', 'invalid_payload', 'producerId', [{ producerId: { $ne: null } }]],
    ['consumer:tile', 'invalid_payload', 'width', [{ consumerId: 'c', width: -1, height: 10 }]],
    ['consumer:tile', 'invalid_payload', 'width', [{ consumerId: 'c', width: 1.5, height: 10 }]],
    ['peer:room-count', 'invalid_payload', 'count', [{ count: 0 }]],
    ['host:remove', 'invalid_payload', 'participantId', [{ participantId: '' }]],
    ['host:end', 'invalid_payload', 'really', [{ really: true }]],
    ['leave', 'invalid_payload', undefined, [[1, 2, 3]]],
  ])('%s → %s naming %s (case %#)', async (event, code, field, args) => {
    const e = await errorOf(a.client, event, ...args);
    expect(e.code).toBe(code);
    if (field !== undefined) expect(e.field).toBe(field);
  });

  it('refuses media requests that name things that do not exist', async () => {
    expect(await errorOf(a.client, 'transport:connect', { transportId: 'nope', dtlsParameters: {} })).toMatchObject({ code: 'not_found', field: 'transportId' });
    expect(await errorOf(a.client, 'consume', { producerId: 'nope' })).toMatchObject({ code: 'not_found', field: 'producerId' });
    expect(await errorOf(a.client, 'consumer:resume', { consumerId: 'nope' })).toMatchObject({ code: 'not_found', field: 'consumerId' });
    expect(await errorOf(a.client, 'producer:pause', { producerId: 'nope' })).toMatchObject({ code: 'not_found' });
    expect(await errorOf(a.client, 'lobby:admit', { participantId: 'nobody' })).toMatchObject({ code: 'not_found' });
  });

  it('refuses RTP parameters mediasoup does not accept, and a source that does not match the kind', async () => {
    const send = [...(sfu.rooms.room('meeting-bad')?.peers.get('a')?.transports.values() ?? [])].find((t) => t.appData.direction === 'send');
    if (send === undefined) throw new Error('no send transport');
    const garbage = await errorOf(a.client, 'produce', { transportId: send.id, kind: 'audio', rtpParameters: { codecs: 'x' }, source: 'mic' });
    expect(garbage.code).toBe('media_error');
    const mismatch = await errorOf(a.client, 'produce', { transportId: send.id, kind: 'audio', rtpParameters: audioRtpParameters(1111), source: 'camera' });
    expect(mismatch).toMatchObject({ code: 'invalid_payload', field: 'source' });
    const recvAsSend = [...(sfu.rooms.room('meeting-bad')?.peers.get('a')?.transports.values() ?? [])].find((t) => t.appData.direction === 'recv');
    const wrongDirection = await errorOf(a.client, 'produce', { transportId: recvAsSend?.id ?? 'x', kind: 'audio', rtpParameters: audioRtpParameters(1112), source: 'mic' });
    expect(wrongDirection).toMatchObject({ code: 'invalid_payload', field: 'transportId' });
  });

  it('refuses media requests before join', async () => {
    const stranger = await TestClient.connect(sfu.url);
    try {
      expect(await errorOf(stranger, 'transport:create', { direction: 'send' })).toMatchObject({ code: 'not_joined' });
      expect(await errorOf(stranger, 'host:end', {})).toMatchObject({ code: 'not_joined' });
      expect(await errorOf(stranger, 'leave', {})).toMatchObject({ code: 'not_joined' });
    } finally {
      stranger.close();
    }
  });

  it('refuses host controls from a member', async () => {
    expect(await errorOf(other.client, 'host:mute', { participantId: 'a' })).toMatchObject({ code: 'forbidden' });
    expect(await errorOf(other.client, 'host:remove', { participantId: 'a' })).toMatchObject({ code: 'forbidden' });
    expect(await errorOf(other.client, 'host:end', {})).toMatchObject({ code: 'forbidden' });
  });

  it('a flood of bad messages leaves the sender connected, the meetings intact and the SFU healthy', async () => {
    const junk: unknown[][] = [[undefined], [{}], ['x'], [{ token: {} }], [{ direction: 1 }], [{ producerId: [] }], [Buffer.from('abc')]];
    const events = ['join', 'produce', 'consume', 'transport:connect', 'consumer:tile', 'host:mute', 'lobby:admit', 'unknown:event'];
    const acks = await Promise.allSettled(events.flatMap((ev) => junk.map((args) => a.client.raw(ev, ...args))));
    // Unknown events are not answered (no handler): their acknowledgements time out; all others are errors.
    const answered = acks.filter((r): r is PromiseFulfilledResult<unknown> => r.status === 'fulfilled');
    expect(answered.length).toBe((events.length - 1) * junk.length);
    expect(answered.every((r) => isError(r.value))).toBe(true);

    expect(a.client.socket.connected).toBe(true);
    expect(sfu.rooms.room('meeting-bad')?.peers.size).toBe(2);
    expect(sfu.rooms.room('meeting-elsewhere')?.peers.size).toBe(1);
    expect(await otherRoomPeer.client.ok('transport:create', { direction: 'recv' })).toHaveProperty('id');
    const health = await fetch(`${sfu.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', rooms: 2, peers: 3 });
  }, 20_000);
});
