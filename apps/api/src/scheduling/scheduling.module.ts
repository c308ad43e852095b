import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MeetingsModule } from '../meetings/meetings.module';
import { PersonsModule } from '../persons/persons.module';
import { RequestsModule } from '../requests/requests.module';
import { RoomsModule } from '../rooms/rooms.module';
import { TeamsModule } from '../teams/teams.module';
import { AvailabilityService } from './availability.service';
import { BookingService } from './booking.service';
import { BusyRepository } from './busy.repository';
import { CalendarImportService } from './calendar-import.service';
import { IcsParserService } from './ics-parser.service';
import { SchedulingController } from './scheduling.controller';
import { SessionExceptionEntity, SessionSeriesEntity } from './scheduling.entity';
import { SeriesService } from './series.service';

@Module({
  imports: [TypeOrmModule.forFeature([SessionSeriesEntity, SessionExceptionEntity]), MeetingsModule, PersonsModule, RequestsModule, RoomsModule, TeamsModule],
  controllers: [SchedulingController],
  providers: [SeriesService, BookingService, AvailabilityService, IcsParserService, BusyRepository, CalendarImportService],
  exports: [SeriesService, BookingService, AvailabilityService, CalendarImportService],
})
export class SchedulingModule {}
