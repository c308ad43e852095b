import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PrivacyModule } from '../privacy/privacy.module';
import { ConsentsModule } from '../consents/consents.module';
import { PersonsModule } from '../persons/persons.module';
import { RequestsModule } from '../requests/requests.module';
import { RoomsModule } from '../rooms/rooms.module';
import { TeamsModule } from '../teams/teams.module';
import { AttendanceRepository } from './attendance.repository';
import { AgendaItemEntity, MeetingAttendanceEntity, MeetingEntity, MeetingParticipantEntity } from './meeting.entity';
import { VideoPresenceService } from './video-presence.service';
import { MeetingsController, VideoPresenceController } from './meetings.controller';
import { MeetingsRepository } from './meetings.repository';
import { MeetingsService } from './meetings.service';

@Module({
  imports: [TypeOrmModule.forFeature([MeetingEntity, MeetingParticipantEntity, AgendaItemEntity, MeetingAttendanceEntity]), PersonsModule, TeamsModule, RequestsModule, ConsentsModule, RoomsModule, PrivacyModule],
  controllers: [MeetingsController, VideoPresenceController],
  providers: [MeetingsService, MeetingsRepository, AttendanceRepository, VideoPresenceService],
  exports: [MeetingsService, MeetingsRepository],
})
export class MeetingsModule {}
