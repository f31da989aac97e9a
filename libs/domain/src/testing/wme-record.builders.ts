/**
 * Test helper: a real WME Article record (from a snapshot/on-demand response) -> the
 * RecordRevision a snapshot importer would issue for it. Shared by the mapping specs so the
 * round trip "WME record -> command -> events -> Article" is checked on real data.
 */
import { RecordRevision } from '../commands/page.commands';
import { Enrichment } from '../events/page.events';
import { ArticleEditor } from '../wme/article-types';
import { enrichmentFromWme } from '../wme/wme-enrichment';

/** The parts of a WME Article this helper reads (loosely typed: it is parsed JSON). */
export interface WmeRecord {
  name: string;
  identifier: number;
  abstract?: string;
  date_created?: string;
  date_modified: string;
  date_previously_modified?: string;
  protection?: { type: string; level: string; expiry: string }[];
  version: {
    identifier: number;
    comment?: string;
    tags?: string[];
    is_minor_edit?: boolean;
    has_tag_needs_citation?: boolean;
    scores?: Record<string, unknown>;
    editor?: ArticleEditor;
    number_of_characters?: number;
    size?: { value: number; unit_text: string };
  };
  previous_version?: { identifier: number; number_of_characters?: number };
  watchers_count?: number;
  namespace: { identifier: number };
  main_entity?: { identifier: string; url: string };
  additional_entities?: { identifier: string; url: string; aspects?: string[] }[];
  categories?: { name: string; url: string }[];
  templates?: { name: string; url: string }[];
  redirects?: { name: string; url: string }[];
  is_part_of: { identifier: string };
  article_body?: { html?: string; wikitext?: string };
  license?: { identifier: string; name: string; url: string }[];
  event?: { date_created?: string };
  image?: Record<string, unknown>;
}

export function recordRevisionFromWme(
  a: WmeRecord,
  receivedAt = a.event?.date_created ?? a.date_modified,
): RecordRevision {
  const v = a.version;
  const e = v.editor ?? {};
  const text = a.article_body?.wikitext;
  const enrichment: Enrichment = enrichmentFromWme(a);
  return {
    type: 'RecordRevision',
    wiki: a.is_part_of.identifier,
    pageId: a.identifier,
    namespace: a.namespace.identifier,
    title: a.name,
    revisionId: v.identifier,
    parentId: a.previous_version?.identifier,
    timestamp: a.date_modified,
    editor: {
      id: e.identifier,
      name: e.name,
      isBot: e.is_bot ?? false,
      isAnonymous: e.is_anonymous ?? false,
      groups: e.groups,
      editCount: e.edit_count,
      registeredAt: e.date_started,
    },
    comment: v.comment,
    minor: v.is_minor_edit ?? false,
    tags: v.tags,
    size: v.size?.value ?? (text !== undefined ? new TextEncoder().encode(text).length : undefined),
    text,
    html: a.article_body?.html,
    enrichment: Object.fromEntries(Object.entries(enrichment).filter(([, x]) => x !== undefined)),
    source: 'snapshot',
    receivedAt,
  };
}
