import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { QueuesService } from '../queues/queues.service';
import { CALENDAR_SYNC_QUEUE } from './calendar-sync.queue';
import { CalendarFeedService, CalendarSyncJob } from './calendar-feed.service';

/** The calendar-sync worker: one refresh per job (repeatable every 15 minutes, or asked for). */
@Injectable()
export class CalendarSyncProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('CalendarSync');

  constructor(
    private readonly queues: QueuesService,
    private readonly feeds: CalendarFeedService,
  ) {}

  onApplicationBootstrap(): void {
    const worker = this.queues.worker<CalendarSyncJob, string>(CALENDAR_SYNC_QUEUE, (job) => this.feeds.refresh(job.data.personId), { concurrency: 2 });
    worker.on('error', (e) => this.logger.warn(`worker: ${e.message}`));
  }
}
