import { StringDecoder } from 'node:string_decoder';
import {
  decide,
  editorKey,
  evolve,
  handSetScore,
  initialPageState,
  LabelledRevision,
  PageState,
  RecordRevision,
  RevertRecord,
  revertRiskFeatures,
} from '@okapi/domain';
import { MediaWikiDumpParser, openDumpInput } from '@okapi/adapters/sources/dump';

/** One revision as the evaluation sees it: what the domain decided, and the features it used. */
export interface ReplayedRevision extends LabelledRevision {
  readonly pageKey: string;
  readonly anonymous: boolean;
  /** The default scorer's probability, from the RevisionCreated event `decide` emitted. */
  readonly learned: number;
  /** The hand-set v1 model's probability, through the same `decide` with its scorer. */
  readonly handSet: number;
  readonly features: Float64Array;
}

export interface Replay {
  readonly wiki: string;
  readonly revisions: ReplayedRevision[];
  readonly reverts: RevertRecord[];
  readonly xmlBytes: number;
  readonly seconds: number;
}

export interface ReplayOptions {
  readonly wiki?: string;
  /** Stop after this many revisions (a bounded excerpt of a long history). */
  readonly limit?: number;
  readonly onProgress?: (revisions: number, xmlBytes: number) => void;
}

/**
 * Streams a MediaWiki history dump through the page decider, in memory (no event store: the same
 * `decide`/`evolve` the importer runs, without the disk). Memory holds one page state (its current
 * text) and the parsed revisions not yet decided (at most ~8 MB of text), plus a row of numbers per
 * revision; never the dump.
 */
export async function replayHistory(file: string, options: ReplayOptions = {}): Promise<Replay> {
  const started = performance.now();
  const input = await openDumpInput(file);
  const states = new Map<string, PageState>();
  const out: ReplayedRevision[] = [];
  const reverts: RevertRecord[] = [];
  const limit = options.limit ?? Infinity;
  let wiki = options.wiki ?? '';
  const parser = new MediaWikiDumpParser({
    file,
    receivedAt: '1970-01-01T00:00:00.000Z',
    wiki: options.wiki,
    maxPendingTextBytes: 8 << 20,
    onSiteInfo: (s) => (wiki = s.wiki),
    onRevisions: (commands, complete) => {
      for (const c of commands) if (out.length < limit) replayOne(c, states, out, reverts);
      // A dump brings each page once: a finished page's state (its current text) can go.
      if (complete && commands.length > 0) states.delete(`${commands[0].wiki}/${commands[0].pageId}`);
    },
  });
  let xmlBytes = 0;
  const text = new StringDecoder('utf8');
  for await (const chunk of input.chunks) {
    xmlBytes += chunk.length;
    parser.write(text.write(chunk));
    options.onProgress?.(out.length, xmlBytes);
    if (out.length >= limit) break;
  }
  if (out.length < limit) {
    parser.write(text.end());
    parser.end();
  }
  return { wiki, revisions: out, reverts, xmlBytes, seconds: (performance.now() - started) / 1000 };
}

function replayOne(
  c: RecordRevision,
  states: Map<string, PageState>,
  out: ReplayedRevision[],
  reverts: RevertRecord[],
) {
  const pageKey = `${c.wiki}/${c.pageId}`;
  const state = states.get(pageKey) ?? initialPageState();
  const events = decide(c, state);
  if (events.length === 0) return; // already recorded (a dump repeating a revision)
  const handSet = decide(c, state, { scorer: handSetScore });
  const created = events.find((e) => e.type === 'RevisionCreated');
  const handCreated = handSet.find((e) => e.type === 'RevisionCreated');
  const reverted = events.find((e) => e.type === 'RevisionsReverted')?.data;
  if (!created || !handCreated) return;
  const revert = reverted && {
    restoredRevisionId: reverted.restoredRevisionId,
    revertedRevisionIds: reverted.revertedRevisionIds,
  };
  out.push({
    pageKey,
    revisionId: c.revisionId,
    at: Date.parse(c.timestamp),
    editor: editorKey(c.editor),
    anonymous: c.editor.isAnonymous,
    isNull: c.sha1 !== undefined && state.current?.sha1 === c.sha1,
    textHidden: c.visibility?.text === false,
    learned: created.data.score.probability,
    handSet: handCreated.data.score.probability,
    features: revertRiskFeatures(state, c, revert),
  });
  if (reverted) reverts.push(reverted);
  states.set(pageKey, events.reduce(evolve, state));
}
