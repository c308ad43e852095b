import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { DeliveryRepository, PlannedDelivery, deliveryKey } from '../notifications/delivery.repository';
import { OutboxRelay } from '../notifications/outbox-relay.service';
import { QueuesService } from '../queues/queues.service';
import { loadMinutesDocument } from './minutes-document';
import { MinutesMailRepository } from './minutes-mail.repository';
import { renderMinutesPdf } from './minutes-pdf';
import { minutesRecipientDecision } from './minutes-recipients';
import { MINUTES_QUEUE, MinutesJobData } from './minutes.queue';
import { MinutesRepository } from './minutes.repository';

/** How many finalised minutes one relay round queues at most. */
const QUEUE_BATCH = 100;

/**
 * The minutes worker: `render` turns finalised minutes into a PDF once (stored with the minutes: the
 * document as approved), then `distribute` plans one email per participant — queued for those the
 * consent allows, `withheld` (visible in the deliveries) for the others. Both steps are idempotent.
 * `queueFinalised`, a step of every outbox relay round, queues the `render` job of newly finalised minutes.
 */
@Injectable()
export class MinutesProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('Minutes');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queues: QueuesService,
    private readonly relay: OutboxRelay,
    private readonly deliveries: DeliveryRepository,
    private readonly minutes: MinutesRepository,
    private readonly mail: MinutesMailRepository,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    const worker = this.queues.worker<MinutesJobData, string>(MINUTES_QUEUE, (job) => this.process(job), { concurrency: 2 });
    worker.on('error', (e) => this.logger.warn(`worker: ${e.message}`));
  }

  /** Finalised minutes → a render job (which then distributes); the finalising commit wakes the relay (pg_notify). */
  async queueFinalised(): Promise<number> {
    const queue = this.queues.queue(MINUTES_QUEUE);
    return this.db.transaction(async (tx) => {
      const ids = await this.minutes.finalisedToQueue(tx, QUEUE_BATCH);
      if (!ids.length) return 0;
      await queue.addBulk(ids.map((id) => ({ name: 'render', data: { minutesId: id } satisfies MinutesJobData, opts: { jobId: `render.${id}` } })));
      await this.minutes.markQueued(tx, ids);
      return ids.length;
    });
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
    const m = await this.minutes.withPdf(minutesId);
    if (!m || m.status !== 'finalised' || m.pdf) return;
    const pdf = await renderMinutesPdf(await loadMinutesDocument(this.minutes, m));
    await this.minutes.storePdf(minutesId, pdf);
  }

  async distribute(minutesId: string): Promise<number> {
    const about = await this.mail.about(minutesId);
    if (!about) return 0;
    const meetingId = await this.minutes.meetingOf(minutesId);
    if (!meetingId) return 0;
    const participants = await this.mail.recipients(meetingId);
    const now = this.clock.now();
    const rows: PlannedDelivery[] = participants.map((p) => {
      const decision = minutesRecipientDecision({ kind: p.kind, organisationType: p.organisationType }, about, now);
      return {
        key: deliveryKey.minutes(minutesId, p.id),
        meetingId,
        participantId: p.id,
        minutesId,
        kind: 'minutes',
        sequence: about.version,
        recipient: { name: p.displayName, email: p.email, locale: p.locale, kind: p.kind },
        status: !decision.allowed ? 'withheld' : p.email ? 'queued' : 'no_address',
        dueAt: now,
        note: decision.allowed ? null : decision.reason,
      };
    });
    const planned = await this.deliveries.insert(rows);
    this.relay.nudge();
    return planned;
  }
}
