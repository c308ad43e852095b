import { MESSAGE_METADATA } from '@nestjs/websockets/constants';
import { VIDEO_PERMISSIONS } from '@kohtaamo/domain';
import { VIDEO_EVENTS, type VideoEvent } from '@kohtaamo/protocol';
import type { RunningSfu } from '../../apps/sfu/src/bootstrap';
import { SignallingGateway } from '../../apps/sfu/src/signalling/signalling.gateway';
import { isError, type TestClient } from './support/client';
import { joinAs } from './support/participants';
import { startSfu } from './support/sfu';

/** The gateway's own list of events (from Nest's metadata), so a new event without a table entry fails. */
function gatewayEvents(): string[] {
  const proto = SignallingGateway.prototype as unknown as Record<string, unknown>;
  return Object.getOwnPropertyNames(proto)
    .map((k) => proto[k])
    .filter((f): f is object => typeof f === 'function')
    .map((f) => Reflect.getMetadata(MESSAGE_METADATA, f) as string | undefined)
    .filter((e): e is string => e !== undefined)
    .sort();
}

/** Payloads that pass validation but point at nothing, so an allowed call fails later with not_found or similar. */
const NOWHERE = '00000000-0000-4000-8000-000000000000';
const PAYLOAD: Record<VideoEvent, unknown> = {
  join: { token: 'x.y.z' },
  leave: {},
  'peer:capabilities': { rtpCapabilities: { codecs: [], headerExtensions: [] } },
  'peer:room-count': { count: 2 },
  'transport:create': { direction: 'recv' },
  'transport:connect': { transportId: NOWHERE, dtlsParameters: { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: 'AA' }] } },
  'transport:restart-ice': { transportId: NOWHERE },
  produce: { transportId: NOWHERE, kind: 'audio', rtpParameters: { codecs: [], encodings: [] }, source: 'mic' },
  'producer:pause': { producerId: NOWHERE },
  'producer:resume': { producerId: NOWHERE },
  'producer:close': { producerId: NOWHERE },
  consume: { transportId: NOWHERE, producerId: NOWHERE },
  'consumer:resume': { consumerId: NOWHERE },
  'consumer:pause': { consumerId: NOWHERE },
  'consumer:tile': { consumerId: NOWHERE, width: 320, height: 180 },
  'lobby:admit': { participantId: 'nobody' },
  'lobby:deny': { participantId: 'nobody' },
  'host:mute': { participantId: 'nobody' },
  'host:remove': { participantId: 'nobody' },
  'host:end': {},
};

describe('socket events × video roles, from the permission table', () => {
  let sfu: RunningSfu;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    sfu = await startSfu();
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await sfu?.close();
  });

  it('every event the gateway handles is in the table, and the table has no others', () => {
    expect(gatewayEvents()).toEqual([...VIDEO_EVENTS].sort());
  });

  it('each role gets "forbidden" exactly for the events the table does not give it', async () => {
    const mid = 'meeting-permissions';
    const host = await joinAs(sfu.url, { sub: 'p-host', mid, name: 'Host', role: 'host' });
    const member = await joinAs(sfu.url, { sub: 'p-member', mid, name: 'Member', role: 'member' });
    const guest = await joinAs(sfu.url, { sub: 'p-guest', mid, name: 'Guest', role: 'guest' });
    clients.push(host.client, member.client, guest.client);
    await host.client.ok('lobby:admit', { participantId: 'p-guest' });
    const problems: string[] = [];
    let checked = 0;
    // host:end last: it ends the meeting for everyone
    const events = [...VIDEO_EVENTS.filter((e) => e !== 'join' && e !== 'leave' && e !== 'host:end'), 'host:end' as const];
    for (const event of events) {
      for (const [role, p] of [['member', member], ['guest', guest], ['host', host]] as const) {
        const ack = await p.client.raw(event, PAYLOAD[event]);
        checked++;
        // the table's refusal names no field (a room-device-only count, say, is refused for its field)
        const forbidden = isError(ack) && ack.error.code === 'forbidden' && ack.error.field === undefined;
        const allowed = VIDEO_PERMISSIONS[event].includes(role);
        if (forbidden === allowed) problems.push(`${role} ${event} → ${JSON.stringify(ack)} (table: ${allowed ? 'allowed' : 'forbidden'})`);
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBe(events.length * 3);
  });
});
