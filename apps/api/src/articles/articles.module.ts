import { Module } from '@nestjs/common';
import { ANALYTICS } from '@okapi/adapters/runtime/tokens';
import type { Analytics } from '@okapi/adapters/clickhouse/analytics';
import { ArticleHistoryService } from './article-history.service';
import { ArticleHtmlService } from './article-html.service';
import { ArticleLookupService } from './article-lookup.service';
import { ARTICLE_READ_MODEL } from './article-lookup.tokens';
import { ArticlesController } from './articles.controller';
import { HTML_RENDERER, renderHtml } from './html-renderer';
import { PAST_ARTICLE, pastArticle } from './past-article';

/** WME on-demand: `GET|POST /v2/articles/{name}` (+ Okapi time travel). */
@Module({
  controllers: [ArticlesController],
  providers: [
    { provide: ARTICLE_READ_MODEL, useFactory: (analytics: Analytics) => analytics.readModel, inject: [ANALYTICS] },
    { provide: HTML_RENDERER, useValue: renderHtml },
    { provide: PAST_ARTICLE, useValue: pastArticle },
    ArticleHtmlService,
    ArticleHistoryService,
    ArticleLookupService,
  ],
  exports: [ArticleLookupService, ArticleHtmlService, ARTICLE_READ_MODEL],
})
export class ArticlesModule {}
