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
import { buffersOf } from './encoded-requests';
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
  /** Seconds this thread waited for the worker's decisions (nothing else left to do). */
  readonly waitS: number;
}

export interface DecisionSharingOptions {
  /** Batches parsed and not appended yet, at most: bounds memory (a batch is <= 32 MiB of text). */
  readonly maxInFlight: number;
  /** Every part to the worker once it started, none decided here (tests, measurements). */
  readonly allToWorker?: boolean;
}

/**
 * Parts handed to the worker ahead of its need: enough that it never idles while this thread is
 * busy parsing between two looks at its replies, few enough that the parts queued here are still
 * there to decide when this thread runs out of other work.
 */
const WORKER_AHEAD = 2;
/**
 * A fresh batch is decided in this many parts of whole pages: small enough that neither thread
 * waits long for the other's last part, large enough that handing one over costs little.
 */
const PARTS = 4;

/** A part of a fresh batch queued for a decision, and who is waiting for it. */
interface Part {
  readonly batch: AdmittedBatch;
  readonly byStream: Map<StreamName, PageCommand[]>;
  readonly resolve: (d: DecidedBatch) => void;
  readonly reject: (e: Error) => void;
}

/**
 * Shares an import's decisions (most of its work: the revert-risk score of every revision) between
 * this thread, which parses and appends, and a worker thread. Each batch, in file order: a fresh
 * one (no page of it in an earlier batch) is decided ahead of the store (PageDecisionsAhead), in
 * parts of whole pages queued here: the worker is kept WORKER_AHEAD parts ahead, and this thread
 * decides queued parts itself only when it would otherwise wait (too many batches unappended, or
 * the end of the dump), so parsing and appending come first here. One going on from an earlier
 * batch is left to the handler, which decides it from the store once the earlier batches are in.
 * Appends run here in file order; a bet lost (pages already in the store) is decided again by the
 * handler. The events are the same whoever decides: a fresh page is decided from a new page's
 * state either way.
 */
export class DecisionSharing {
  private readonly ahead: PageDecisionsAhead;
  private readonly started = performance.now();
  private readonly queued: Part[] = [];
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
    // Parts queued while it started go to it at once, not at the next batch's end.
    void worker.started.then(() => this.feedWorker());
  }

  get pipeline(): ImportPipeline {
    return { ...this.stats, workerStartS: this.workerStartS ?? 0 };
  }

  /** Takes one batch; while too many are unappended, decides queued parts (or waits). */
  async add(commands: RecordRevision[]): Promise<void> {
    this.throwFailure();
    this.stats.batches++;
    const admitted = this.ahead.admit(commands);
    if (this.options.allToWorker) await this.worker.started;
    const decided = admitted.fresh ? this.queueParts(admitted) : Promise.resolve(undefined);
    decided.catch(() => undefined); // awaited in order below
    this.feedWorker();
    this.inFlight++;
    this.appends = this.appends
      .then(async () => {
        if (this.failure) return;
        const d = await decided;
        const outcome = d?.requests
          ? await this.handler.handleDecided(d, () => Promise.resolve(commands))
          : await this.handler.handle(commands);
        // Stored: the worker may write the next parts' events into these buffers.
        if (d?.requests) this.worker.recycle(buffersOf(d.requests));
        this.tally.appended += outcome.appended;
        this.tally.duplicates += outcome.duplicates;
      })
      .catch((e: unknown) => void (this.failure ??= toError(e)))
      .finally(() => {
        this.inFlight--;
        this.wake?.();
      });
    await this.workWhile(() => this.inFlight >= this.options.maxInFlight);
    this.throwFailure();
  }

  /** Waits until every batch taken is appended (deciding what is still queued); throws the first failure. */
  async drain(): Promise<void> {
    await this.workWhile(() => this.inFlight > 0);
    this.throwFailure();
  }

  /**
   * The batch's decisions, part by part (each on whichever thread takes it), joined in page
   * order: the same requests, in the same order, as deciding it whole. Undefined when a part was
   * left undecided (the handler then decides the whole batch from the store).
   */
  private queueParts(batch: AdmittedBatch): Promise<DecidedBatch | undefined> {
    const parts = partsOf(batch.byStream).map(
      (byStream) =>
        new Promise<DecidedBatch>((resolve, reject) => this.queued.push({ batch, byStream, resolve, reject })),
    );
    this.stats.parts += parts.length;
    return Promise.all(parts).then((all) => {
      const requests = all.map((d) => d.requests);
      return requests.every((r) => r !== undefined)
        ? { seq: batch.seq, duplicates: all.reduce((n, d) => n + d.duplicates, 0), requests: requests.flat() }
        : undefined;
    });
  }

  /** Hands queued parts to the worker until it has WORKER_AHEAD (every one, with allToWorker). */
  private feedWorker(): void {
    if (!this.worker.ready) return;
    this.workerStartS ??= (performance.now() - this.started) / 1000;
    while (this.queued.length && (this.options.allToWorker || this.worker.queued < WORKER_AHEAD)) {
      const part = this.queued.shift() as Part;
      this.stats.partsOnWorker++;
      this.worker
        .decide(this.partSeq++, [...part.byStream.values()].flat())
        .then(part.resolve, part.reject)
        .finally(() => this.feedWorker());
    }
  }

  /** Decides the oldest queued part on this thread. */
  private async decideHere(): Promise<void> {
    const part = this.queued.shift() as Part;
    try {
      part.resolve(await this.ahead.decideAdmitted({ ...part.batch, byStream: part.byStream }));
    } catch (e) {
      part.reject(toError(e));
    }
  }

  private throwFailure(): void {
    if (this.failure) throw this.failure;
  }

  /** While `busy`: decides a queued part here when the worker has its share, else waits for an append. */
  private async workWhile(busy: () => boolean): Promise<void> {
    while (busy() && !this.failure) {
      // The worker's replies arrive as messages: let them in, so it is fed before this thread takes a part.
      await new Promise<void>((r) => setImmediate(r));
      this.feedWorker();
      if (!busy()) break;
      // With allToWorker, only a worker that failed to start leaves parts here.
      if (this.queued.length && (!this.options.allToWorker || !this.worker.ready)) {
        await this.decideHere();
        continue;
      }
      const since = performance.now();
      await new Promise<void>((r) => (this.wake = r));
      this.stats.waitS += (performance.now() - since) / 1000;
    }
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
