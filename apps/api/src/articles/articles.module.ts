import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { LoadShedder } from '../core/load-shedder';
import { ArticleHistoryService } from './article-history.service';
import { ArticleHtmlService } from './article-html.service';
import { ArticleLookupService } from './article-lookup.service';
import { ArticlesController } from './articles.controller';
import { HTML_RENDERER, renderHtml } from './html-renderer';
import { LookupFastPath } from './lookup-fast-path';

/** WME on-demand: `GET|POST /v2/articles/{name}` (+ Okapi time travel). */
@Module({
  imports: [AuthModule],
  controllers: [ArticlesController],
  providers: [
    { provide: HTML_RENDERER, useValue: renderHtml },
    ArticleHtmlService,
    ArticleHistoryService,
    ArticleLookupService,
    LookupFastPath,
    LoadShedder,
  ],
  exports: [ArticleLookupService, ArticleHtmlService],
})
export class ArticlesModule {}
