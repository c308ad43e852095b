import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MeetingsModule } from '../meetings/meetings.module';
import { PersonsModule } from '../persons/persons.module';
import { RequestsModule } from '../requests/requests.module';
import { RoomsModule } from '../rooms/rooms.module';
import { TeamsModule } from '../teams/teams.module';
import { AvailabilityService } from './availability.service';
import { BookingService } from './booking.service';
import { CalendarFeedController } from './calendar-feed.controller';
import { CalendarFeedsModule } from './calendar-feeds.module';
import { SchedulingController } from './scheduling.controller';
import { SessionExceptionEntity, SessionSeriesEntity } from './scheduling.entity';
import { SeriesService } from './series.service';
import { TriageController } from './triage.controller';
import { TriageService } from './triage.service';

@Module({
  imports: [TypeOrmModule.forFeature([SessionSeriesEntity, SessionExceptionEntity]), CalendarFeedsModule, MeetingsModule, PersonsModule, RequestsModule, RoomsModule, TeamsModule],
  controllers: [SchedulingController, CalendarFeedController, TriageController],
  providers: [SeriesService, BookingService, AvailabilityService, TriageService],
  exports: [SeriesService, BookingService, AvailabilityService],
})
export class SchedulingModule {}
