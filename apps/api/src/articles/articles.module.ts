import { Module } from '@nestjs/common';
import { ArticleHistoryService } from './article-history.service';
import { ArticleHtmlService } from './article-html.service';
import { ArticleLookupService } from './article-lookup.service';
import { ArticlesController } from './articles.controller';
import { HTML_RENDERER, renderHtml } from './html-renderer';
import { PAST_ARTICLE, pastArticle } from './past-article';

/** WME on-demand: `GET|POST /v2/articles/{name}` (+ Okapi time travel). */
@Module({
  controllers: [ArticlesController],
  providers: [
    { provide: HTML_RENDERER, useValue: renderHtml },
    { provide: PAST_ARTICLE, useValue: pastArticle },
    ArticleHtmlService,
    ArticleHistoryService,
    ArticleLookupService,
  ],
  exports: [ArticleLookupService, ArticleHtmlService],
})
export class ArticlesModule {}
