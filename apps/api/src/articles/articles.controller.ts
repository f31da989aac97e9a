import { OnDemandQuery } from '@okapi/projections';
import { ArticleLookupService } from './article-lookup.service';
import { OnDemandDocs, OnDemandRoutes } from './on-demand-routes';
import { ApiController } from '../core/api-controller';

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

@ApiController('on-demand', 'v2/articles')
export class ArticlesController extends OnDemandRoutes(DOCS, 'article') {
  constructor(private readonly lookup: ArticleLookupService) {
    super();
  }

  protected body(q: OnDemandQuery, ndjson: boolean): Promise<Buffer> {
    return this.lookup.body(q, ndjson);
  }
}
