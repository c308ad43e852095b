import { Module } from '@nestjs/common';
import { BusyRepository } from './busy.repository';
import { CalendarFeedRepository } from './calendar-feed.repository';
import { CalendarFeedService } from './calendar-feed.service';
import { CalendarFetcher } from './calendar-fetch.service';
import { CalendarImportService } from './calendar-import.service';
import { CalendarSyncQueueModule } from './calendar-sync.queue';
import { IcsParserService } from './ics-parser.service';

/** Imported calendars: uploads and live feeds, read off the event loop. Shared by the API and the workers. */
@Module({
  imports: [CalendarSyncQueueModule],
  providers: [IcsParserService, BusyRepository, CalendarImportService, CalendarFeedRepository, CalendarFetcher, CalendarFeedService],
  exports: [CalendarImportService, CalendarFeedService],
})
export class CalendarFeedsModule {}
