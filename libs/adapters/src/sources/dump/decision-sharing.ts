import {
  AdmittedBatch,
  DecidedBatch,
  PageCommand,
  PageCommandHandler,
  PageDecisionsAhead,
  PageDecisionsAheadOptions,
  RecordRevision,
  StreamName,
} from '@okapi/domain';
import { DecideWorker } from './dump-decide.client';
import { toError } from '../../errors/to-error';

/** How an import's batches were shared between the two threads, and what this one waited. */
export interface ImportPipeline {
  readonly batches: number;
  /** Parts of fresh batches decided (a batch is decided in PARTS parts, so the threads share evenly). */
  readonly parts: number;
  /** Parts decided on the worker thread; this thread decided the rest (and appended all). */
  readonly partsOnWorker: number;
  /** Seconds from the start until the worker could take batches (its start-up). */
  readonly workerStartS: number;
  /** Seconds this thread waited for the worker's decisions (memory bound reached, or at the end). */
  readonly waitS: number;
}

export interface DecisionSharingOptions {
  /** Batches handed over and not appended yet, at most: bounds memory (a batch is <= 32 MiB of text). */
  readonly maxInFlight: number;
  /** Every fresh batch to the worker once it started (tests, measurements); default: while it has fewer than WORKER_QUEUE parts queued. */
  readonly allToWorker?: boolean;
}

/**
 * Parts queued on the worker before this thread decides the next one itself: this thread also
 * parses and appends (about as much CPU as all the decisions, once the worker runs), so it
 * steps in only when the worker is well behind (1.5 batches), not as soon as it has a backlog.
 */
const WORKER_QUEUE = 6;
/**
 * A fresh batch is decided in this many parts of whole pages: small enough that neither thread
 * waits long for the other's last part, large enough that handing one over costs little.
 */
const PARTS = 4;

/**
 * Shares an import's decisions (most of its work: the revert-risk score of every revision) between
 * this thread, which parses and appends, and a worker thread. Each batch, in file order: a fresh
 * one (no page of it in an earlier batch) is decided ahead of the store (PageDecisionsAhead), in
 * parts of whole pages, each by the worker when it has room, else here; one going on from an earlier batch is left to the
 * handler, which decides it from the store once the earlier batches are in. Appends run here in
 * file order; a bet lost (pages already in the store) is decided again by the handler. The events
 * are the same whoever decides: a fresh page is decided from a new page's state either way.
 */
export class DecisionSharing {
  private readonly ahead: PageDecisionsAhead;
  private readonly started = performance.now();
  private appends: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private workerStartS: number | undefined;
  private readonly stats = { batches: 0, parts: 0, partsOnWorker: 0, waitS: 0 };
  private partSeq = 0;
  readonly tally = { appended: 0, duplicates: 0 };

  constructor(
    private readonly handler: PageCommandHandler,
    decide: Omit<PageDecisionsAheadOptions, 'decider'>,
    private readonly worker: DecideWorker,
    private readonly options: DecisionSharingOptions,
  ) {
    this.ahead = new PageDecisionsAhead(decide);
  }

  get pipeline(): ImportPipeline {
    return { ...this.stats, workerStartS: this.workerStartS ?? 0 };
  }

  /** Takes one batch (decided here, or handed to the worker); waits while too many are unappended. */
  async add(commands: RecordRevision[]): Promise<void> {
    this.throwFailure();
    this.stats.batches++;
    const admitted = this.ahead.admit(commands);
    if (this.options.allToWorker) await this.worker.started;
    if (this.worker.ready) this.workerStartS ??= (performance.now() - this.started) / 1000;
    const { decided } = admitted.fresh ? await this.decideInParts(admitted) : { decided: Promise.resolve(undefined) };
    decided.catch(() => undefined); // awaited in order below
    this.inFlight++;
    this.appends = this.appends
      .then(async () => {
        if (this.failure) return;
        const d = await decided;
        const outcome = d?.requests
          ? await this.handler.handleDecided(d, () => Promise.resolve(commands))
          : await this.handler.handle(commands);
        this.tally.appended += outcome.appended;
        this.tally.duplicates += outcome.duplicates;
      })
      .catch((e: unknown) => void (this.failure ??= toError(e)))
      .finally(() => {
        this.inFlight--;
        this.wake?.();
      });
    await this.waitWhile(() => this.inFlight >= this.options.maxInFlight);
    this.throwFailure();
  }

  /**
   * The batch's decisions, part by part (on the worker or here), joined in page order: the same
   * requests, in the same order, as deciding it whole. Undefined when a part was left undecided
   * (the handler then decides the whole batch from the store).
   */
  private async decideInParts(admitted: AdmittedBatch): Promise<{ decided: Promise<DecidedBatch | undefined> }> {
    const parts: Promise<DecidedBatch>[] = [];
    for (const byStream of partsOf(admitted.byStream)) {
      this.stats.parts++;
      // Its replies arrive as messages: let them in, or a backlog it has cleared looks full.
      if (this.worker.ready && this.worker.queued >= WORKER_QUEUE) await new Promise<void>((r) => setImmediate(r));
      if (this.worker.ready && (this.options.allToWorker || this.worker.queued < WORKER_QUEUE)) {
        parts.push(this.worker.decide(this.partSeq++, [...byStream.values()].flat()));
        this.stats.partsOnWorker++;
      } else parts.push(Promise.resolve(await this.ahead.decideAdmitted({ ...admitted, byStream })));
    }
    const decided = Promise.all(parts).then((all) => {
      const requests = all.map((d) => d.requests);
      return requests.every((r) => r !== undefined)
        ? { seq: admitted.seq, duplicates: all.reduce((n, d) => n + d.duplicates, 0), requests: requests.flat() }
        : undefined;
    });
    return { decided };
  }

  /** Waits until every batch taken is appended; throws the first failure to append one. */
  async drain(): Promise<void> {
    await this.waitWhile(() => this.inFlight > 0);
    this.throwFailure();
  }

  private throwFailure(): void {
    if (this.failure) throw this.failure;
  }

  private async waitWhile(busy: () => boolean): Promise<void> {
    const since = performance.now();
    while (busy() && !this.failure) await new Promise<void>((r) => (this.wake = r));
    this.stats.waitS += (performance.now() - since) / 1000;
  }
}

/** `byStream` cut into PARTS maps of consecutive pages (insertion order kept). */
function partsOf(byStream: Map<StreamName, PageCommand[]>): Map<StreamName, PageCommand[]>[] {
  const size = Math.max(1, Math.ceil(byStream.size / PARTS));
  const parts: Map<StreamName, PageCommand[]>[] = [];
  for (const [stream, commands] of byStream) {
    if (parts.length === 0 || parts[parts.length - 1].size >= size) parts.push(new Map());
    parts[parts.length - 1].set(stream, commands);
  }
  return parts;
}
