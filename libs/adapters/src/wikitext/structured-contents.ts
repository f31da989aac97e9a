import { withCappedTemplateNesting } from './wtf-fast-paths';
import { wtf } from './wtf-library';
import { infoboxesFromHtml } from './html-infobox';
import { infoboxPart, LinkContext, Part, sectionParts, WtfInfobox, WtfSection } from './structured-parts';

/**
 * WME structured contents (BETA API) derived from an Article's wikitext with wtf_wikipedia, a
 * maintained wikitext parser: description from {{Short description}}, infoboxes, nested
 * article_sections, references. Identity and version fields are copied from the Article.
 */
export interface StructuredReference {
  identifier: string;
  type: string;
  metadata?: Record<string, string>;
  text?: { value: string };
}

export interface StructuredContent {
  name?: unknown;
  identifier?: unknown;
  abstract?: string;
  description?: string;
  url?: unknown;
  date_created?: unknown;
  date_modified?: unknown;
  version?: unknown;
  event?: unknown;
  main_entity?: unknown;
  additional_entities?: unknown;
  is_part_of?: unknown;
  in_language?: unknown;
  image?: unknown;
  license?: unknown;
  visibility?: unknown;
  infoboxes?: Part[];
  article_sections?: Part[];
  references?: StructuredReference[];
}

/** Parsoid output (WME snapshots, `OKAPI_FETCH_HTML`), not HTML rendered from wikitext. */
const PARSOID = /typeof="mw:|data-mw=/;

/** Article fields a structured-contents object carries over unchanged. */
const CARRIED = [
  'name',
  'identifier',
  'abstract',
  'url',
  'date_created',
  'date_modified',
  'version',
  'event',
  'main_entity',
  'additional_entities',
  'is_part_of',
  'in_language',
  'image',
  'license',
  'visibility',
] as const;

interface WtfTemplateJson {
  template?: string;
  description?: string;
  [k: string]: unknown;
}
interface WtfReference {
  json(): Record<string, unknown>;
  text(): string;
}
interface WtfDoc {
  templates(): { json(): WtfTemplateJson }[];
  sections(): WtfSection[];
  infoboxes(): WtfInfobox[];
  references(): WtfReference[];
  sentences(): { text(): string }[];
}

function projectUrl(article: Record<string, unknown>): string {
  const part = article.is_part_of as { url?: string } | undefined;
  if (part?.url) return part.url;
  const url = typeof article.url === 'string' ? article.url : '';
  return url.includes('/wiki/') ? url.slice(0, url.indexOf('/wiki/')) : url;
}

function description(doc: WtfDoc): string | undefined {
  const t = doc
    .templates()
    .map((x) => x.json())
    .find((j) => (j.template ?? '').toLowerCase() === 'short description');
  const d = t?.description ?? (t?.['1'] as string | undefined);
  return d && d.toLowerCase() !== 'none' ? d : undefined;
}

function references(doc: WtfDoc): StructuredReference[] {
  return doc.references().map((r, i) => {
    const json = r.json();
    const metadata: Record<string, string> = {};
    for (const [k, v] of Object.entries(json))
      if (typeof v === 'string' && k !== 'template' && k !== 'type') metadata[k] = v;
    const value = (typeof json.title === 'string' ? json.title : r.text()).trim();
    const ref: StructuredReference = {
      identifier: `cite_note-${i + 1}`,
      type: typeof json.type === 'string' ? json.type : 'inline',
    };
    if (Object.keys(metadata).length) ref.metadata = metadata;
    if (value) ref.text = { value };
    return ref;
  });
}

/** Builds the structured-contents object of an Article (parsed WME JSON with wikitext). */
export function toStructuredContent(article: Record<string, unknown>): StructuredContent {
  const out: Record<string, unknown> = {};
  for (const k of CARRIED) if (article[k] !== undefined) out[k] = article[k];
  const wikitext = (article.article_body as { wikitext?: string } | undefined)?.wikitext;
  if (typeof wikitext !== 'string') return out;
  const doc = wtf(withCappedTemplateNesting(wikitext), {
    title: typeof article.name === 'string' ? article.name : '',
  }) as unknown as WtfDoc;
  const ctx: LinkContext = { projectUrl: projectUrl(article) };
  const sections = sectionParts(doc.sections(), ctx);
  const sc = out as StructuredContent;
  // WME's description: the page's (a local short description, else Wikidata's, as the Action
  // API's prop=description gives it for live ingest), else the wikitext's {{Short description}}.
  sc.description =
    typeof article.description === 'string' && article.description ? article.description : description(doc);
  if (!sc.abstract) {
    const lead = sections.find((s) => s.name === 'Abstract')?.has_parts?.find((p) => p.type === 'paragraph')?.value;
    if (lead) sc.abstract = lead;
  }
  // Parsoid HTML shows infoboxes as readers see them (displayed labels, images with sizes), as
  // WME derives them; wikitext alone gives template parameter names.
  const html = (article.article_body as { html?: string } | undefined)?.html;
  const fromHtml = html && PARSOID.test(html) ? infoboxesFromHtml(html, ctx) : undefined;
  sc.infoboxes = fromHtml ?? doc.infoboxes().map((b) => infoboxPart(b, ctx));
  sc.article_sections = sections;
  sc.references = references(doc);
  if (sc.description === undefined) delete sc.description;
  if (sc.infoboxes.length === 0) delete sc.infoboxes;
  if (sc.references.length === 0) delete sc.references;
  return sc;
}
