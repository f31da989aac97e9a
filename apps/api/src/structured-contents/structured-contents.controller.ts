import { OnDemandQuery } from '@okapi/projections';
import { encodeDocuments } from '../articles/response-body-memo';
import { OnDemandDocs, OnDemandRoutes } from '../articles/on-demand-routes';
import { StructuredContentsService } from './structured-contents.service';
import { ApiController } from '../core/api-controller';

const DOCS: OnDemandDocs = {
  summary: 'Structured contents by name (WME BETA): abstract, description, infoboxes, article_sections, references',
  description:
    'Derived from the current wikitext with wtf_wikipedia (a maintained wikitext parser). Same fields, filters, limit and time travel as /v2/articles/{name}.',
};

@ApiController('on-demand', 'v2/structured-contents')
export class StructuredContentsController extends OnDemandRoutes(DOCS, 'structured') {
  constructor(private readonly structured: StructuredContentsService) {
    super();
  }

  /** JSON texts as they are (no parse, no re-serialisation). */
  protected async body(q: OnDemandQuery, ndjson: boolean): Promise<Buffer> {
    return encodeDocuments(await this.structured.find(q), ndjson);
  }
}
