import type { ConsoleRevision, Rates } from '@okapi/console-contract';
import { fromClickHouseDateTime } from '@okapi/projections';

/** A `revisions` row as the console queries select it (UInt64 arrive as numbers or text). */
export interface RevisionRow {
  readonly wiki: string;
  readonly namespace: number;
  readonly page_id: number | string;
  readonly title: string;
  readonly revision_id: number | string;
  readonly parent_id: number | string;
  readonly timestamp_ms: number | string;
  readonly editor_name: string;
  readonly editor_is_anonymous: number;
  readonly editor_is_bot: number;
  readonly comment: string;
  readonly minor: number;
  /** null when unknown (Nullable columns). */
  readonly size: number | string | null;
  readonly delta: number | string | null;
  readonly score: number;
  readonly score_model: string;
  readonly score_reasons: readonly string[];
  readonly flag: string;
  readonly reverted: number;
  readonly reverted_by: number | string;
  readonly reverted_at: string;
  readonly reverting: number;
  readonly restored_revision_id: number | string;
  readonly text_visible: number;
  readonly editor_visible: number;
  readonly comment_visible: number;
}

export function toConsoleRevision(r: RevisionRow): ConsoleRevision {
  const parent = Number(r.parent_id);
  return {
    wiki: r.wiki,
    namespace: r.namespace,
    page_id: Number(r.page_id),
    title: r.title,
    revision_id: Number(r.revision_id),
    ...(parent > 0 ? { parent_id: parent } : {}),
    timestamp: new Date(Number(r.timestamp_ms)).toISOString(),
    editor: {
      ...(r.editor_name ? { name: r.editor_name } : {}),
      is_anonymous: r.editor_is_anonymous === 1,
      is_bot: r.editor_is_bot === 1,
    },
    ...(r.comment ? { comment: r.comment } : {}),
    is_minor_edit: r.minor === 1,
    ...(r.size === null ? {} : { size: Number(r.size) }),
    ...(r.delta === null ? {} : { delta: Number(r.delta) }),
    score: { probability: r.score, model: r.score_model, reasons: r.score_reasons },
    flag: r.flag,
    ...(r.reverted === 1
      ? {
          reverted_by: {
            revision_id: Number(r.reverted_by),
            timestamp: fromClickHouseDateTime(r.reverted_at),
          },
        }
      : {}),
    ...(r.reverting === 1 ? { restores_revision_id: Number(r.restored_revision_id) } : {}),
    visibility: {
      text: r.text_visible === 1,
      editor: r.editor_visible === 1,
      comment: r.comment_visible === 1,
    },
  };
}

export interface RateRow {
  readonly wiki: string;
  readonly minute_ms: number | string;
  readonly edits: number | string;
  readonly flagged: number | string;
}

/** Rates as series: one list of minutes, and per wiki one count per minute (0 where none). */
export function toRates(rows: readonly RateRow[], fromMs: number, toMs: number): Rates {
  const minutes: number[] = [];
  for (let m = fromMs; m < toMs; m += 60_000) minutes.push(m);
  const index = new Map(minutes.map((m, i) => [m, i]));
  const byWiki = new Map<string, { wiki: string; edits: number[]; flagged: number[] }>();
  for (const r of rows) {
    const i = index.get(Number(r.minute_ms));
    if (i === undefined) continue;
    let series = byWiki.get(r.wiki);
    if (!series) {
      series = { wiki: r.wiki, edits: minutes.map(() => 0), flagged: minutes.map(() => 0) };
      byWiki.set(r.wiki, series);
    }
    series.edits[i] = Number(r.edits);
    series.flagged[i] = Number(r.flagged);
  }
  return {
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    minutes,
    wikis: [...byWiki.values()].sort((a, b) => a.wiki.localeCompare(b.wiki)),
  };
}
