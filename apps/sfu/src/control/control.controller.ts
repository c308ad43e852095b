import { Controller, Headers, HttpCode, HttpStatus, Post, UnauthorizedException } from '@nestjs/common';
import { JoinTokenService } from '../auth/join-token.service';
import { SfuError } from '../common/sfu.error';
import { RoomsService } from '../rooms/rooms.service';

/**
 * Orders from the API, each a token signed with the join-token secret for the control audience
 * (libs/protocol tokens.ts SfuControlClaims). The SFU still reads no database: the order says it all.
 * POST /control/remove (Authorization: Bearer <order>): removes the order's participants from the
 * meeting's call and lobby now and refuses them later — how a withdrawn consent reaches a call in progress.
 * POST /control/end: ends the meeting's call for everyone — how a meeting ended in the staff app ends its call.
 */
@Controller('control')
export class ControlController {
  constructor(
    private readonly tokens: JoinTokenService,
    private readonly rooms: RoomsService,
  ) {}

  @Post('remove')
  @HttpCode(HttpStatus.OK)
  async remove(@Headers('authorization') authorization: string | undefined): Promise<{ removed: number }> {
    const token = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(authorization ?? '')?.[1];
    if (token === undefined) throw new UnauthorizedException('a signed order is required');
    let order: { meetingId: string; participantIds: string[] };
    try {
      order = await this.tokens.verifyControl(token);
    } catch (e) {
      if (e instanceof SfuError) throw new UnauthorizedException(e.message);
      throw e;
    }
    return { removed: this.rooms.expel(order.meetingId, order.participantIds) };
  }

  /** POST /control/end (Authorization: Bearer <end order>): the meeting's call ends for everyone now. */
  @Post('end')
  @HttpCode(HttpStatus.OK)
  async end(@Headers('authorization') authorization: string | undefined): Promise<{ ended: boolean }> {
    const token = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(authorization ?? '')?.[1];
    if (token === undefined) throw new UnauthorizedException('a signed order is required');
    let meetingId: string;
    try {
      meetingId = await this.tokens.verifyEndOrder(token);
    } catch (e) {
      if (e instanceof SfuError) throw new UnauthorizedException(e.message);
      throw e;
    }
    return { ended: this.rooms.endMeeting(meetingId) };
  }
}
