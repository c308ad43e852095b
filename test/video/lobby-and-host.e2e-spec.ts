import type { RunningSfu } from '../../apps/sfu/src/bootstrap';
import { audioRtpParameters, isError, TestClient } from './support/client';
import { joinAs, joined, prepareMedia, type Participant } from './support/participants';
import { startSfu } from './support/sfu';
import { createSecretKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { JOIN_TOKEN_AUDIENCE, JOIN_TOKEN_ISSUER, SFU_CONTROL_AUDIENCE, type VideoRole } from '@kohtaamo/protocol';
import { signJoinToken, TEST_SECRET } from './support/tokens';

describe('lobby and host controls (socket.io)', () => {
  let sfu: RunningSfu;
  const open: TestClient[] = [];
  let seq = 0;

  beforeAll(async () => {
    sfu = await startSfu();
  });
  afterEach(() => {
    for (const c of open.splice(0)) c.close();
  });
  afterAll(async () => {
    await sfu?.close();
  });

  function meeting(): string {
    return `meeting-lobby-${++seq}`;
  }
  async function join(mid: string, sub: string, role: VideoRole, name = sub): Promise<Participant> {
    const p = await joinAs(sfu.url, { sub, mid, name, role });
    open.push(p.client);
    return p;
  }

  describe('lobby', () => {
    it('keeps a guest waiting, shows the guest to the host, and admits on the host’s word', async () => {
      const mid = meeting();
      const host = await join(mid, 'host-1', 'host', 'Hanna Host');
      const member = await join(mid, 'member-1', 'member');
      const hostSeesLobby = host.client.next('lobby:update', (u) => u.waiting.length === 1);
      const guest = await join(mid, 'guest-1', 'guest', 'Guest from school');

      expect(guest.result).toEqual({ status: 'lobby', self: { participantId: 'guest-1', name: 'Guest from school', role: 'guest' } });
      expect((await hostSeesLobby).waiting[0]).toMatchObject({ participantId: 'guest-1', name: 'Guest from school' });
      // A member is not told who waits, and nobody sees the guest as a participant yet.
      expect(member.client.eventsNamed('lobby:update')).toHaveLength(0);
      expect(member.client.eventsNamed('peer:joined').some((e) => e.peer.participantId === 'guest-1')).toBe(false);
      // A waiting guest cannot do anything media-related yet.
      const early = await guest.client.request('transport:create', { direction: 'recv' });
      expect(isError(early) && early.error.code).toBe('in_lobby');
      // Only a host admits.
      const byMember = await member.client.request('lobby:admit', { participantId: 'guest-1' });
      expect(isError(byMember) && byMember.error.code).toBe('forbidden');

      const admitted = guest.client.next('lobby:admitted');
      const memberSeesGuest = member.client.next('peer:joined', (e) => e.peer.participantId === 'guest-1');
      const lobbyEmptied = host.client.next('lobby:update', (u) => u.waiting.length === 0);
      await host.client.ok('lobby:admit', { participantId: 'guest-1' });

      const info = await admitted;
      expect(info.status).toBe('joined');
      expect(info.peers.map((p) => p.participantId).sort()).toEqual(['host-1', 'member-1']);
      expect(info.routerRtpCapabilities).toHaveProperty('codecs');
      await memberSeesGuest;
      await lobbyEmptied;
      // Admitted means admitted: media works now.
      expect(await guest.client.ok('transport:create', { direction: 'recv' })).toHaveProperty('id');
    });

    it('shows a guest by the name they typed with the name they were invited by, but staff by the name in their token', async () => {
      const mid = meeting();
      const host = await join(mid, 'host-n', 'host', 'Hanna Host');
      const guestToken = await signJoinToken({ sub: 'guest-n', mid, name: 'Invited guest', role: 'guest' });
      const guest = await TestClient.connect(sfu.url);
      open.push(guest);
      const waiting = host.client.next('lobby:update', (u) => u.waiting.length === 1);
      expect(await guest.ok('join', { token: guestToken, displayName: '  Liisa, school nurse ' })).toMatchObject({ status: 'lobby', self: { name: 'Liisa, school nurse (Invited guest)' } });
      expect((await waiting).waiting[0]?.name).toBe('Liisa, school nurse (Invited guest)');
      const memberToken = await signJoinToken({ sub: 'member-n', mid, name: 'Maija Member', role: 'member' });
      const member = await TestClient.connect(sfu.url);
      open.push(member);
      const joinedAck = await member.ok('join', { token: memberToken, displayName: 'Someone else' });
      expect(joinedAck.status === 'joined' && joinedAck.self.name).toBe('Maija Member');
    });

    it('tells a host who joins later who is already waiting', async () => {
      const mid = meeting();
      await join(mid, 'guest-early', 'guest');
      const host = await join(mid, 'host-late', 'host');
      expect(joined(host).lobby.map((e) => e.participantId)).toEqual(['guest-early']);
    });

    it('lets a denied guest go, and an admitted guest rejoin without waiting again', async () => {
      const mid = meeting();
      const host = await join(mid, 'host-2', 'host');
      const denied = await join(mid, 'guest-denied', 'guest');
      const ended = denied.client.next('session:ended');
      await host.client.ok('lobby:deny', { participantId: 'guest-denied' });
      expect(await ended).toEqual({ reason: 'denied' });
      await denied.client.disconnected();

      const guest = await join(mid, 'guest-ok', 'guest');
      await host.client.ok('lobby:admit', { participantId: 'guest-ok' });
      await guest.client.next('lobby:admitted', () => true, { past: true });
      guest.client.close();
      await host.client.next('peer:left', (e) => e.participantId === 'guest-ok');
      const again = await join(mid, 'guest-ok', 'guest');
      expect(again.result.status).toBe('joined');
    });

    it('sends a guest who left on purpose back to the lobby next time; a dropped connection comes straight back', async () => {
      const mid = meeting();
      const host = await join(mid, 'host-l', 'host');
      const guest = await join(mid, 'guest-l', 'guest');
      await host.client.ok('lobby:admit', { participantId: 'guest-l' });
      await guest.client.next('lobby:admitted', () => true, { past: true });
      // the connection drops (no leave): the rejoin goes straight into the call
      guest.client.close();
      await host.client.next('peer:left', (e) => e.participantId === 'guest-l' && e.reason === 'disconnected');
      const back = await join(mid, 'guest-l', 'guest');
      expect(back.result.status).toBe('joined');
      // the leave button: the next join waits for a host again
      await back.client.ok('leave', {});
      await host.client.next('peer:left', (e) => e.participantId === 'guest-l' && e.reason === 'left', { past: true });
      const waiting = host.client.next('lobby:update', (u) => u.waiting.some((w) => w.participantId === 'guest-l'));
      const again = await join(mid, 'guest-l', 'guest');
      expect(again.result.status).toBe('lobby');
      await waiting;
    });

    it('drops a waiting guest whose connection closes', async () => {
      const mid = meeting();
      const host = await join(mid, 'host-3', 'host');
      const guest = await join(mid, 'guest-gone', 'guest');
      await host.client.next('lobby:update', (u) => u.waiting.length === 1, { past: true });
      const emptied = host.client.next('lobby:update', (u) => u.waiting.length === 0);
      guest.client.close();
      await emptied;
      expect(sfu.rooms.room(mid)?.lobby.size).toBe(0);
    });
  });

  describe('host controls', () => {
    it('mutes a participant: their microphone producer pauses and they are told', async () => {
      const mid = meeting();
      const host = await join(mid, 'host-m', 'host', 'Hanna');
      const member = await join(mid, 'member-m', 'member');
      const { send } = await prepareMedia(member.client, joined(member));
      const { id: micId } = await member.client.ok('produce', { transportId: send.id, kind: 'audio', rtpParameters: audioRtpParameters(5001), source: 'mic' });
      await host.client.next('producer:new', (e) => e.producer.id === micId, { past: true });

      const told = member.client.next('host:muted');
      const paused = host.client.next('producer:state', (e) => e.producerId === micId && e.paused);
      await host.client.ok('host:mute', { participantId: 'member-m' });
      expect(await told).toEqual({ by: 'Hanna' });
      await paused;
      expect(sfu.rooms.room(mid)?.peers.get('member-m')?.producers.get(micId)?.paused).toBe(true);
      // The participant may unmute themselves.
      await member.client.ok('producer:resume', { producerId: micId });
      expect(sfu.rooms.room(mid)?.peers.get('member-m')?.producers.get(micId)?.paused).toBe(false);
    });

    it('removes a participant: they are told and disconnected, the others see them leave, and they cannot come back', async () => {
      const mid = meeting();
      const host = await join(mid, 'host-r', 'host');
      const other = await join(mid, 'member-stays', 'member');
      const target = await join(mid, 'member-removed', 'member');
      const { send } = await prepareMedia(target.client, joined(target));
      const { id: micId } = await target.client.ok('produce', { transportId: send.id, kind: 'audio', rtpParameters: audioRtpParameters(6001), source: 'mic' });

      const told = target.client.next('session:ended');
      const otherSees = other.client.next('peer:left', (e) => e.participantId === 'member-removed');
      const producerGone = other.client.next('producer:closed', (e) => e.producerId === micId);
      await host.client.ok('host:remove', { participantId: 'member-removed' });
      expect(await told).toEqual({ reason: 'removed' });
      expect(await otherSees).toEqual({ participantId: 'member-removed', reason: 'removed' });
      await producerGone;
      await target.client.disconnected();
      const room = sfu.rooms.room(mid);
      expect(room?.peers.has('member-removed')).toBe(false);
      expect(room?.producers.has(micId)).toBe(false);

      const back = await TestClient.connect(sfu.url);
      open.push(back);
      const refused = await back.request('join', { token: await signJoinToken({ sub: 'member-removed', mid, name: 'x', role: 'member' }) });
      expect(isError(refused) && refused.error.code).toBe('removed');
    });

    it('takes the API’s signed order (a withdrawn consent): the guest in the call and the one waiting leave now and cannot come back', async () => {
      const mid = meeting();
      const host = await join(mid, 'host-o', 'host');
      const inCall = await join(mid, 'guest-in-call', 'guest');
      await host.client.ok('lobby:admit', { participantId: 'guest-in-call' });
      await inCall.client.next('lobby:admitted', () => true, { past: true });
      const waiting = await join(mid, 'guest-waiting', 'guest');
      const order = (claims: Record<string, unknown>, audience = SFU_CONTROL_AUDIENCE, secret = TEST_SECRET) =>
        new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer(JOIN_TOKEN_ISSUER).setAudience(audience).setIssuedAt().setExpirationTime('1m')
          .sign(createSecretKey(Buffer.from(secret, 'utf8')));
      const send = (token: string | null) => fetch(`${sfu.url}/control/remove`, { method: 'POST', headers: token === null ? {} : { authorization: `Bearer ${token}` } });
      // nothing but a signed order for the control audience: no header, a join token, another secret
      expect((await send(null)).status).toBe(401);
      expect((await send(inCall.token)).status).toBe(401);
      expect((await send(await order({ mid, remove: ['guest-in-call'] }, SFU_CONTROL_AUDIENCE, 'another-secret-0123456789abcdefghijkl'))).status).toBe(401);
      expect((await send(await order({ mid, remove: ['guest-in-call'] }, JOIN_TOKEN_AUDIENCE))).status).toBe(401);
      expect(sfu.rooms.room(mid)?.peers.has('guest-in-call')).toBe(true);

      const told = [inCall.client.next('session:ended'), waiting.client.next('session:ended')];
      const hostSees = host.client.next('peer:left', (e) => e.participantId === 'guest-in-call');
      const res = await send(await order({ mid, remove: ['guest-in-call', 'guest-waiting', 'never-came'] }));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ removed: 2 });
      expect(await Promise.all(told)).toEqual([{ reason: 'removed' }, { reason: 'removed' }]);
      expect(await hostSees).toEqual({ participantId: 'guest-in-call', reason: 'removed' });
      // a join token still valid does not bring them back; nor one who had not come yet
      for (const sub of ['guest-in-call', 'never-came']) {
        const c = await TestClient.connect(sfu.url);
        open.push(c);
        const refused = await c.request('join', { token: await signJoinToken({ sub, mid, name: sub, role: 'guest' }) });
        expect(isError(refused) && refused.error.code).toBe('removed');
      }
    });

    it('a host cannot be removed, and a member cannot remove anyone', async () => {
      const mid = meeting();
      const host = await join(mid, 'host-a', 'host');
      await join(mid, 'host-b', 'host');
      const member = await join(mid, 'member-x', 'member');
      const r1 = await host.client.request('host:remove', { participantId: 'host-b' });
      expect(isError(r1) && r1.error.code).toBe('forbidden');
      const r2 = await member.client.request('host:remove', { participantId: 'host-a' });
      expect(isError(r2) && r2.error.code).toBe('forbidden');
      expect(sfu.rooms.room(mid)?.peers.size).toBe(3);
    });

    it('ends the meeting for everyone, waiting guests included; only a host can open it again', async () => {
      const mid = meeting();
      const host = await join(mid, 'host-e', 'host');
      const member = await join(mid, 'member-e', 'member');
      const guest = await join(mid, 'guest-e', 'guest');
      const ends = [member, guest, host].map((p) => p.client.next('session:ended'));
      await host.client.ok('host:end', {});
      for (const e of await Promise.all(ends)) expect(e).toEqual({ reason: 'meeting-ended' });
      await member.client.disconnected();
      expect(sfu.rooms.room(mid)).toBeUndefined();

      const late = await TestClient.connect(sfu.url);
      open.push(late);
      const refused = await late.request('join', { token: await signJoinToken({ sub: 'member-e', mid, name: 'x', role: 'member' }) });
      expect(isError(refused) && refused.error.code).toBe('meeting_ended');
      const reopened = await join(mid, 'host-e', 'host');
      expect(reopened.result.status).toBe('joined');
    });
  });
});
