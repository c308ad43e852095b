import { Module } from '@nestjs/common';
import { FeedbackMailModule } from '../feedback/feedback.module';
import { MetricsCache } from './metrics-cache';
import { MetricsController } from './metrics.controller';
import { MetricsRepository } from './metrics.repository';
import { MetricsService } from './metrics.service';

/** The seed's metrics (issue 13, part 3). */
@Module({ imports: [FeedbackMailModule], controllers: [MetricsController], providers: [MetricsRepository, MetricsService, MetricsCache] })
export class MetricsModule {}
