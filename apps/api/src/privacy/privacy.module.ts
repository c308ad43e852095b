import { Module } from '@nestjs/common';
import { AnonymousContentService } from './anonymous-content.service';
import { IdentifierCheckService } from './identifier-check.service';

/** Identifier checks for anonymous consultations (see README "Privacy"). */
@Module({ providers: [IdentifierCheckService, AnonymousContentService], exports: [IdentifierCheckService, AnonymousContentService] })
export class PrivacyModule {}
