/**
 * wtf_wikipedia's parse tree -> WME structured-content parts (`Part`: type, name, value,
 * has_parts, links, images). Shapes follow the real response in WME's SDK
 * (`example/structured-contents/response_ii.json`): infobox > section > field, article_sections
 * as nested sections of paragraphs and lists, the lead section named "Abstract".
 */
export interface PartLink {
  url: string;
  text?: string;
  images?: PartImage[];
}
export interface PartImage {
  content_url: string;
  alternative_text?: string;
  height?: number;
  width?: number;
}
export interface Part {
  type: 'infobox' | 'section' | 'field' | 'paragraph' | 'list' | 'list_item' | 'image';
  name?: string;
  value?: string;
  has_parts?: Part[];
  links?: PartLink[];
  images?: PartImage[];
}

/** The bits of wtf_wikipedia's objects used here (its typings are loose). */
export interface WtfLinkJson {
  type?: string;
  page?: string;
  text?: string;
  site?: string;
}
interface WtfSentence {
  text(): string;
  links(): { json(): WtfLinkJson }[];
}
interface WtfParagraph {
  sentences(): WtfSentence[];
  lists(): { lines(): WtfSentence[] }[];
}
export interface WtfSection {
  title(): string;
  depth(): number;
  paragraphs(): WtfParagraph[];
}
export interface WtfInfobox {
  type(): string;
  keyValue(): Record<string, string>;
  json(): Record<string, { text?: string; links?: WtfLinkJson[] }>;
}

/** Where links point: internal ones to the article's own project. */
export interface LinkContext {
  /** e.g. https://en.wikipedia.org */
  readonly projectUrl: string;
}

export function linkOf(l: WtfLinkJson, ctx: LinkContext): PartLink | undefined {
  if (l.type === 'external' && l.site) return { url: l.site, text: l.text };
  if (!l.page) return undefined;
  return { url: `${ctx.projectUrl}/wiki/${encodeURI(l.page.replace(/ /g, '_'))}`, text: l.text ?? l.page };
}

function links(sentences: readonly WtfSentence[], ctx: LinkContext): PartLink[] | undefined {
  const out = sentences.flatMap((s) => s.links().map((l) => linkOf(l.json(), ctx))).filter((l): l is PartLink => !!l);
  return out.length ? out : undefined;
}

function part(p: Part): Part {
  // WME omits empty members.
  const kept = Object.entries(p).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0));
  return Object.fromEntries(kept) as Part;
}

function paragraphParts(p: WtfParagraph, ctx: LinkContext): Part[] {
  const sentences = p.sentences();
  const value = sentences
    .map((s) => s.text())
    .join(' ')
    .trim();
  const out: Part[] = value ? [part({ type: 'paragraph', value, links: links(sentences, ctx) })] : [];
  for (const list of p.lists()) {
    const items = list
      .lines()
      .map((line) => part({ type: 'list_item', value: line.text(), links: links([line], ctx) }));
    if (items.length) out.push({ type: 'list', has_parts: items });
  }
  return out;
}

/** Sections WME leaves out: they hold apparatus, not content. */
const SKIPPED =
  /^(references|notes|external links|see also|further reading|bibliography|sources|citations|footnotes|notes and references)$/i;

/** Nested sections by heading depth; the lead section becomes "Abstract". */
export function sectionParts(sections: readonly WtfSection[], ctx: LinkContext): Part[] {
  const root: Part[] = [];
  const stack: { depth: number; part: Part }[] = [];
  sections.forEach((s, i) => {
    const name = i === 0 && s.title() === '' ? 'Abstract' : s.title();
    if (SKIPPED.test(name)) return;
    const node = part({ type: 'section', name, has_parts: s.paragraphs().flatMap((p) => paragraphParts(p, ctx)) });
    while (stack.length && stack[stack.length - 1].depth >= s.depth()) stack.pop();
    const parent = stack.at(-1)?.part;
    if (parent) (parent.has_parts ??= []).push(node);
    else root.push(node);
    stack.push({ depth: s.depth(), part: node });
  });
  return root.filter((p) => p.has_parts?.length);
}

const IMAGE_FILE = /\.(jpe?g|png|gif|svg|tiff?|webp)$/i;

/** One infobox: a `section` of `field`s (wikitext has no header rows to group them by). */
export function infoboxPart(box: WtfInfobox, ctx: LinkContext): Part {
  const fields = Object.entries(box.json())
    .map(([name, v]) => {
      const value = (v.text ?? '').trim();
      const images = IMAGE_FILE.test(value)
        ? [
            {
              content_url: `https://commons.wikimedia.org/wiki/Special:FilePath/${encodeURI(value.replace(/ /g, '_'))}`,
            },
          ]
        : undefined;
      const ls = (v.links ?? []).map((l) => linkOf(l, ctx)).filter((l): l is PartLink => !!l);
      return part({ type: 'field', name: name.replace(/_/g, ' '), value, links: ls, images });
    })
    .filter((f) => f.value);
  const type = box.type();
  const name = /^infobox/i.test(type) ? type : `Infobox ${type}`;
  return part({ type: 'infobox', name, has_parts: [{ type: 'section', has_parts: fields }] });
}
