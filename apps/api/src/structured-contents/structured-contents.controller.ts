import { Body, Controller, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { sendDocuments } from '../articles/article-response';
import { parseOnDemandRequest } from '@okapi/projections';
import { OnDemandDocs, OnDemandGet, OnDemandPost } from '../articles/on-demand-routes';
import { StructuredContentsService } from './structured-contents.service';

const DOCS: OnDemandDocs = {
  summary: 'Structured contents by name (WME BETA): abstract, description, infoboxes, article_sections, references',
  description:
    'Derived from the current wikitext with wtf_wikipedia (a maintained wikitext parser). Same fields, filters, limit and time travel as /v2/articles/{name}.',
};

@ApiTags('on-demand')
@ApiBearerAuth()
@Controller('v2/structured-contents')
export class StructuredContentsController {
  constructor(private readonly structured: StructuredContentsService) {}

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
    const q = parseOnDemandRequest(name, query, body, 'structured');
    sendDocuments(req, res, await this.structured.find(q));
  }
}
