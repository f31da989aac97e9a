import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ArticleLookupService } from './article-lookup.service';
import { sendBody, sendDocuments, wantsNdjson } from './article-response';
import { LookupRequestDto, parseLookupRequest } from './lookup-request.dto';
import { isPlain, toOnDemandQuery } from './on-demand-query';

const SUMMARY = 'Current article by name, one per project holding that title (WME on-demand)';
const DESCRIPTION = [
  'Served from `articles_current`. `article_body.html` is the Parsoid HTML when the source supplied it;',
  'for sources without HTML (XML dumps) it is rendered from the wikitext by wtf_wikipedia + wtf-plugin-html',
  '(simpler markup, templates not expanded). Okapi extension: `revision` or `as_of` return the article as it',
  'was, rebuilt from the page event stream.',
].join(' ');

@ApiTags('on-demand')
@ApiBearerAuth()
@Controller('v2/articles')
export class ArticlesController {
  constructor(private readonly lookup: ArticleLookupService) {}

  @Get(':name')
  @ApiOperation({ summary: SUMMARY, description: DESCRIPTION })
  @ApiParam({ name: 'name', description: 'Title with spaces or underscores', example: 'Squirrel' })
  @ApiProduces('application/json', 'application/x-ndjson')
  @ApiOkResponse({ description: 'JSON array of WME Articles (NDJSON with Accept: application/x-ndjson)' })
  async get(@Param('name') name: string, @Query() query: unknown, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.respond(name, query, body, req, res);
  }

  @Post(':name')
  @ApiOperation({ summary: `${SUMMARY} (parameters in a JSON body)`, description: DESCRIPTION })
  @ApiBody({ type: LookupRequestDto, required: false })
  @ApiProduces('application/json', 'application/x-ndjson')
  async post(@Param('name') name: string, @Query() query: unknown, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.respond(name, query, body, req, res);
  }

  private async respond(name: string, query: unknown, body: unknown, req: Request, res: Response): Promise<void> {
    const q = toOnDemandQuery(name, parseLookupRequest(query, body));
    if (isPlain(q)) {
      const ndjson = wantsNdjson(req);
      sendBody(res, await this.lookup.plainBody(q, ndjson), ndjson);
    } else {
      sendDocuments(req, res, await this.lookup.find(q));
    }
  }
}
