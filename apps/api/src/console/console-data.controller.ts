import { Get, Param, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import {
  idParam,
  parseDiffQuery,
  parseFlaggedQuery,
  parseHistoryQuery,
  parseNoParams,
  parseRatesQuery,
  wikiId,
} from './console-params';
import { ConsoleReadService } from './console-read.service';
import { ApiController } from '../core/api-controller';

/**
 * Read-only data the console shows and no WME endpoint gives. Authenticated like every /v2 route
 * (the bearer guard), so a script can use them as well as the console. Each answers what the
 * service returns: the shapes of @okapi/console-contract.
 */
@ApiController('console', 'v2/console')
export class ConsoleDataController {
  constructor(private readonly read: ConsoleReadService) {}

  @Get('overview')
  @ApiOperation({ summary: 'Event store head and the wikis/namespaces present (approximate page counts)' })
  overview(@Query() query: unknown) {
    parseNoParams(query);
    return this.read.overview();
  }

  @Get('lag')
  @ApiOperation({ summary: 'Each projection checkpoint and the last offset in the bus, against the event store head' })
  lag(@Query() query: unknown) {
    parseNoParams(query);
    return this.read.lag();
  }

  @Get('rates')
  @ApiOperation({ summary: 'Edits and flagged edits per wiki per minute over the last `minutes` (default 60)' })
  rates(@Query() query: unknown) {
    return this.read.rates(parseRatesQuery(query).minutes);
  }

  @Get('flagged')
  @ApiOperation({
    summary: 'Suspect revisions, newest first: score, reasons, and the identity revert that confirmed them',
  })
  flagged(@Query() query: unknown) {
    return this.read.flagged(parseFlaggedQuery(query));
  }

  @Get('pages/:wiki/:pageId/revisions')
  @ApiOperation({ summary: "A page's revision history, newest first" })
  history(@Param('wiki') wiki: string, @Param('pageId') pageId: string, @Query() query: unknown) {
    return this.read.history(wikiId(wiki), idParam(pageId, 'page id'), parseHistoryQuery(query).limit);
  }

  @Get('pages/:wiki/:pageId/revisions/:revisionId')
  @ApiOperation({ summary: 'One revision with its wikitext, from the event store (also when it was a redirect)' })
  revision(
    @Param('wiki') wiki: string,
    @Param('pageId') pageId: string,
    @Param('revisionId') revisionId: string,
    @Query() query: unknown,
  ) {
    parseNoParams(query);
    return this.read.revision(wikiId(wiki), idParam(pageId, 'page id'), idParam(revisionId, 'revision id'));
  }

  @Get('pages/:wiki/:pageId/diff')
  @ApiOperation({ summary: 'Line diff of two revisions of a page (`from` defaults to the parent of `to`)' })
  diff(@Param('wiki') wiki: string, @Param('pageId') pageId: string, @Query() query: unknown) {
    return this.read.diff(wikiId(wiki), idParam(pageId, 'page id'), parseDiffQuery(query));
  }

  @Get('batch-hours')
  @ApiOperation({ summary: 'The UTC hours that have hourly batches on disk, oldest first' })
  batchHours(@Query() query: unknown) {
    parseNoParams(query);
    return this.read.batchHours();
  }
}
