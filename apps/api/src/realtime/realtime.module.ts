import { Module } from '@nestjs/common';
import { ArticleBus } from '@okapi/projections';
import { ARTICLE_BUS } from '@okapi/adapters/runtime';
import { ArticleHub } from './article-hub';
import { RealtimeController } from './realtime.controller';
import { RealtimeMetrics } from './realtime.metrics';
import { RealtimeService } from './realtime.service';

/** The firehose gateway: one hub (live bus subscription) per process, one session per client. */
@Module({
  controllers: [RealtimeController],
  providers: [
    { provide: ArticleHub, useFactory: (bus: ArticleBus) => new ArticleHub(bus), inject: [ARTICLE_BUS] },
    RealtimeService,
    RealtimeMetrics,
  ],
})
export class RealtimeModule {}
