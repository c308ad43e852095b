import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientsModule } from '../clients/clients.module';
import { PersonsModule } from '../persons/persons.module';
import { ConsentEntity } from './consent.entity';
import { ConsentsController } from './consents.controller';
import { ConsentWithdrawalRepository } from './consent-withdrawal.repository';
import { ConsentsRepository } from './consents.repository';
import { ConsentsService } from './consents.service';

@Module({
  imports: [TypeOrmModule.forFeature([ConsentEntity]), ClientsModule, PersonsModule],
  controllers: [ConsentsController],
  providers: [ConsentsService, ConsentsRepository, ConsentWithdrawalRepository],
  exports: [ConsentsService],
})
export class ConsentsModule {}
