import { readFileSync } from 'node:fs';
import { must } from '@okapi/domain';

/**
 * What a MediaWiki XML dump holds of a page, read independently of Okapi's importer (a few
 * regular expressions suffice for the small real dumps in ../shared/data/xml), in WME's shape.
 */
export interface DumpRevision {
  readonly id: number;
  readonly parentId?: number;
  readonly timestamp: string;
  readonly user?: { name: string; id?: number };
  readonly ip?: string;
  readonly minor: boolean;
  readonly comment?: string;
  readonly text: string;
  readonly bytes: number;
}

export interface DumpPage {
  readonly wiki: string;
  readonly title: string;
  readonly ns: number;
  readonly id: number;
  readonly revisions: readonly DumpRevision[];
}

const unescape = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#039;/g, "'")
    .replace(/&amp;/g, '&');
const tag = (xml: string, name: string): string | undefined => {
  const m = new RegExp(`<${name}(?: [^>]*)?>([\\s\\S]*?)</${name}>`).exec(xml);
  return m ? unescape(m[1]) : undefined;
};

export function readDump(file: string): DumpPage[] {
  const xml = readFileSync(file, 'utf8');
  const wiki = must(tag(xml, 'dbname'), '<dbname>');
  return [...xml.matchAll(/<page>([\s\S]*?)<\/page>/g)].map(([, page]) => ({
    wiki,
    title: must(tag(page, 'title'), '<title>'),
    ns: Number(tag(page, 'ns')),
    id: Number(tag(page, 'id')),
    revisions: [...page.matchAll(/<revision>([\s\S]*?)<\/revision>/g)].map(([, rev]) => {
      const contributor = tag(rev, 'contributor') ?? '';
      const username = tag(contributor, 'username');
      const text = tag(rev, 'text') ?? '';
      return {
        id: Number(tag(rev, 'id')),
        parentId: tag(rev, 'parentid') ? Number(tag(rev, 'parentid')) : undefined,
        timestamp: must(tag(rev, 'timestamp'), '<timestamp>'),
        user: username ? { name: username, id: Number(tag(contributor, 'id')) } : undefined,
        ip: tag(contributor, 'ip'),
        minor: /<minor\s*\/>/.test(rev),
        comment: tag(rev, 'comment'),
        text,
        bytes: Number(/<text[^>]*bytes="(\d+)"/.exec(rev)?.[1] ?? Buffer.byteLength(text)),
      };
    }),
  }));
}

const codePoints = (s: string): number => Array.from(s).length;

/** The WME Article fields a dump page's latest revision determines. */
export function expectedFromDump(page: DumpPage, projectUrl: string, language: string): Record<string, unknown> {
  const revs = [...page.revisions].sort((a, b) => a.timestamp.localeCompare(b.timestamp) || a.id - b.id);
  const last = revs[revs.length - 1];
  const prev = revs.at(-2);
  const first = revs[0];
  const editor = last.user ? { identifier: last.user.id, name: last.user.name } : { name: last.ip, is_anonymous: true };
  return {
    name: page.title,
    identifier: page.id,
    date_created: first.parentId === undefined ? first.timestamp : undefined,
    date_modified: last.timestamp,
    date_previously_modified: prev?.timestamp,
    version: {
      identifier: last.id,
      comment: last.comment,
      is_minor_edit: last.minor || undefined,
      editor,
      number_of_characters: codePoints(last.text),
      size: { value: last.bytes, unit_text: 'B' },
    },
    previous_version: prev
      ? { identifier: prev.id, number_of_characters: codePoints(prev.text) }
      : last.parentId
        ? { identifier: last.parentId }
        : undefined,
    url: `${projectUrl}/wiki/${page.title.replace(/ /g, '_')}`, // raw Unicode, as WME writes URLs
    namespace: { identifier: page.ns },
    in_language: { identifier: language },
    is_part_of: { identifier: page.wiki, url: projectUrl },
  };
}
