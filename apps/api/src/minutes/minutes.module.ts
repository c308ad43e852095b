import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PrivacyModule } from '../privacy/privacy.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { PersonsModule } from '../persons/persons.module';
import { RequestsModule } from '../requests/requests.module';
import { MinutesController } from './minutes.controller';
import { MinutesEntity } from './minutes.entity';
import { MinutesService } from './minutes.service';

@Module({
  imports: [TypeOrmModule.forFeature([MinutesEntity]), MeetingsModule, RequestsModule, PersonsModule, PrivacyModule],
  controllers: [MinutesController],
  providers: [MinutesService],
})
export class MinutesModule {}
