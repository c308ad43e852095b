import { Module } from '@nestjs/common';
import { MeetingsModule } from '../meetings/meetings.module';
import { PersonsModule } from '../persons/persons.module';
import { RequestsModule } from '../requests/requests.module';
import { RoomsModule } from '../rooms/rooms.module';
import { TeamsModule } from '../teams/teams.module';
import { AgendaController } from './agenda.controller';
import { AgendaRepository } from './agenda.repository';
import { AvailabilityRepository } from './availability.repository';
import { AvailabilityService } from './availability.service';
import { BookingService } from './booking.service';
import { CalendarFeedController } from './calendar-feed.controller';
import { CalendarFeedsModule } from './calendar-feeds.module';
import { SchedulingController } from './scheduling.controller';
import { SeriesRepository } from './series.repository';
import { SeriesService } from './series.service';
import { TriageController } from './triage.controller';
import { TriageService } from './triage.service';

@Module({
  imports: [CalendarFeedsModule, MeetingsModule, PersonsModule, RequestsModule, RoomsModule, TeamsModule],
  controllers: [SchedulingController, AgendaController, CalendarFeedController, TriageController],
  providers: [SeriesService, SeriesRepository, BookingService, AgendaRepository, AvailabilityService, AvailabilityRepository, TriageService],
  exports: [SeriesService, BookingService, AvailabilityService],
})
export class SchedulingModule {}
