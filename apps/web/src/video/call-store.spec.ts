import type { LobbyEntryInfo, PeerInfo } from '@kohtaamo/protocol';
import { CallStore, initialCallState, initials, knockedBetween, reduceCall, tilesOf, viewOf, type CallEvent, type CallState } from './call-store';

const track = (id: string) => ({ id, kind: 'video' }) as unknown as MediaStreamTrack;
const peer = (participantId: string, o: Partial<PeerInfo> = {}): PeerInfo => ({ participantId, name: participantId, role: 'member', producers: [], ...o });
const mic = (id: string, paused = false) => ({ id, kind: 'audio' as const, source: 'mic' as const, paused });
const waiting = (participantId: string): LobbyEntryInfo => ({ participantId, name: `Guest ${participantId}`, since: '2030-03-05T10:00:00Z' });

function run(...events: CallEvent[]): CallState {
  return events.reduce(reduceCall, initialCallState());
}

const host = peer('host-1', { name: 'Anna Lääkäri', role: 'host' });

describe('the call store', () => {
  it('joining → lobby → admitted → in call → left', () => {
    let s = initialCallState();
    expect(viewOf(s.phase)).toBe('join');
    s = reduceCall(s, { type: 'joinStarted' });
    expect(s.phase).toBe('joining');
    expect(viewOf(s.phase)).toBe('join');
    s = reduceCall(s, { type: 'inLobby', self: { participantId: 'guest-1', name: 'Olli', role: 'guest' } });
    expect(s.phase).toBe('lobby');
    expect(s.self).toEqual({ participantId: 'guest-1', name: 'Olli', role: 'guest', producers: [] });
    // admitted: the room as the SFU sees it
    s = reduceCall(s, { type: 'joined', self: peer('guest-1', { name: 'Olli', role: 'guest' }), peers: [host], lobby: [], activeSpeaker: null });
    expect(s.phase).toBe('call');
    expect(s.peers.map((p) => p.participantId)).toEqual(['host-1']);
    s = reduceCall(s, { type: 'trackAdded', track: { consumerId: 'c1', participantId: 'host-1', kind: 'video', source: 'camera', track: track('t1') } });
    s = reduceCall(s, { type: 'ended', reason: 'left' });
    expect(s.phase).toBe('ended');
    expect(s.ended).toEqual({ reason: 'left', canRejoin: true });
    // nothing of the call survives the end
    expect({ peers: s.peers, tracks: s.tracks, self: s.self }).toEqual({ peers: [], tracks: [], self: null });
    expect(reduceCall(s, { type: 'restart' })).toEqual(initialCallState());
  });

  it('removed or ended by the host: no rejoin offered; denied or replaced: rejoin offered', () => {
    expect(run({ type: 'ended', reason: 'removed' }).ended).toEqual({ reason: 'removed', canRejoin: false });
    expect(run({ type: 'ended', reason: 'meeting-ended' }).ended?.canRejoin).toBe(false);
    expect(run({ type: 'ended', reason: 'denied' }).ended?.canRejoin).toBe(true);
    expect(run({ type: 'ended', reason: 'replaced' }).ended?.canRejoin).toBe(true);
  });

  it('a refusal is an error; only the network or an unavailable SFU offers to try again', () => {
    expect(run({ type: 'joinStarted' }, { type: 'joinFailed', code: 'wrong_meeting' })).toMatchObject({ phase: 'error', error: { code: 'wrong_meeting', retry: false } });
    expect(run({ type: 'joinStarted' }, { type: 'joinFailed', code: 'network' }).error).toEqual({ code: 'network', retry: true });
    expect(run({ type: 'joinFailed', code: 'unavailable' }).error?.retry).toBe(true);
  });

  it('peers come and go; one who leaves takes their tracks and the speaker mark along', () => {
    let s = run({ type: 'joined', self: host, peers: [], lobby: [], activeSpeaker: null });
    s = reduceCall(s, { type: 'peerJoined', peer: peer('m-1') });
    s = reduceCall(s, { type: 'peerJoined', peer: peer('m-2') });
    s = reduceCall(s, { type: 'peerJoined', peer: peer('m-1', { name: 'again' }) });
    expect(s.peers.map((p) => `${p.participantId}:${p.name}`)).toEqual(['m-1:again', 'm-2:m-2']);
    s = reduceCall(s, { type: 'producerNew', participantId: 'm-1', producer: mic('p1') });
    s = reduceCall(s, { type: 'trackAdded', track: { consumerId: 'c1', participantId: 'm-1', kind: 'audio', source: 'mic', track: track('a') } });
    s = reduceCall(s, { type: 'speaker', participantId: 'm-1' });
    s = reduceCall(s, { type: 'peerLeft', participantId: 'm-1' });
    expect(s.peers.map((p) => p.participantId)).toEqual(['m-2']);
    expect(s.tracks).toEqual([]);
    expect(s.activeSpeaker).toBeNull();
    // one's own join echoed back is not a second self
    expect(reduceCall(s, { type: 'peerJoined', peer: host }).peers.map((p) => p.participantId)).toEqual(['m-2']);
  });

  it('peer:updated keeps the producer list the producer events built', () => {
    let s = run({ type: 'joined', self: host, peers: [peer('m-1', { producers: [mic('p1')] })], lobby: [], activeSpeaker: null });
    s = reduceCall(s, { type: 'peerUpdated', peer: peer('m-1', { name: 'Pekka', producers: [] }) });
    expect(s.peers[0]).toMatchObject({ name: 'Pekka', producers: [mic('p1')] });
  });

  it('a muted participant is never shown speaking, whatever the SFU\'s speaker mark says', () => {
    let s = run({ type: 'joined', self: host, peers: [peer('m-1', { producers: [mic('p1')] })], lobby: [], activeSpeaker: 'm-1' });
    const m1 = () => tilesOf(s).find((x) => x.participantId === 'm-1');
    expect(m1()).toMatchObject({ micMuted: false, speaking: true });
    s = reduceCall(s, { type: 'producerState', participantId: 'm-1', producerId: 'p1', paused: true });
    expect(m1()).toMatchObject({ micMuted: true, speaking: false });
    s = reduceCall(s, { type: 'producerState', participantId: 'm-1', producerId: 'p1', paused: false });
    expect(m1()?.speaking).toBe(true);
    s = reduceCall(s, { type: 'producerClosed', participantId: 'm-1', producerId: 'p1' });
    expect(m1()).toMatchObject({ micMuted: true, speaking: false });
    // oneself: muted by the button, or no microphone at all
    s = reduceCall(s, { type: 'speaker', participantId: 'host-1' });
    s = reduceCall(s, { type: 'controls', controls: { hasMic: true, micMuted: false } });
    expect(tilesOf(s)[0]).toMatchObject({ isSelf: true, micMuted: false, speaking: true });
    s = reduceCall(s, { type: 'controls', controls: { micMuted: true } });
    expect(tilesOf(s)[0]).toMatchObject({ micMuted: true, speaking: false });
    s = reduceCall(s, { type: 'controls', controls: { micMuted: false, hasMic: false } });
    expect(tilesOf(s)[0]).toMatchObject({ micMuted: true, speaking: false });
  });

  it('tiles: oneself first with the own camera, the others with their camera track, then screen shares', () => {
    const own = track('own');
    let s = run({ type: 'joined', self: host, peers: [peer('m-1'), peer('m-2')], lobby: [], activeSpeaker: null }, { type: 'localVideo', track: own });
    s = reduceCall(s, { type: 'trackAdded', track: { consumerId: 'c2', participantId: 'm-2', kind: 'video', source: 'camera', track: track('cam2') } });
    s = reduceCall(s, { type: 'trackAdded', track: { consumerId: 'c3', participantId: 'm-1', kind: 'video', source: 'screen', track: track('scr1') } });
    expect(tilesOf(s).map((x) => [x.key, x.consumerId, x.track === null ? null : (x.track as unknown as { id: string }).id])).toEqual([
      ['host-1|camera', null, 'own'],
      ['m-1|camera', null, null],
      ['m-2|camera', 'c2', 'cam2'],
      ['m-1|screen', 'c3', 'scr1'],
    ]);
    s = reduceCall(s, { type: 'trackRemoved', consumerId: 'c3' });
    expect(tilesOf(s).map((x) => x.key)).toEqual(['host-1|camera', 'm-1|camera', 'm-2|camera']);
  });

  it('a video the SFU stops forwarding after it came is held (the tile says so); before its first layer, or for audio, nothing is', () => {
    let s = run({ type: 'joined', self: host, peers: [peer('m-1')], lobby: [], activeSpeaker: null });
    s = reduceCall(s, { type: 'trackAdded', track: { consumerId: 'v1', participantId: 'm-1', kind: 'video', source: 'camera', track: track('cam1') } });
    s = reduceCall(s, { type: 'trackAdded', track: { consumerId: 'a1', participantId: 'm-1', kind: 'audio', source: 'mic', track: track('mic1') } });
    const heldOf = (x: CallState) => tilesOf(x).find((t) => t.key === 'm-1|camera')!.held;
    // the consumer starts paused: null before the first layer is not a hold
    const before = s;
    s = reduceCall(s, { type: 'videoLayer', consumerId: 'v1', spatialLayer: null });
    expect(s).toBe(before);
    expect(heldOf(s)).toBe(false);
    s = reduceCall(s, { type: 'videoLayer', consumerId: 'v1', spatialLayer: 2 });
    expect(heldOf(s)).toBe(false);
    const moving = s;
    expect(reduceCall(s, { type: 'videoLayer', consumerId: 'v1', spatialLayer: 0 })).toBe(moving);
    s = reduceCall(s, { type: 'videoLayer', consumerId: 'v1', spatialLayer: null });
    expect(heldOf(s)).toBe(true);
    expect(tilesOf(s).find((t) => t.key === 'host-1|camera')!.held).toBe(false);
    s = reduceCall(s, { type: 'videoLayer', consumerId: 'v1', spatialLayer: 0 });
    expect(heldOf(s)).toBe(false);
    // audio has no layers; an unknown consumer changes nothing
    expect(reduceCall(s, { type: 'videoLayer', consumerId: 'a1', spatialLayer: null })).toBe(s);
    expect(reduceCall(s, { type: 'videoLayer', consumerId: 'nobody', spatialLayer: null })).toBe(s);
  });

  it('the host\'s knock list: who is new in a lobby update', () => {
    let s = run({ type: 'joined', self: host, peers: [], lobby: [waiting('g-1')], activeSpeaker: null });
    const next = [waiting('g-1'), waiting('g-2')];
    expect(knockedBetween(s.lobby, next).map((w) => w.participantId)).toEqual(['g-2']);
    s = reduceCall(s, { type: 'lobbyUpdate', waiting: next });
    expect(s.lobby.map((w) => w.participantId)).toEqual(['g-1', 'g-2']);
    // one admitted: nobody new knocked
    expect(knockedBetween(s.lobby, [waiting('g-2')])).toEqual([]);
  });

  it('a rejoin keeps the controls and replaces the room; banners come and go', () => {
    let s = run({ type: 'joined', self: host, peers: [peer('m-1')], lobby: [], activeSpeaker: null }, { type: 'controls', controls: { hasMic: true, micMuted: true } });
    s = reduceCall(s, { type: 'banner', banner: { key: 'reconnecting' } });
    s = reduceCall(s, { type: 'mediaReset' });
    s = reduceCall(s, { type: 'joined', self: host, peers: [peer('m-2')], lobby: [], activeSpeaker: null });
    expect(s).toMatchObject({ phase: 'call', banner: null, controls: { hasMic: true, micMuted: true } });
    expect(s.peers.map((p) => p.participantId)).toEqual(['m-2']);
    expect(reduceCall(s, { type: 'banner', banner: { key: 'mutedByHost', name: 'Anna' } }).banner).toEqual({ key: 'mutedByHost', name: 'Anna' });
  });

  it('the store tells its subscribers of each change, and only of changes', () => {
    const store = new CallStore();
    const seen: string[] = [];
    const off = store.subscribe(() => seen.push(store.getState().phase));
    store.dispatch({ type: 'joinStarted' });
    store.dispatch({ type: 'producerState', participantId: 'nobody', producerId: 'x', paused: true });
    off();
    store.dispatch({ type: 'joinFailed', code: 'network' });
    expect(seen).toEqual(['joining']);
    expect(store.getState().phase).toBe('error');
  });

  it('initials', () => {
    expect(initials('Eeva-Maria Varhainen-Pitkäsukunimi')).toBe('EV');
    expect(initials('  olli ')).toBe('O');
  });
});
