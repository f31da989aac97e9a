import { createHash } from 'node:crypto';
import { DOCUMENT_FORMAT_VERSION } from '@okapi/domain';
import {
  ArticleDocumentRow,
  NO_STORED_DOCUMENTS,
  sqlList,
  sqlLiteral,
  StoredDocuments,
  TABLES,
} from '@okapi/projections';
import { DERIVER_VERSION } from '../derivations/derivation-key';
import { ClickHouseEngine } from './analytics';

/**
 * What a document's bytes are a function of besides the events: the assembler's output
 * (DOCUMENT_FORMAT_VERSION) and the derived parts' (DERIVER_VERSION). Stored with each document.
 */
export const DOCUMENT_FORMAT = `article-${DOCUMENT_FORMAT_VERSION}/${DERIVER_VERSION}`;

/** Keys per statement: keeps its text far below max_query_size (256 KiB on 18.16). */
const KEYS_PER_STATEMENT = 2000;

/** What names a document: `article_documents` (wiki, page_id, version). */
export interface DocumentKey {
  readonly wiki: string;
  readonly page_id: number | string;
  readonly version: number | string;
}

/** An `article_documents` row as written: the document, the SHA-1 (hex) of its UTF-8 bytes, its format. */
export interface StoredDocumentRow extends ArticleDocumentRow {
  readonly doc_sha1: string;
  readonly doc_format: string;
}

/** What is stored under one key: more than one row only until a merge or a deletion ran. */
interface Held {
  readonly hashes: Set<string>;
  /** The event type of a row in DOCUMENT_FORMAT, if any. */
  current?: string;
}

export function documentKey(r: DocumentKey): string {
  return `${r.wiki}\u0000${Number(r.page_id)}\u0000${Number(r.version)}`;
}

/**
 * A WHERE condition matching exactly these keys, read through the table's index (ordered by
 * them): the wiki and page conditions narrow the granules, which a tuple IN alone does not on 18.16.
 */
export function documentKeysCondition(keys: readonly DocumentKey[]): string {
  const wikis = [...new Set(keys.map((k) => k.wiki))];
  const pages = [...new Set(keys.map((k) => Number(k.page_id)))];
  const tuples = keys.map(
    (k) => `(${sqlLiteral(k.wiki)}, ${sqlLiteral(Number(k.page_id))}, ${sqlLiteral(Number(k.version))})`,
  );
  return `wiki IN ${sqlList(wikis)} AND page_id IN (${pages.join(', ')}) AND (wiki, page_id, version) IN (${tuples.join(', ')})`;
}

/**
 * Deletes the documents of these keys. A mutation (ALTER TABLE ... DELETE, the only DELETE
 * ClickHouse 18.16 has) runs in the background and touches only the rows stored before it was
 * issued: a document written right after it stays.
 */
export async function deleteDocuments(engine: ClickHouseEngine, keys: readonly DocumentKey[]): Promise<void> {
  for (let i = 0; i < keys.length; i += KEYS_PER_STATEMENT)
    await engine.exec(
      `ALTER TABLE ${TABLES.articleDocuments} DELETE WHERE ${documentKeysCondition(keys.slice(i, i + KEYS_PER_STATEMENT))}`,
    );
}

/**
 * Which of a batch's documents to write. A document is the Article of the event at offset
 * `version`, so its key names one event; `article_documents` outlives `okapi project --rebuild`,
 * which regenerates every document from the events: one whose bytes are already stored under its
 * key (same SHA-1) is not written again, one whose bytes differ (the assembler changed since) is
 * written after its stored row is deleted. A document stored in DOCUMENT_FORMAT is not built at
 * all (StoredDocuments.currentFormat); one with the same bytes in an older format is written again
 * in this one (the rows merge away), so the next rebuild skips it. Only keys up to the highest
 * version stored when the table was first read are looked up: past it (every batch of a projection
 * that is not replaying) each document is new and written without a query.
 */
export class DocumentReuse {
  private storedUpTo: number | undefined;

  constructor(private readonly engine: ClickHouseEngine) {}

  /** Forgets the highest stored version: the table was recreated or upgraded. */
  reset(): void {
    this.storedUpTo = undefined;
  }

  /**
   * The rows to insert for a batch's documents, none of which `stored` (this class's answer for
   * their keys, when the batch was folded) holds with the same bytes in DOCUMENT_FORMAT. Those
   * it holds with other bytes are deleted first; nothing is asked of the engine again.
   */
  async toWrite(documents: readonly ArticleDocumentRow[], stored: StoredDocuments): Promise<StoredDocumentRow[]> {
    await deleteDocuments(
      this.engine,
      documents.filter((d) => stored.replaces(d)),
    );
    return documents.map((d) => ({ ...d, doc_sha1: sha1Hex(d.doc), doc_format: DOCUMENT_FORMAT }));
  }

  /**
   * For documents about to be built under these keys: those stored in DOCUMENT_FORMAT (not to be
   * built), those stored with the same bytes in it (not to be written), and those stored with other
   * bytes (to be replaced). Keys past the highest stored version are not looked up (nothing is
   * stored there).
   */
  async stored(keys: readonly DocumentKey[]): Promise<StoredDocuments> {
    this.storedUpTo ??= await this.highestStored();
    const upTo = this.storedUpTo;
    const replayed = keys.filter((k) => Number(k.version) <= upTo);
    if (replayed.length === 0) return NO_STORED_DOCUMENTS;
    const stored = await this.storedHashes(replayed);
    return {
      currentFormat: (key) => {
        const held = stored.get(documentKey(key));
        return held && held.hashes.size === 1 ? held.current : undefined;
      },
      holds: (row) => {
        const held = stored.get(documentKey(row));
        return held !== undefined && held.current !== undefined && sameBytes(held, sha1Hex(row.doc));
      },
      replaces: (row) => {
        const held = stored.get(documentKey(row));
        return held !== undefined && !sameBytes(held, sha1Hex(row.doc));
      },
    };
  }

  private async highestStored(): Promise<number> {
    const rows = await this.engine.query<{ v: number | string }>(
      `SELECT max(version) AS v FROM ${TABLES.articleDocuments}`,
    );
    return Number(rows[0]?.v ?? 0);
  }

  /** What is stored under each key: SHA-1s, and the event type of a row in the current format. */
  private async storedHashes(keys: readonly DocumentKey[]): Promise<Map<string, Held>> {
    const out = new Map<string, Held>();
    for (let i = 0; i < keys.length; i += KEYS_PER_STATEMENT) {
      const found = await this.engine.query<DocumentKey & { doc_sha1: string; doc_format: string; event_type: string }>(
        `SELECT wiki, page_id, version, doc_sha1, doc_format, event_type FROM ${TABLES.articleDocuments}
         WHERE ${documentKeysCondition(keys.slice(i, i + KEYS_PER_STATEMENT))}`,
      );
      for (const f of found) {
        const key = documentKey(f);
        const held = out.get(key) ?? { hashes: new Set<string>() };
        held.hashes.add(f.doc_sha1);
        if (f.doc_format === DOCUMENT_FORMAT) held.current = f.event_type;
        out.set(key, held);
      }
    }
    return out;
  }
}

/** One document stored under the key, with these bytes. */
function sameBytes(held: Held, sha1: string): boolean {
  return held.hashes.size === 1 && held.hashes.has(sha1);
}

function sha1Hex(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}
