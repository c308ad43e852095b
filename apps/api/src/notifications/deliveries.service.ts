import { PolicyService } from '../auth/policy.service';
import type { StaffPrincipal } from '../auth/principal';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { API_CONFIG } from '../config/config.module';
import type { ApiConfig } from '../config/config';
import { Page } from '../common/pagination.dto';
import { paginate } from '../common/page.util';
import { MeetingsService } from '../meetings/meetings.service';
import { TeamsService } from '../teams/teams.service';
import { ListDeliveriesQuery, ReminderOffsetsDto } from './deliveries.dto';
import { NotificationDeliveryEntity } from './notification-delivery.entity';

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
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(NotificationDeliveryEntity) private readonly deliveries: Repository<NotificationDeliveryEntity>,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly meetings: MeetingsService,
    private readonly teams: TeamsService,
    private readonly policy: PolicyService,
  ) {}

  /** Every message planned for a meeting's participants and how it went (failed ones with their last error). */
  /** The meeting's deliveries (recipients' names and addresses): for those who manage the meeting only; logged as client data. */
  async forMeeting(meetingId: string, q: ListDeliveriesQuery, who: StaffPrincipal): Promise<Page<DeliveryView>> {
    await this.policy.meeting(who, meetingId, 'manage');
    const qb = this.deliveries.createQueryBuilder('d').where('d.meeting_id = :meetingId', { meetingId }).orderBy('d.id', 'ASC');
    if (q.participantId) qb.andWhere('d.participant_id = :participantId', { participantId: q.participantId });
    if (q.status) qb.andWhere('d.status = :status', { status: q.status });
    if (q.kind) qb.andWhere('d.kind = :kind', { kind: q.kind });
    const page = await paginate(qb, q);
    return { ...page, items: page.items.map(view) };
  }

  async reminderOffsets(teamId: string): Promise<ReminderOffsetsView> {
    await this.teams.get(teamId);
    const [row]: Array<{ offsets: number[] | null }> = await this.db.query(`SELECT reminder_offsets_minutes AS offsets FROM team WHERE id = $1`, [teamId]);
    return this.offsetsView(teamId, row?.offsets ?? null);
  }

  /** Applies to reminders planned from now on (a meeting's existing reminders change when it is rescheduled). */
  async setReminderOffsets(teamId: string, dto: ReminderOffsetsDto): Promise<ReminderOffsetsView> {
    await this.teams.get(teamId);
    const offsets = dto.offsetsMinutes === null ? null : [...dto.offsetsMinutes].sort((a, b) => b - a);
    await this.db.query(`UPDATE team SET reminder_offsets_minutes = $2, updated_at = now() WHERE id = $1`, [teamId, offsets]);
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
