import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import type { Locale, OrganisationType, ParticipantKind } from '@kohtaamo/domain';
import { Clock } from '../common/clock';
import { PlannedDelivery, deliveryKey, insertDeliveries } from '../notifications/delivery.store';
import { MinutesJobData, OutboxRelay } from '../notifications/outbox-relay.service';
import { MINUTES_QUEUE, QueuesService } from '../queues/queues.service';
import { loadMinutesDocument } from './minutes-document';
import { loadMinutesAbout } from './minutes-mail.service';
import { renderMinutesPdf } from './minutes-pdf';
import { minutesRecipientDecision } from './minutes-recipients';
import { MinutesEntity } from './minutes.entity';

/**
 * The minutes worker: `render` turns finalised minutes into a PDF once (stored with the minutes: the
 * document as approved), then `distribute` plans one email per participant — queued for those the
 * consent allows, `withheld` (visible in the deliveries) for the others. Both steps are idempotent.
 */
@Injectable()
export class MinutesProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('Minutes');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queues: QueuesService,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    const worker = this.queues.worker<MinutesJobData, string>(MINUTES_QUEUE, (job) => this.process(job), { concurrency: 2 });
    worker.on('error', (e) => this.logger.warn(`worker: ${e.message}`));
  }

  async process(job: Job<MinutesJobData>): Promise<string> {
    switch (job.name) {
      case 'render':
        await this.render(job.data.minutesId);
        await this.queues.queue(MINUTES_QUEUE).add('distribute', job.data, { jobId: `distribute.${job.data.minutesId}` });
        return 'rendered';
      case 'distribute':
        return `planned ${await this.distribute(job.data.minutesId)}`;
      default:
        throw new Error(`unknown minutes job "${job.name}"`);
    }
  }

  async render(minutesId: string): Promise<void> {
    const m = await this.db.getRepository(MinutesEntity).createQueryBuilder('m').addSelect('m.pdf').where('m.id = :id', { id: minutesId }).getOne();
    if (!m || m.status !== 'finalised' || m.pdf) return;
    const pdf = await renderMinutesPdf(await loadMinutesDocument(this.db, m));
    await this.db.query(`UPDATE minutes SET pdf = $2 WHERE id = $1 AND pdf IS NULL`, [minutesId, pdf]);
  }

  async distribute(minutesId: string): Promise<number> {
    const about = await loadMinutesAbout(this.db, minutesId);
    if (!about) return 0;
    const [m]: Array<{ meeting_id: string }> = await this.db.query(`SELECT meeting_id FROM minutes WHERE id = $1`, [minutesId]);
    const participants: Array<{ id: string; kind: ParticipantKind; display_name: string; email: string | null; locale: Locale; organisation_type: OrganisationType | null }> =
      await this.db.query(`SELECT id, kind, display_name, email, locale, organisation_type FROM meeting_participant WHERE meeting_id = $1 ORDER BY created_at, id`, [m.meeting_id]);
    const now = this.clock.now();
    const rows: PlannedDelivery[] = participants.map((p) => {
      const decision = minutesRecipientDecision({ kind: p.kind, organisationType: p.organisation_type }, about, now);
      return {
        key: deliveryKey.minutes(minutesId, p.id),
        meetingId: m.meeting_id,
        participantId: p.id,
        minutesId,
        kind: 'minutes',
        sequence: about.version,
        recipient: { name: p.display_name, email: p.email, locale: p.locale, kind: p.kind },
        status: !decision.allowed ? 'withheld' : p.email ? 'queued' : 'no_address',
        dueAt: now,
        note: decision.allowed ? null : decision.reason,
      };
    });
    const planned = await insertDeliveries(this.db, rows);
    this.relay.nudge();
    return planned;
  }
}
