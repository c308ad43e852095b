import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '@kohtaamo/domain';
import { SchedulingError } from '@kohtaamo/scheduling';
import { Clock } from '../common/clock';
import { API_CONFIG } from '../config/config.module';
import type { ApiConfig } from '../config/config';
import { QueuesService } from '../queues/queues.service';
import { CALENDAR_SYNC_QUEUE } from './calendar-sync.queue';
import { CalendarFetcher, FeedCredentials, FeedFetchError } from './calendar-fetch.service';
import { CalendarFeedRepository, FeedKind, FeedRow, FeedStatus } from './calendar-feed.repository';
import { CalendarImportService } from './calendar-import.service';
import { SetCalendarFeedDto } from './calendar-feed.dto';
import { CredentialSealer } from './credentials.util';

/** What the feed's owner sees: never the password. */
export interface CalendarFeedView {
  kind: FeedKind;
  url: string;
  username: string | null;
  hasPassword: boolean;
  refreshEveryMinutes: number;
  lastStatus: FeedStatus;
  lastAttemptAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
  /** `unreachable`, `refused_credentials`, `http_error`, `too_large`, `not_caldav`, `forbidden_address`, a scheduling error code (`invalid_ics`, `work_limit`), or `internal` */
  lastErrorCode: string | null;
  lastImported: number | null;
  lastEvents: number | null;
  lastSkipped: number | null;
}

export interface CalendarSyncJob {
  personId: string;
}

/** The repeatable refresh of one person's feed (a BullMQ job scheduler). */
export function feedSchedulerId(personId: string): string {
  return `feed.${personId}`;
}

/**
 * Live calendar sync: a person gives their own calendar's URL (ICS feed or CalDAV collection, with a
 * user name and password kept sealed); a BullMQ job scheduler reads it every
 * `calendarSyncEveryMinutes` (15 by default) and on demand, replacing the person's busy time from the
 * feed. The outcome of the last refresh — when, how many events, which were skipped, the error — is
 * kept on the feed for its owner to see.
 */
@Injectable()
export class CalendarFeedService {
  private readonly logger = new Logger('CalendarSync');
  private readonly sealer: CredentialSealer;

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly feeds: CalendarFeedRepository,
    private readonly fetcher: CalendarFetcher,
    private readonly calendars: CalendarImportService,
    private readonly queues: QueuesService,
    private readonly clock: Clock,
  ) {
    this.sealer = new CredentialSealer(config.calendarCredentialsKey);
  }

  async get(personId: string): Promise<CalendarFeedView> {
    const row = await this.feeds.get(personId);
    if (!row) throw DomainError.notFound('calendar_feed', personId);
    return this.view(row);
  }

  /** Sets the person's feed, schedules its refresh and asks for one now. */
  async set(personId: string, dto: SetCalendarFeedDto): Promise<CalendarFeedView> {
    if (dto.username !== undefined && dto.password === undefined) throw DomainError.field('validation_failed', 'password', 'give the password with the user name');
    if (dto.password !== undefined && dto.username === undefined) throw DomainError.field('validation_failed', 'username', 'give the user name with the password');
    const row = await this.feeds.upsert(personId, dto.kind, dto.url, dto.username ?? null, dto.password !== undefined ? this.sealer.seal(dto.password, personId) : null);
    await this.queues.queue(CALENDAR_SYNC_QUEUE).upsertJobScheduler(
      feedSchedulerId(personId),
      { every: this.config.calendarSyncEveryMinutes * 60_000 },
      { name: 'refresh', data: { personId } satisfies CalendarSyncJob, opts: { attempts: 1 } },
    );
    await this.requestRefresh(personId);
    return this.view(row);
  }

  async remove(personId: string): Promise<void> {
    await this.queues.queue(CALENDAR_SYNC_QUEUE).removeJobScheduler(feedSchedulerId(personId));
    if (!(await this.feeds.remove(personId))) throw DomainError.notFound('calendar_feed', personId);
  }

  /** A refresh as soon as a worker is free (the owner's "refresh now"). */
  async requestRefresh(personId: string): Promise<{ queued: true }> {
    if (!(await this.feeds.get(personId))) throw DomainError.notFound('calendar_feed', personId);
    await this.queues.queue(CALENDAR_SYNC_QUEUE).add('refresh', { personId } satisfies CalendarSyncJob, { jobId: `feed.${personId}.now.${this.clock.now().getTime()}`, attempts: 1 });
    return { queued: true };
  }

  /**
   * Reads the feed and replaces the person's feed busy time (the worker's job). A feed that cannot be
   * read keeps the busy time of the last good refresh and records the error.
   */
  async refresh(personId: string): Promise<FeedStatus | 'gone'> {
    const row = await this.feeds.get(personId);
    if (!row) return 'gone';
    const at = this.clock.now();
    try {
      const credentials: FeedCredentials | null = row.username && row.secretSealed ? { username: row.username, password: this.sealer.open(row.secretSealed, personId) } : null;
      const text = row.kind === 'caldav' ? await this.fetcher.caldav(row.url, credentials, this.calendars.window()) : await this.fetcher.ics(row.url, credentials);
      const r = await this.calendars.importText(personId, text, 'feed');
      await this.feeds.recordSuccess(personId, at, r.imported, r.events, r.skippedCount);
      return 'ok';
    } catch (e) {
      if (!(e instanceof FeedFetchError || e instanceof SchedulingError)) this.logger.warn(`feed of ${personId}: ${(e as Error).message}`);
      const known = e instanceof FeedFetchError || e instanceof SchedulingError;
      await this.feeds.recordFailure(personId, at, known ? e.code : 'internal', known ? e.message : 'the calendar could not be read');
      return 'error';
    }
  }

  private view(row: FeedRow): CalendarFeedView {
    return {
      kind: row.kind,
      url: row.url,
      username: row.username,
      hasPassword: row.secretSealed !== null,
      refreshEveryMinutes: this.config.calendarSyncEveryMinutes,
      lastStatus: row.lastStatus,
      lastAttemptAt: row.lastAttemptAt,
      lastSuccessAt: row.lastSuccessAt,
      lastError: row.lastError,
      lastErrorCode: row.lastErrorCode,
      lastImported: row.lastImported,
      lastEvents: row.lastEvents,
      lastSkipped: row.lastSkipped,
    };
  }
}
