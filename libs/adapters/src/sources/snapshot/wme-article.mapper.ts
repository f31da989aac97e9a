import { Article, Editor, enrichmentFromWme, RecordRevision } from '@okapi/domain';
import { createHash } from 'node:crypto';

/** A snapshot line that is not a usable WME Article; reported with file and line, then skipped. */
export class InvalidArticle extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidArticle';
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * One WME Article (snapshot / batch / on-demand line) -> RecordRevision of its version.
 * `date_modified` is the revision timestamp (WME sets it from the revision); `event.date_created`
 * is when WME processed it, so it is not used. Fields Okapi does not derive itself (abstract,
 * categories, scores, ...) travel verbatim in `enrichment`.
 */
export function articleToRecordRevision(line: string, receivedAt: string): RecordRevision {
  let a: Article;
  try {
    a = JSON.parse(line) as Article;
  } catch (e) {
    throw new InvalidArticle(`invalid JSON: ${(e as Error).message}`);
  }
  check(a);
  const v = a.version;
  const text = a.article_body?.wikitext;
  // No size and no text: unknown, not 0.
  const size = v.size?.value ?? (text !== undefined ? Buffer.byteLength(text) : undefined);
  return {
    type: 'RecordRevision',
    wiki: a.is_part_of.identifier,
    pageId: a.identifier,
    source: 'snapshot',
    receivedAt,
    namespace: a.namespace.identifier,
    title: a.name,
    revisionId: v.identifier,
    ...(a.previous_version?.identifier ? { parentId: a.previous_version.identifier } : {}),
    timestamp: a.date_modified,
    editor: editorOf(v.editor),
    ...(v.comment !== undefined ? { comment: v.comment } : {}),
    minor: v.is_minor_edit ?? false,
    ...(v.tags?.length ? { tags: v.tags } : {}),
    // MediaWiki's base-36 SHA-1 of the wikitext, so identity reverts match other sources.
    ...(text !== undefined
      ? { sha1: sha1Base36(text), contentModel: 'wikitext', contentFormat: 'text/x-wiki', text }
      : {}),
    ...(size !== undefined && size >= 0 ? { size } : {}),
    ...(a.article_body?.html !== undefined ? { html: a.article_body.html } : {}),
    ...(a.visibility
      ? { visibility: { text: a.visibility.text, editor: a.visibility.editor, comment: a.visibility.comment } }
      : {}),
    enrichment: enrichmentFromWme(a),
  };
}

function check(a: unknown): asserts a is Article & { date_modified: string } {
  if (!isObj(a)) throw new InvalidArticle('line is not a JSON object');
  const problems: string[] = [];
  if (typeof a.name !== 'string' || a.name === '') problems.push('name missing');
  if (!Number.isSafeInteger(a.identifier) || (a.identifier as number) <= 0) problems.push('identifier missing');
  if (!isObj(a.version) || !Number.isSafeInteger(a.version.identifier)) problems.push('version.identifier missing');
  if (
    !isObj(a.is_part_of) ||
    typeof a.is_part_of.identifier !== 'string' ||
    !/^[a-z0-9_]+$/.test(a.is_part_of.identifier)
  )
    problems.push('is_part_of.identifier missing');
  if (!isObj(a.namespace) || !Number.isSafeInteger(a.namespace.identifier))
    problems.push('namespace.identifier missing');
  if (typeof a.date_modified !== 'string' || Number.isNaN(Date.parse(a.date_modified)))
    problems.push('date_modified missing or not a date');
  if (problems.length) throw new InvalidArticle(problems.join('; '));
}

function editorOf(e: Article['version']['editor']): Editor {
  if (!e) return { isAnonymous: false, isBot: false };
  return {
    ...(e.identifier ? { id: e.identifier } : {}),
    ...(e.name !== undefined ? { name: e.name } : {}),
    isAnonymous: e.is_anonymous ?? !e.identifier,
    isBot: e.is_bot ?? false,
    ...(e.groups ? { groups: e.groups } : {}),
    ...(e.edit_count !== undefined ? { editCount: e.edit_count } : {}),
    ...(e.date_started ? { registeredAt: e.date_started } : {}),
  };
}

function sha1Base36(text: string): string {
  return BigInt(`0x${createHash('sha1').update(text).digest('hex')}`)
    .toString(36)
    .padStart(31, '0');
}
