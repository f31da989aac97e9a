import { createHash } from 'node:crypto';
import { wikiDomain } from '@okapi/domain';
import { PageChangeEvent, PageChangeKind, PageChangeUser } from '../page-change/page-change-types';
import { Prng } from './prng';
import { WikitextCorpus } from './wikitext-corpus';

export interface GeneratorOptions {
  readonly wikis: readonly string[];
  /** Namespaces to draw from (default: Wikipedia's mix of 0, 1, 2, 3, 4, 10, 14). */
  readonly namespaces?: readonly number[];
  /** Distinct pages per wiki (default 1 000): edits revisit pages, so reverts can happen. */
  readonly pagesPerWiki?: number;
  /** Share of edits that look like vandalism (default 0.05). */
  readonly vandalShare?: number;
  /** Chance a vandalised page's next edit reverts it exactly (default 0.7). */
  readonly revertShare?: number;
  readonly seed?: number;
  /** First revision id (default 1 000 000 000); ids then increase by one. */
  readonly firstRevisionId?: number;
  /** Wiki-side time of the first change, ms (default 2026-01-01); later ones follow `intervalMs`. */
  readonly startTimeMs?: number;
  readonly intervalMs?: number;
}

/** One synthetic change: the EventStreams event and, for create/edit, the revision's text. */
export interface GeneratedChange {
  readonly event: PageChangeEvent;
  readonly text?: string;
}

interface PageSim {
  title: string;
  namespace: number;
  revisionId?: number;
  text?: string;
  /** Last good text before a vandal edit, for an exact (identity) revert. */
  goodText?: string;
  deleted: boolean;
  /**
   * The size the page was created with (log-normal): each edit's size is drawn around it, not
   * around the previous edit's, so the sizes of a long run stay those of a fresh one.
   */
  readonly size: number;
  offset: number;
}

/** Where and when the next change happens: a page of a wiki, at a wiki time. */
interface Slot {
  readonly wiki: string;
  readonly pageId: number;
  readonly page: PageSim;
  readonly dt: string;
}

// Wikipedia-like namespace mix: mostly articles, then user/talk pages (weights sum to 100).
/**
 * Synthetic ids live far above real ones (enwiki page ids are < 10^8, revision ids ~1.3 * 10^9), so
 * `generator:enwiki` next to a real enwiki import never writes into a real page's stream.
 */
export const SYNTHETIC_PAGE_ID_BASE = 2_000_000_000;
export const SYNTHETIC_REVISION_ID_BASE = 9_000_000_000;

const NAMESPACE_WEIGHTS: readonly [number, number][] = [
  [0, 62],
  [1, 8],
  [2, 10],
  [3, 9],
  [4, 4],
  [10, 3],
  [14, 4],
];
const PREFIX: Readonly<Record<number, string>> = {
  1: 'Talk:',
  2: 'User:',
  3: 'User talk:',
  4: 'Wikipedia:',
  10: 'Template:',
  14: 'Category:',
};
const VANDAL_TEXT = ['lol', 'poop', 'IS SO STUPID!!!!', 'hahahaha', 'u suck', 'JOHN WAS HERE'];
const USERS: readonly PageChangeUser[] = [
  {
    user_id: 1001,
    user_text: 'Rosiestep',
    groups: ['*', 'user', 'autoconfirmed', 'extendedconfirmed'],
    is_bot: false,
    edit_count: 120_000,
    registration_dt: '2007-03-01T00:00:00Z',
  },
  {
    user_id: 1002,
    user_text: 'Citation bot',
    groups: ['*', 'user', 'bot'],
    is_bot: true,
    edit_count: 5_000_000,
    registration_dt: '2008-06-01T00:00:00Z',
  },
  {
    user_id: 1003,
    user_text: 'Newbie2026',
    groups: ['*', 'user'],
    is_bot: false,
    edit_count: 3,
    registration_dt: '2026-01-01T00:00:00Z',
  },
  { user_text: '203.0.113.7', groups: ['*'], is_bot: false },
];

/**
 * A deterministic synthetic wiki: page_change events with Wikipedia-like page sizes (log-normal,
 * median ~4 KB, long tail), a namespace mix, a share of vandal-like edits and exact reverts, and
 * occasional moves, deletes, undeletes and visibility changes. Same seed, same stream.
 */
export class SyntheticWikiGenerator {
  private readonly rng: Prng;
  private readonly corpus: WikitextCorpus;
  private readonly pages = new Map<string, PageSim>();
  private nextRevisionId: number;
  private n = 0;

  constructor(private readonly options: GeneratorOptions) {
    if (options.wikis.length === 0) throw new Error('generator needs at least one wiki');
    const seed = options.seed ?? 42;
    this.rng = new Prng(seed);
    this.corpus = new WikitextCorpus(seed);
    this.nextRevisionId = options.firstRevisionId ?? SYNTHETIC_REVISION_ID_BASE;
  }

  next(): GeneratedChange {
    const wiki = this.rng.pick(this.options.wikis);
    const pageId = SYNTHETIC_PAGE_ID_BASE + 1 + this.rng.int(this.options.pagesPerWiki ?? 1000);
    const key = `${wiki}:${pageId}`;
    const dt = new Date(
      (this.options.startTimeMs ?? Date.parse('2026-01-01T00:00:00Z')) + this.n++ * (this.options.intervalMs ?? 100),
    ).toISOString();
    const page = this.pages.get(key);
    if (!page) return this.create(wiki, pageId, key, dt);
    const kind = this.kindFor(page);
    const at: Slot = { wiki, pageId, page, dt };
    return kind === 'edit' ? this.edit(at) : this.other(kind, at);
  }

