import { Module } from '@nestjs/common';
import { AnonymousContentRepository } from './anonymous-content.repository';
import { AnonymousContentService } from './anonymous-content.service';
import { IdentifierCheckService } from './identifier-check.service';

/** Identifier checks for anonymous consultations (see README "Privacy"). */
@Module({ providers: [IdentifierCheckService, AnonymousContentService, AnonymousContentRepository], exports: [IdentifierCheckService, AnonymousContentService] })
export class PrivacyModule {}
