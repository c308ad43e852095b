import { Module } from '@nestjs/common';
import { TriageNotices } from './triage-notice';
import { TriageNoticeRepository } from './triage-notice.repository';

/**
 * The requester's email about a triage decision: queued by the requests feature in the decision's
 * transaction, read by the notifications worker when it sends it. Imported by RequestsModule and
 * NotificationsWorkersModule.
 */
@Module({ providers: [TriageNotices, TriageNoticeRepository], exports: [TriageNotices] })
export class TriageNoticesModule {}
