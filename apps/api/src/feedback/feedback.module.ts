import { Module } from '@nestjs/common';
import { PrivacyModule } from '../privacy/privacy.module';
import { FeedbackMailer } from './feedback-mail.service';
import { FeedbackController } from './feedback.controller';
import { FeedbackRepository } from './feedback.repository';
import { FeedbackService } from './feedback.service';

/** What the notifications worker needs to send survey links (no identifier checker: workers do not load it). */
@Module({ providers: [FeedbackRepository, FeedbackMailer], exports: [FeedbackRepository, FeedbackMailer] })
export class FeedbackMailModule {}

/** Anonymous feedback after meetings (issue 13, part 4): the survey routes. */
@Module({
  imports: [PrivacyModule, FeedbackMailModule],
  controllers: [FeedbackController],
  providers: [FeedbackService],
  exports: [FeedbackMailModule],
})
export class FeedbackModule {}
