import { Body, Controller, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ArticleLookupService } from './article-lookup.service';
import { sendBody, wantsNdjson } from './article-response';
import { parseOnDemandRequest } from '@okapi/projections';
import { OnDemandDocs, OnDemandGet, OnDemandPost } from './on-demand-routes';

const DOCS: OnDemandDocs = {
  summary: 'Current article by name, one per project holding that title (WME on-demand)',
  description: [
    'Served from `articles_current`. `article_body.html` is the Parsoid HTML when the source supplied it;',
    'for sources without HTML (XML dumps) it is rendered from the wikitext by wtf_wikipedia + wtf-plugin-html',
    '(simpler markup, templates not expanded). Okapi extension: `revision` or `as_of` return the article as it',
    'was, rebuilt from the page event stream.',
  ].join(' '),
  nameDescription: 'Title with spaces or underscores',
  okDescription: 'JSON array of WME Articles (NDJSON with Accept: application/x-ndjson)',
};

@ApiTags('on-demand')
@ApiBearerAuth()
@Controller('v2/articles')
export class ArticlesController {
  constructor(private readonly lookup: ArticleLookupService) {}

  @OnDemandGet(DOCS)
  async get(
    @Param('name') name: string,
    @Query() query: unknown,
    @Body() body: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.respond(name, query, body, req, res);
  }

  @OnDemandPost(DOCS)
  async post(
    @Param('name') name: string,
    @Query() query: unknown,
    @Body() body: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.respond(name, query, body, req, res);
  }

  private async respond(name: string, query: unknown, body: unknown, req: Request, res: Response): Promise<void> {
    const q = parseOnDemandRequest(name, query, body);
    const ndjson = wantsNdjson(req);
    sendBody(res, await this.lookup.body(q, ndjson), ndjson);
  }
}
