import { Module } from '@nestjs/common';
import { PrincipalInvalidation } from './principal-invalidation.service';

/** What several API instances must share beyond PostgreSQL and the queues (README "When one machine is not enough"). */
@Module({ providers: [PrincipalInvalidation] })
export class ScaleModule {}
