import { createHash } from 'node:crypto';
import { ArticleDocumentRow, sqlList, sqlLiteral, TABLES } from '@okapi/projections';
import { ClickHouseEngine } from './analytics';

/** Keys per statement: keeps its text far below max_query_size (256 KiB on 18.16). */
const KEYS_PER_STATEMENT = 2000;

/** What names a document: `article_documents` (wiki, page_id, version). */
export interface DocumentKey {
  readonly wiki: string;
  readonly page_id: number | string;
  readonly version: number | string;
}

/** An `article_documents` row as written: the document and the SHA-1 (hex) of its UTF-8 bytes. */
export interface StoredDocumentRow extends ArticleDocumentRow {
  readonly doc_sha1: string;
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
 * written after its stored row is deleted. Only keys up to the highest version stored when the
 * table was first read are looked up: past it (every batch of a projection that is not replaying)
 * each document is new and written without a query.
 */
export class DocumentReuse {
  private storedUpTo: number | undefined;

  constructor(private readonly engine: ClickHouseEngine) {}

  /** Forgets the highest stored version: the table was recreated or upgraded. */
  reset(): void {
    this.storedUpTo = undefined;
  }

  async toWrite(documents: readonly ArticleDocumentRow[]): Promise<StoredDocumentRow[]> {
    const rows = documents.map((d) => ({ ...d, doc_sha1: sha1Hex(d.doc) }));
    this.storedUpTo ??= await this.highestStored();
    const upTo = this.storedUpTo;
    const replayed = rows.filter((r) => r.version <= upTo);
    if (replayed.length === 0) return rows;
    const stored = await this.storedHashes(replayed);
    const changed: StoredDocumentRow[] = [];
    const toWrite = rows.filter((r) => {
      const hashes = stored.get(documentKey(r));
      if (hashes === undefined) return true;
      if (hashes.size === 1 && hashes.has(r.doc_sha1)) return false;
      changed.push(r);
      return true;
    });
    await deleteDocuments(this.engine, changed);
    return toWrite;
  }

  /**
   * For documents about to be built under these keys: a test telling those stored under their key
   * with the same bytes (SHA-1), which `toWrite` would leave out. Keys past the highest stored
   * version are not looked up (nothing is stored there) and nothing is hashed for them.
   */
  async storedTest(keys: readonly DocumentKey[]): Promise<(row: ArticleDocumentRow) => boolean> {
    this.storedUpTo ??= await this.highestStored();
    const upTo = this.storedUpTo;
    const replayed = keys.filter((k) => Number(k.version) <= upTo);
    if (replayed.length === 0) return () => false;
    const stored = await this.storedHashes(replayed);
    return (row) => {
      const hashes = stored.get(documentKey(row));
      return hashes !== undefined && hashes.size === 1 && hashes.has(sha1Hex(row.doc));
    };
  }

  private async highestStored(): Promise<number> {
    const rows = await this.engine.query<{ v: number | string }>(
      `SELECT max(version) AS v FROM ${TABLES.articleDocuments}`,
    );
    return Number(rows[0]?.v ?? 0);
  }

  /** The SHA-1s stored under each key (more than one only until a merge or a deletion ran). */
  private async storedHashes(keys: readonly DocumentKey[]): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>();
    for (let i = 0; i < keys.length; i += KEYS_PER_STATEMENT) {
      const found = await this.engine.query<DocumentKey & { doc_sha1: string }>(
        `SELECT wiki, page_id, version, doc_sha1 FROM ${TABLES.articleDocuments}
         WHERE ${documentKeysCondition(keys.slice(i, i + KEYS_PER_STATEMENT))}`,
      );
      for (const f of found) {
        const key = documentKey(f);
        const hashes = out.get(key) ?? new Set<string>();
        hashes.add(f.doc_sha1);
        out.set(key, hashes);
      }
    }
    return out;
  }
}

function sha1Hex(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}
