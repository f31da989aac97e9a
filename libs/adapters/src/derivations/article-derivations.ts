import { DerivedContent, DeriveContext, DeriveInput, must } from '@okapi/domain';
import { DerivationResolver, ResolvedDerivations } from '@okapi/projections';
import { LRUCache } from 'lru-cache';
import type { DerivationPool } from '../wikitext/derivation-pool';
import { derivationKey } from './derivation-key';
import { DerivationStore, isDerivationFailure, StoredDerivation } from './derivation.store';

type Derive = (wikitext: string, ctx: DeriveContext) => DerivedContent;

export interface ArticleDerivationsOptions {
  /** Where derivations outlive the process (default: none, memory only); a function opens it on first use. */
  readonly store?: DerivationStore | (() => DerivationStore);
  /**
   * Worker threads that derive what is neither in memory nor stored, each derivation under a
   * deadline (default: in-thread up to `inThreadMaxChars`, larger wikitext on the process's shared
   * pool); a function starts them on first use.
   */
  readonly pool?: DerivationPool | (() => DerivationPool);
  /** The in-thread deriver, also the fallback when a worker crashes (default: wikitext-deriver.ts). */
  readonly derive?: Derive;
  /**
   * Longest wikitext derived in-thread (default IN_THREAD_MAX_CHARS): an in-thread derivation cannot be
   * interrupted, so untrusted larger texts always go to worker threads, which have a deadline.
   */
  readonly inThreadMaxChars?: number;
  /** Derivations kept in memory, most recently used first (default 2 000). */
  readonly memoryEntries?: number;
  /** Bytes those may take together, as string lengths count them (default MEMORY_BYTES). */
  readonly memoryBytes?: number;
}

/**
 * Default memory budget of derivations: a count alone does not bound them, since one revision of
 * a long article derives to megabytes of HTML (2 000 revisions of Anarchism held ~3 GB after its
 * history was imported). What is forgotten is only derived or read from the store again.
 */
export const MEMORY_BYTES = 64 * 1024 * 1024;

/** Bytes a derivation holds in memory: its strings at two bytes a character (V8's worst case). */
export function derivationBytes(d: StoredDerivation): number {
  if (isDerivationFailure(d)) return 2 * d.failed.length + 64;
  let chars = (d.html?.length ?? 0) + (d.abstract?.length ?? 0);
  for (const link of [...(d.categories ?? []), ...(d.templates ?? [])]) chars += link.name.length + link.url.length;
  return 2 * chars + 64;
}

export interface DerivationCounts {
  memory: number;
  stored: number;
  derived: number;
  /** Derivations that failed (deadline, worker died) and were cached as failures. */
  failed: number;
}

interface Slot {
  readonly input: DeriveInput;
  readonly key: Buffer;
  readonly id: string;
  derived?: StoredDerivation;
  /** `derived` as JSON text, when a worker sent it so (stored as is). */
  json?: string;
}

/**
 * Longest wikitext derived on the calling thread, where no deadline can stop it: the worst input
 * known at this size (unclosed tables) costs ~0.6 s there; larger texts go to worker threads.
 */
export const IN_THREAD_MAX_CHARS = 32_768;

/**
 * Resolves the inputs the Article assembler will look up (`articleDerivationInputs`) into a
 * lookup it reads synchronously: each input once per content, from memory, else from the store,
 * else derived (on the pool when there is one) and then stored. Every product of a process uses
 * the same instance, so a revision is derived once and its parts are the same everywhere.
 */
export class ArticleDerivations implements DerivationResolver {
  private readonly memory: LRUCache<string, StoredDerivation>;
  /** How each input was answered (tests and benchmarks). */
  readonly counts: DerivationCounts = { memory: 0, stored: 0, derived: 0, failed: 0 };

  private storeOpened: DerivationStore | undefined;
  /** Derived parts being fetched or derived right now, by key: asked twice, worked out once. */
  private readonly inFlight = new Map<string, Promise<StoredDerivation>>();

