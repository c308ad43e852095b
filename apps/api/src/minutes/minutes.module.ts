import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PrivacyModule } from '../privacy/privacy.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { PersonsModule } from '../persons/persons.module';
import { RequestsModule } from '../requests/requests.module';
import { MinutesController } from './minutes.controller';
import { MinutesEntity } from './minutes.entity';
import { MinutesQueueModule } from './minutes.queue';
import { MinutesRepository } from './minutes.repository';
import { MinutesService } from './minutes.service';

/** Minutes for the API: the editor's routes and the readers'; the queue for the dashboard and the metrics (the workers: MinutesWorkersModule). */
@Module({
  imports: [TypeOrmModule.forFeature([MinutesEntity]), MinutesQueueModule, MeetingsModule, RequestsModule, PersonsModule, PrivacyModule],
  controllers: [MinutesController],
  providers: [MinutesService, MinutesRepository],
})
export class MinutesModule {}
