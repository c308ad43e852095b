import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PrivacyModule } from '../privacy/privacy.module';
import { ClientsModule } from '../clients/clients.module';
import { ConsentsModule } from '../consents/consents.module';
import { PersonsModule } from '../persons/persons.module';
import { TeamsModule } from '../teams/teams.module';
import { TriageNoticesModule } from '../notifications/triage-notice.module';
import { ConsultationRequestEntity, RequestEventEntity } from './consultation-request.entity';
import { HomeRepository } from './home.repository';
import { HomeService } from './home.service';
import { InboxController } from './inbox.controller';
import { MeController } from './me.controller';
import { InboxRepository } from './inbox.repository';
import { InboxService } from './inbox.service';
import { RequestsController } from './requests.controller';
import { RequestsRepository } from './requests.repository';
import { RequestsService } from './requests.service';

@Module({
  imports: [TypeOrmModule.forFeature([ConsultationRequestEntity, RequestEventEntity]), PersonsModule, TeamsModule, ClientsModule, ConsentsModule, PrivacyModule, TriageNoticesModule],
  controllers: [RequestsController, InboxController, MeController],
  providers: [RequestsService, RequestsRepository, InboxService, InboxRepository, HomeService, HomeRepository],
  exports: [RequestsService, RequestsRepository, InboxRepository],
})
export class RequestsModule {}