  constructor(private readonly options: ArticleDerivationsOptions = {}) {
    this.memory = new LRUCache({
      max: options.memoryEntries ?? 2000,
      maxSize: options.memoryBytes ?? MEMORY_BYTES,
      sizeCalculation: derivationBytes,
    });
  }

  private storeFailed = false;

  /** The store; none when it cannot be opened (a read-only volume): derivations then stay in memory. */
  private get store(): DerivationStore | undefined {
    const s = this.options.store;
    if (typeof s !== 'function') return s;
    if (!this.storeOpened && !this.storeFailed) {
      try {
        this.storeOpened = s();
      } catch {
        this.storeFailed = true;
      }
    }
    return this.storeOpened;
  }

  /** The pool for `wikitext`: the configured one, else the shared one for texts too large for in-thread. */
  private poolFor(wikitext: string): DerivationPool | undefined {
    const p = this.options.pool;
    if (p) return typeof p === 'function' ? p() : p;
    return wikitext.length > this.inThreadMax ? sharedPool() : undefined;
  }

  private get inThreadMax(): number {
    return this.options.inThreadMaxChars ?? IN_THREAD_MAX_CHARS;
  }

  /** Closes its store (a pool is shared and outlives it). */
  async close(): Promise<void> {
    const s = this.options.store;
    await (typeof s === 'function' ? this.storeOpened : s)?.close();
    this.storeOpened = undefined;
  }

  async resolve(inputs: readonly DeriveInput[]): Promise<ResolvedDerivations> {
    const slots = this.slots(inputs);
    const missing = slots.filter((s) => !this.fromMemory(s));
    // Being fetched or derived for another caller (under `okapi start` the publisher and the
    // projector ask for the same new revision at once): wait for that, do not derive it twice.
    const joined = missing.flatMap((s) => {
      const pending = this.inFlight.get(s.id);
      return pending
        ? [
            pending.then((d) => {
              s.derived = d;
              this.counts.memory++;
            }),
          ]
        : [];
    });
    const fresh = missing.filter((s) => !this.inFlight.has(s.id));
    const work = this.fetch(fresh);
    for (const s of fresh)
      this.inFlight.set(
        s.id,
        work.then(() => must(s.derived, 'a fetched derivation')),
      );
    try {
      await work;
    } finally {
      for (const s of fresh) this.inFlight.delete(s.id);
    }
    await Promise.all(joined);
    return lookupOf(slots);
  }

  /** Starts resolving inputs a later `resolve` will probably ask for; nothing waits for it. */
  warm(inputs: readonly DeriveInput[]): void {
    this.resolve(inputs).catch(() => undefined);
  }

  /**
   * From the store, else derived (then stored, a failure too: not derived again on every product);
   * into memory. Never rejects: a failed derivation is an answer, with its reason.
   */
  private async fetch(slots: Slot[]): Promise<void> {
    if (slots.length === 0) return;
    const store = this.store;
    if (store) {
      // A store that fails to answer is a cache miss, not a failed Article.
      const stored = await store.getMany(slots.map((s) => s.key)).catch(() => []);
      slots.forEach((s, i) => {
        if (!stored[i]) return;
        s.derived = stored[i];
        this.counts.stored++;
      });
    }
    const toDerive = slots.filter((s) => !s.derived);
    await Promise.all(toDerive.map((s) => this.deriveOne(s)));
    if (toDerive.length)
      await store?.putMany(toDerive.map((s) => [s.key, s.json ?? JSON.stringify(s.derived)] as const));
    for (const s of slots) this.memory.set(s.id, s.derived);
  }

  /** Resolves one input (time travel, one page at a time). */
  async derivedOf(input: DeriveInput): Promise<DerivedContent> {
    const lookup = await this.resolve([input]);
    return lookup(input.wikitext, input.context) ?? {};
  }

