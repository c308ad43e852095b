import { Module } from '@nestjs/common';
import { CalendarFeedsModule } from './calendar-feeds.module';
import { CalendarSyncProcessor } from './calendar-sync.processor';

/** The calendar-sync worker (feed refreshes), in a worker process or in the API when RUN_WORKERS=true. */
@Module({ imports: [CalendarFeedsModule], providers: [CalendarSyncProcessor] })
export class CalendarSyncWorkersModule {}
