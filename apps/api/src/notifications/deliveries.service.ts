import { PolicyService } from '../auth/policy.service';
import type { StaffPrincipal } from '../auth/principal';
import { Inject, Injectable } from '@nestjs/common';
import { API_CONFIG } from '../config/config.module';
import type { ApiConfig } from '../config/config';
import { Page } from '../common/pagination.dto';
import { MeetingsService } from '../meetings/meetings.service';
import { TeamsService } from '../teams/teams.service';
import { ListDeliveriesQuery, ReminderOffsetsDto } from './deliveries.dto';
import { DeliveryRepository } from './delivery.repository';
import { NotificationDeliveryEntity } from './notification-delivery.entity';
import { ReminderOffsetsRepository } from './reminder-offsets.repository';

export interface DeliveryView {
  id: string;
  participantId: string | null;
  recipientName: string;
  email: string | null;
  kind: NotificationDeliveryEntity['kind'];
  sequence: number;
  offsetMinutes: number;
  minutesId: string | null;
  status: NotificationDeliveryEntity['status'];
  attempts: number;
  lastError: string | null;
  dueAt: Date;
  sentAt: Date | null;
  updatedAt: Date;
}

export interface ReminderOffsetsView {
  teamId: string;
  /** the team's own setting; null when it follows the service default */
  offsetsMinutes: number[] | null;
  /** what applies to the team's meetings */
  effective: number[];
}

/** What was sent to whom, and each team's reminder times. */
@Injectable()
export class DeliveriesService {
  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly offsets: ReminderOffsetsRepository,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly meetings: MeetingsService,
    private readonly teams: TeamsService,
    private readonly policy: PolicyService,
  ) {}

  /** Every message planned for a meeting's participants and how it went (failed ones with their last error). */
  /** The meeting's deliveries (recipients' names and addresses): for those who manage the meeting only; logged as client data. */
  async forMeeting(meetingId: string, q: ListDeliveriesQuery, who: StaffPrincipal): Promise<Page<DeliveryView>> {
    await this.policy.meeting(who, meetingId, 'manage');
    const page = await this.deliveries.page(meetingId, q);
    return { ...page, items: page.items.map(view) };
  }

  async reminderOffsets(teamId: string): Promise<ReminderOffsetsView> {
    await this.teams.get(teamId);
    return this.offsetsView(teamId, await this.offsets.get(teamId));
  }

  /** Applies to reminders planned from now on (a meeting's existing reminders change when it is rescheduled). */
  async setReminderOffsets(teamId: string, dto: ReminderOffsetsDto): Promise<ReminderOffsetsView> {
    await this.teams.get(teamId);
    const offsets = dto.offsetsMinutes === null ? null : [...dto.offsetsMinutes].sort((a, b) => b - a);
    await this.offsets.set(teamId, offsets);
    return this.offsetsView(teamId, offsets);
  }

  private offsetsView(teamId: string, offsets: number[] | null): ReminderOffsetsView {
    return { teamId, offsetsMinutes: offsets, effective: offsets ?? this.config.reminderOffsetsMinutes };
  }
}

function view(d: NotificationDeliveryEntity): DeliveryView {
  return {
    id: d.id,
    participantId: d.participantId,
    recipientName: d.recipient.name,
    email: d.recipient.email,
    kind: d.kind,
    sequence: d.sequence,
    offsetMinutes: d.offsetMinutes,
    minutesId: d.minutesId,
    status: d.status,
    attempts: d.attempts,
    lastError: d.lastError,
    dueAt: d.dueAt,
    sentAt: d.sentAt,
    updatedAt: d.updatedAt,
  };
}
