import type { Socket } from 'socket.io';
import type { RoomsService } from '../rooms/rooms.service';
import type { JoinedInfo } from '@kohtaamo/protocol';
import { SignallingGateway } from './signalling.gateway';
import type { JoinDto } from './signalling.dto';

function fakeSocket(log: string[]): Socket {
  return { id: 's1', connected: true, data: {}, emit: (event: string) => log.push(event), disconnect: () => undefined } as unknown as Socket;
}

const joined: JoinedInfo = {
  status: 'joined',
  self: { participantId: 'p1', name: 'P', role: 'member', producers: [] },
  peers: [],
  routerRtpCapabilities: {},
  lobby: [],
  activeSpeakerId: null,
};

describe('SignallingGateway join', () => {
  it('writes the join acknowledgement before any room event that happened while joining', async () => {
    const log: string[] = [];
    // Another participant joins between our snapshot and our acknowledgement.
    const rooms = {
      join: async (channel: { send(e: string, p: unknown): void }) => {
        channel.send('peer:joined', { peer: { participantId: 'p2', name: 'Q', role: 'member', producers: [] } });
        return joined;
      },
    } as unknown as RoomsService;
    const gateway = new SignallingGateway(rooms);
    const socket = fakeSocket(log);
    await gateway.join(socket, { token: 't'.repeat(20) } as JoinDto, () => log.push('@ack'));
    expect(log).toEqual(['@ack', 'peer:joined']);
    // Later events flow at once again.
    (socket.data as { channel: { send(e: string, p: unknown): void } }).channel.send('peer:left', {});
    expect(log).toEqual(['@ack', 'peer:joined', 'peer:left']);
  });

  it('releases held events when the join fails (the filter answers the error)', async () => {
    const log: string[] = [];
    const rooms = {
      join: async (channel: { send(e: string, p: unknown): void }) => {
        channel.send('speaker:active', { participantId: null });
        throw new Error('refused');
      },
    } as unknown as RoomsService;
    const gateway = new SignallingGateway(rooms);
    await expect(gateway.join(fakeSocket(log), { token: 't'.repeat(20) } as JoinDto, () => log.push('@ack'))).rejects.toThrow('refused');
    expect(log).toEqual(['speaker:active']);
  });
});
