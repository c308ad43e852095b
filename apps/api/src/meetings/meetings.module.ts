import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConsentsModule } from '../consents/consents.module';
import { PersonsModule } from '../persons/persons.module';
import { RequestsModule } from '../requests/requests.module';
import { TeamsModule } from '../teams/teams.module';
import { AgendaItemEntity, MeetingEntity, MeetingParticipantEntity } from './meeting.entity';
import { MeetingsController } from './meetings.controller';
import { MeetingsService } from './meetings.service';

@Module({
  imports: [TypeOrmModule.forFeature([MeetingEntity, MeetingParticipantEntity, AgendaItemEntity]), PersonsModule, TeamsModule, RequestsModule, ConsentsModule],
  controllers: [MeetingsController],
  providers: [MeetingsService],
  exports: [MeetingsService],
})
export class MeetingsModule {}
