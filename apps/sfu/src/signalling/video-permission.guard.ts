import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { MESSAGE_METADATA } from '@nestjs/websockets/constants';
import type { Socket } from 'socket.io';
import { videoRoleAllows } from '@kohtaamo/domain';
import { VIDEO_EVENTS } from '@kohtaamo/protocol';
import { SfuError } from '../common/sfu.error';
import { RoomsService } from '../rooms/rooms.service';
import { SocketChannel } from './socket-channel';

/**
 * Every signalling event passes the video permission table (libs/domain/access.ts) before its handler:
 * an event the table does not know is refused, and one the caller's role may not send is `forbidden`.
 * Before joining there is no role yet; the handlers answer `not_joined` themselves.
 */
@Injectable()
export class VideoPermissionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly rooms: RoomsService,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    const event = this.reflector.get<string>(MESSAGE_METADATA, ctx.getHandler());
    if (!(VIDEO_EVENTS as readonly string[]).includes(event)) throw new SfuError('forbidden', `"${event}" is not in the permission table`);
    const session = SocketChannel.of(ctx.switchToWs().getClient<Socket>()).session;
    if (!session) return true;
    const role = this.rooms.room(session.meetingId)?.peers.get(session.participantId)?.identity.role;
    if (role !== undefined && !videoRoleAllows(role, event)) throw new SfuError('forbidden', `a ${role} may not send ${event}`);
    return true;
  }
}
