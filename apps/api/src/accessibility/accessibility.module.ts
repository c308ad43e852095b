import { Module } from '@nestjs/common';
import { Mailer } from '../notifications/mailer.service';
import { PrivacyModule } from '../privacy/privacy.module';
import { AccessibilityController } from './accessibility.controller';
import { AccessibilityFeedbackRepository } from './accessibility.repository';
import { AccessibilityService } from './accessibility.service';

/** The accessibility feedback channel (issue 12, part 5; Act 306/2019). */
@Module({
  imports: [PrivacyModule],
  controllers: [AccessibilityController],
  providers: [AccessibilityService, AccessibilityFeedbackRepository, Mailer],
})
export class AccessibilityModule {}