  private slots(inputs: readonly DeriveInput[]): Slot[] {
    const byId = new Map<string, Slot>();
    for (const input of inputs) {
      const key = derivationKey(input.wikitext, input.context);
      const id = key.toString('latin1');
      if (!byId.has(id)) byId.set(id, { input, key, id });
    }
    return [...byId.values()];
  }

  private fromMemory(s: Slot): boolean {
    const known = this.memory.get(s.id);
    if (known === undefined) return false;
    s.derived = known;
    this.counts.memory++;
    return true;
  }

  private async deriveOne(s: Slot): Promise<void> {
    const { wikitext, context } = s.input;
    const pool = this.poolFor(wikitext);
    const derived = pool ? await this.pooled(pool, s) : this.inThread(wikitext, context);
    s.derived = derived;
    if (isDerivationFailure(derived)) this.counts.failed++;
    else this.counts.derived++;
  }

  /** From a worker, as JSON text: cheaper to send than the object, and what the store keeps. */
  private async pooled(pool: DerivationPool, s: Slot): Promise<StoredDerivation> {
    try {
      s.json = await pool.deriveJson(s.input.wikitext, s.input.context);
      return JSON.parse(s.json) as DerivedContent;
    } catch (e) {
      return this.afterPoolFailure(s, e);
    }
  }

  /**
   * A timeout is the content's doing: a failure. A crashed or closed pool is not: derived in-thread
   * instead, when the text is small enough to trust there, else a failure too.
   */
  private afterPoolFailure(s: Slot, e: unknown): StoredDerivation {
    const reason = e instanceof Error ? e.message : String(e);
    if ((e instanceof Error && e.name === 'DerivationTimeout') || s.input.wikitext.length > this.inThreadMax)
      return { failed: `${reason} (wikitext of ${s.input.wikitext.length} chars)` };
    return this.inThread(s.input.wikitext, s.input.context);
  }

  private inThread(wikitext: string, ctx: DeriveContext): DerivedContent {
    return (this.options.derive ?? defaultDeriver())(wikitext, ctx);
  }
}

/** By wikitext, then context: the assembler asks with the very strings the inputs named. */
function lookupOf(slots: readonly Slot[]): ResolvedDerivations {
  const byText = new Map<string, Slot[]>();
  for (const s of slots) {
    const list = byText.get(s.input.wikitext);
    if (list) list.push(s);
    else byText.set(s.input.wikitext, [s]);
  }
  const find = (text: string, ctx: DeriveContext): StoredDerivation | undefined =>
    byText
      .get(text)
      ?.find(
        (s) =>
          s.input.context.wiki === ctx.wiki &&
          s.input.context.namespace === ctx.namespace &&
          s.input.context.title === ctx.title,
      )?.derived;
  const lookup = (text: string, ctx: DeriveContext): DerivedContent | undefined => {
    const d = find(text, ctx);
    return d === undefined || isDerivationFailure(d) ? undefined : d;
  };
  return Object.assign(lookup, {
    failed: slots.filter((s) => s.derived !== undefined && isDerivationFailure(s.derived)).length,
    failureOf: (text: string, ctx: DeriveContext): string | undefined => {
      const d = find(text, ctx);
      return d !== undefined && isDerivationFailure(d) ? d.failed : undefined;
    },
  });
}

/** Loaded on first use, like the deriver: only processes that derive a large text start it. */
function sharedPool(): DerivationPool {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the pool module starts worker threads; only processes that derive load it.
  const pool = require('../wikitext/shared-derivation-pool') as typeof import('../wikitext/shared-derivation-pool');
  return pool.sharedDerivationPool();
}

let deriver: Derive | undefined;

/** Loaded on first use: wtf_wikipedia is heavy, and most processes derive on worker threads. */
function defaultDeriver(): Derive {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- wtf_wikipedia is heavy; it loads on first use, synchronously.
  return (deriver ??= (require('../wikitext/wikitext-deriver') as typeof import('../wikitext/wikitext-deriver'))
    .deriveFromWikitext);
}
