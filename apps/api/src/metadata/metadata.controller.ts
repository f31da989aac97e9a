import { Body, Param, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { notFound, unprocessable } from '@okapi/adapters/errors';
import { answerMetadata, METADATA_SCHEMAS as S } from './metadata-query';
import { MetadataService } from './metadata.service';
import { ApiController, ReadRoute } from '../core/api-controller';

function one<T>(found: T | undefined, what: string, id: string): T {
  if (found === undefined) throw notFound('metadata.not_found', `${what} "${id.slice(0, 100)}" not found`);
  return found;
}

function namespaceId(id: string): number {
  if (!/^-?\d{1,6}$/.test(id))
    throw unprocessable(
      'request.invalid_namespace',
      `namespace identifier must be an integer, got "${id.slice(0, 50)}"`,
    );
  return Number(id);
}

/**
 * WME metadata endpoints. Each takes GET with query parameters or POST with a JSON body (POST
 * never mutates), so every route has a POST twin answering 200.
 */
@ApiController('metadata', 'v2')
export class MetadataController {
  constructor(private readonly metadata: MetadataService) {}

  @ReadRoute('projects')
  @ApiOperation({ summary: 'Projects Okapi has seen or is configured to follow (WME shape)' })
  async projects(@Query() query: unknown, @Body() body: unknown): Promise<object[]> {
    return answerMetadata(await this.metadata.projects(), query, body, S.projects);
  }

  @ReadRoute('projects/:id')
  @ApiOperation({ summary: 'One project' })
  async project(@Param('id') id: string, @Query() query: unknown, @Body() body: unknown): Promise<object> {
    const found = (await this.metadata.projects()).find((p) => p.identifier === id);
    return answerMetadata([one(found, 'project', id)], query, body, S.projects)[0];
  }

  @ReadRoute('languages')
  @ApiOperation({ summary: 'Languages of the projects Okapi serves (WME shape)' })
  async languages(@Query() query: unknown, @Body() body: unknown): Promise<object[]> {
    return answerMetadata(await this.metadata.languages(), query, body, S.languages);
  }

  @ReadRoute('languages/:id')
  @ApiOperation({ summary: 'One language' })
  language(@Param('id') id: string, @Query() query: unknown, @Body() body: unknown): object {
    return answerMetadata([one(this.metadata.catalogue.language(id), 'language', id)], query, body, S.languages)[0];
  }

  @ReadRoute('namespaces')
  @ApiOperation({ summary: 'Namespaces WME publishes (articles, files, templates, categories)' })
  namespaces(@Query() query: unknown, @Body() body: unknown): object[] {
    return answerMetadata(this.metadata.catalogue.namespaces, query, body, S.namespaces);
  }

  @ReadRoute('namespaces/:id')
  @ApiOperation({ summary: 'One namespace' })
  namespace(@Param('id') id: string, @Query() query: unknown, @Body() body: unknown): object {
    const found = this.metadata.catalogue.namespace(namespaceId(id));
    return answerMetadata([one(found, 'namespace', id)], query, body, S.namespaces)[0];
  }

  @ReadRoute('codes')
  @ApiOperation({ summary: 'Project codes (wiki, wiktionary, ...)' })
  codes(@Query() query: unknown, @Body() body: unknown): object[] {
    return answerMetadata(this.metadata.catalogue.codes, query, body, S.codes);
  }

  @ReadRoute('codes/:id')
  @ApiOperation({ summary: 'One project code' })
  code(@Param('id') id: string, @Query() query: unknown, @Body() body: unknown): object {
    const found = this.metadata.catalogue.codes.find((c) => c.identifier === id);
    return answerMetadata([one(found, 'code', id)], query, body, S.codes)[0];
  }
}