  private kindFor(page: PageSim): PageChangeKind {
    if (page.deleted) return 'undelete';
    const r = this.rng.next();
    if (r < 0.005) return 'delete';
    if (r < 0.015) return 'move';
    if (r < 0.02) return 'visibility_change';
    return 'edit';
  }

  private create(wiki: string, pageId: number, key: string, dt: string): GeneratedChange {
    const namespace = this.namespace();
    const title = `${PREFIX[namespace] ?? ''}Synthetic page ${pageId}`;
    const size = Math.min(250_000, Math.max(120, Math.round(this.rng.logNormal(4000, 1.1))));
    const page: PageSim = { title, namespace, deleted: false, size, offset: this.rng.int(1 << 20) };
    this.pages.set(key, page);
    const text = this.corpus.text(title, size, page.offset);
    return this.revision('create', { wiki, pageId, page, dt }, text);
  }

  private edit(at: Slot): GeneratedChange {
    const page = at.page;
    if (page.goodText !== undefined && this.rng.chance(this.options.revertShare ?? 0.7)) {
      const text = page.goodText;
      page.goodText = undefined;
      return this.revision('edit', at, text, 'Undid vandalism');
    }
    if (this.rng.chance(this.options.vandalShare ?? 0.05)) {
      page.goodText = page.text;
      const junk = Array.from({ length: 1 + this.rng.int(5) }, () => this.rng.pick(VANDAL_TEXT)).join(' ');
      const text = this.rng.chance(0.3)
        ? junk
        : `${(page.text ?? '').slice(0, this.rng.int((page.text ?? '').length))} ${junk}`;
      return this.revision('edit', at, text, '', USERS[3]);
    }
    page.goodText = undefined;
    // -10 % to +15 % of the created size. Compounding that on the previous edit's size drifted
    // upward (mean log-step +0.022): at 200 edits/s over 1,000 pages the mean text grew 8 KB ->
    // 70 KB in 10 minutes, capped only by the corpus, and every per-revision cost with it.
    const size = Math.max(120, Math.round(page.size * (0.9 + this.rng.next() * 0.25)));
    page.offset += 1 + this.rng.int(400);
    return this.revision('edit', at, this.corpus.text(page.title, size, page.offset), 'copyedit');
  }

  private other(kind: PageChangeKind, at: Slot): GeneratedChange {
    const page = at.page;
    if (kind === 'delete') page.deleted = true;
    if (kind === 'undelete') page.deleted = false;
    const prior = { page: { page_title: page.title.replace(/ /g, '_'), namespace_id: page.namespace } };
    if (kind === 'move') page.title = `${page.title} (moved ${this.n})`;
    const event = this.envelope(kind, at, page.text ?? '', this.rng.pick(USERS));
    const withVisibility =
      kind === 'visibility_change' ? { ...event, revision: { ...event.revision, is_comment_visible: false } } : event;
    return { event: kind === 'move' ? { ...withVisibility, prior_state: prior } : withVisibility };
  }

  private revision(
    kind: PageChangeKind,
    at: Slot,
    text: string,
    comment = 'new page',
    editor?: PageChangeUser,
  ): GeneratedChange {
    const page = at.page;
    const parent = page.revisionId;
    page.revisionId = this.nextRevisionId++;
    page.text = text;
    const event = this.envelope(kind, at, text, editor ?? this.rng.pick(USERS.slice(0, 3)), comment, parent);
    return { event, text };
  }

  private envelope(
    kind: PageChangeKind,
    { wiki, pageId, page, dt }: Slot,
    text: string,
    editor: PageChangeUser,
    comment = '',
    parent?: number,
  ): PageChangeEvent {
    const domain = wikiDomain(wiki).domain;
    const sha1 = BigInt(`0x${createHash('sha1').update(text).digest('hex')}`)
      .toString(36)
      .padStart(31, '0');
    const size = Buffer.byteLength(text);
    return {
      $schema: '/mediawiki/page/change/1.2.0',
      changelog_kind: kind === 'create' || kind === 'undelete' ? 'insert' : kind === 'delete' ? 'delete' : 'update',
      page_change_kind: kind,
      dt,
      wiki_id: wiki,
      meta: {
        stream: 'mediawiki.page_change.v1',
        domain,
        dt,
        id: `gen-${this.n}`,
        uri: `https://${domain}/wiki/${page.title.replace(/ /g, '_')}`,
      },
      page: {
        page_id: pageId,
        page_title: page.title.replace(/ /g, '_'),
        namespace_id: page.namespace,
        is_redirect: false,
      },
      performer: editor,
      revision: {
        rev_id: page.revisionId ?? 0,
        rev_dt: dt,
        ...(parent ? { rev_parent_id: parent } : {}),
        rev_sha1: sha1,
        rev_size: size,
        is_minor_edit: false,
        comment,
        editor,
        is_content_visible: true,
        is_editor_visible: true,
        is_comment_visible: true,
        content_slots: {
          main: { content_model: 'wikitext', content_format: 'text/x-wiki', content_sha1: sha1, content_size: size },
        },
      },
    };
  }

  private namespace(): number {
    const allowed = this.options.namespaces;
    if (allowed?.length) return this.rng.pick(allowed);
    let r = this.rng.int(100);
    for (const [ns, w] of NAMESPACE_WEIGHTS) if ((r -= w) < 0) return ns;
    return 0;
  }
}
