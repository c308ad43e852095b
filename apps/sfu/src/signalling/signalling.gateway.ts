import { UseFilters, UseGuards, UsePipes } from '@nestjs/common';
import {
  Ack,
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayDisconnect,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import type { Peer } from '../rooms/peer.model';
import type { Room } from '../rooms/room.model';
import { RoomsService } from '../rooms/rooms.service';
import type { ClientRequests, OkAck } from '@kohtaamo/protocol';
import {
  CapabilitiesDto,
  ConnectTransportDto,
  ConsumerIdDto,
  CreateTransportDto,
  EmptyDto,
  JoinDto,
  ParticipantDto,
  ProduceDto,
  ProducerIdDto,
  RoomCountDto,
  TileSizeDto,
  TransportIdDto,
} from './signalling.dto';
import { SocketChannel } from './socket-channel';
import { SocketExceptionFilter } from './socket-exception.filter';
import { socketValidationPipe } from './validation.pipe';
import { VideoPermissionGuard } from './video-permission.guard';

type Res<E extends keyof ClientRequests> = ClientRequests[E]['res'];
const OK: OkAck = { ok: true };

/**
 * Thin: each message is validated by its DTO, then handed to one RoomsService method; its result is the
 * acknowledgement. Failures become error acknowledgements in SocketExceptionFilter.
 */
@WebSocketGateway()
@UseFilters(new SocketExceptionFilter())
@UseGuards(VideoPermissionGuard)
@UsePipes(socketValidationPipe())
export class SignallingGateway implements OnGatewayDisconnect {
  /** the socket.io server (for operations and tests, e.g. to drop a connection) */
  @WebSocketServer()
  server!: Server;

  constructor(private readonly rooms: RoomsService) {}

  /** Runs a room operation for the socket's peer (not joined → `not_joined`, waiting → `in_lobby`). */
  private inRoom<T>(s: Socket, op: (room: Room, peer: Peer) => T): T {
    const { room, peer } = this.rooms.inRoom(SocketChannel.of(s));
    return op(room, peer);
  }

  handleDisconnect(socket: Socket): void {
    this.rooms.disconnected(SocketChannel.of(socket));
  }

  /**
   * Acknowledged by hand: events about the room are held from the moment the join starts until its
   * acknowledgement is written, so the client never hears of a change before the snapshot it applies to.
   */
  @SubscribeMessage('join')
  async join(@ConnectedSocket() s: Socket, @MessageBody() dto: JoinDto, @Ack() ack: unknown): Promise<void> {
    const channel = SocketChannel.of(s);
    channel.hold();
    try {
      const result: Res<'join'> = await this.rooms.join(channel, dto.token, dto.meetingId, dto.displayName);
      if (typeof ack === 'function') (ack as (r: Res<'join'>) => void)(result);
    } finally {
      channel.release();
    }
  }

  @SubscribeMessage('leave')
  leave(@ConnectedSocket() s: Socket, @MessageBody() _dto: EmptyDto): Res<'leave'> {
    this.rooms.leave(SocketChannel.of(s));
    return OK;
  }

  @SubscribeMessage('peer:capabilities')
  capabilities(@ConnectedSocket() s: Socket, @MessageBody() dto: CapabilitiesDto): Res<'peer:capabilities'> {
    this.inRoom(s, (r, p) => r.setCapabilities(p, dto.rtpCapabilities));
    return OK;
  }

  @SubscribeMessage('peer:room-count')
  roomCount(@ConnectedSocket() s: Socket, @MessageBody() dto: RoomCountDto): Res<'peer:room-count'> {
    this.inRoom(s, (r, p) => r.setRoomCount(p, dto.count));
    return OK;
  }

  @SubscribeMessage('transport:create')
  createTransport(@ConnectedSocket() s: Socket, @MessageBody() dto: CreateTransportDto): Promise<Res<'transport:create'>> {
    return this.inRoom(s, (r, p) => r.createTransport(p, dto.direction));
  }

  @SubscribeMessage('transport:connect')
  async connectTransport(@ConnectedSocket() s: Socket, @MessageBody() dto: ConnectTransportDto): Promise<Res<'transport:connect'>> {
    await this.inRoom(s, (r, p) => r.connectTransport(p, dto.transportId, dto.dtlsParameters));
    return OK;
  }

  @SubscribeMessage('transport:restart-ice')
  async restartIce(@ConnectedSocket() s: Socket, @MessageBody() dto: TransportIdDto): Promise<Res<'transport:restart-ice'>> {
    return { iceParameters: await this.inRoom(s, (r, p) => r.restartIce(p, dto.transportId)) };
  }

  @SubscribeMessage('produce')
  async produce(@ConnectedSocket() s: Socket, @MessageBody() dto: ProduceDto): Promise<Res<'produce'>> {
    return { id: await this.inRoom(s, (r, p) => r.produce(p, dto.kind, dto.rtpParameters, dto.source, dto.transportId)) };
  }

  @SubscribeMessage('producer:pause')
  async pauseProducer(@ConnectedSocket() s: Socket, @MessageBody() dto: ProducerIdDto): Promise<Res<'producer:pause'>> {
    await this.inRoom(s, (r, p) => r.setProducerPaused(p, dto.producerId, true));
    return OK;
  }

  @SubscribeMessage('producer:resume')
  async resumeProducer(@ConnectedSocket() s: Socket, @MessageBody() dto: ProducerIdDto): Promise<Res<'producer:resume'>> {
    await this.inRoom(s, (r, p) => r.setProducerPaused(p, dto.producerId, false));
    return OK;
  }

  @SubscribeMessage('producer:close')
  closeProducer(@ConnectedSocket() s: Socket, @MessageBody() dto: ProducerIdDto): Res<'producer:close'> {
    this.inRoom(s, (r, p) => r.closeProducer(p, dto.producerId));
    return OK;
  }

  @SubscribeMessage('consume')
  consume(@ConnectedSocket() s: Socket, @MessageBody() dto: ProducerIdDto): Promise<Res<'consume'>> {
    return this.inRoom(s, (r, p) => r.consume(p, dto.producerId));
  }

  @SubscribeMessage('consumer:resume')
  async resumeConsumer(@ConnectedSocket() s: Socket, @MessageBody() dto: ConsumerIdDto): Promise<Res<'consumer:resume'>> {
    await this.inRoom(s, (r, p) => r.setConsumerPaused(p, dto.consumerId, false));
    return OK;
  }

  @SubscribeMessage('consumer:pause')
  async pauseConsumer(@ConnectedSocket() s: Socket, @MessageBody() dto: ConsumerIdDto): Promise<Res<'consumer:pause'>> {
    await this.inRoom(s, (r, p) => r.setConsumerPaused(p, dto.consumerId, true));
    return OK;
  }

  @SubscribeMessage('consumer:tile')
  async tile(@ConnectedSocket() s: Socket, @MessageBody() dto: TileSizeDto): Promise<Res<'consumer:tile'>> {
    return { spatialLayer: await this.inRoom(s, (r, p) => r.setTileSize(p, dto.consumerId, dto.width, dto.height)) };
  }

  @SubscribeMessage('lobby:admit')
  admit(@ConnectedSocket() s: Socket, @MessageBody() dto: ParticipantDto): Res<'lobby:admit'> {
    this.inRoom(s, (r, p) => r.admit(p, dto.participantId));
    return OK;
  }

  @SubscribeMessage('lobby:deny')
  deny(@ConnectedSocket() s: Socket, @MessageBody() dto: ParticipantDto): Res<'lobby:deny'> {
    this.inRoom(s, (r, p) => r.deny(p, dto.participantId));
    return OK;
  }

  @SubscribeMessage('host:mute')
  async mute(@ConnectedSocket() s: Socket, @MessageBody() dto: ParticipantDto): Promise<Res<'host:mute'>> {
    await this.inRoom(s, (r, p) => r.mute(p, dto.participantId));
    return OK;
  }

  @SubscribeMessage('host:remove')
  remove(@ConnectedSocket() s: Socket, @MessageBody() dto: ParticipantDto): Res<'host:remove'> {
    this.inRoom(s, (r, p) => r.remove(p, dto.participantId));
    return OK;
  }

  @SubscribeMessage('host:end')
  end(@ConnectedSocket() s: Socket, @MessageBody() _dto: EmptyDto): Res<'host:end'> {
    this.inRoom(s, (r, p) => r.end(p));
    return OK;
  }
}
