import { must } from '@okapi/domain';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface LoadResult {
  readonly n: number;
  readonly received: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** CPU the client fleet itself used while measuring, in cores. */
  readonly clientCpuCores: number;
}

/**
 * A load generator in its own process (its CPU is not the server's): connect, then measure between
 * start() and stop(). SSE clients of a gateway, or NATS subscribers of the stream.
 */
export class ClientFleet {
  private readonly child: ChildProcess;
  private readonly lines: AsyncIterator<string>;

  private constructor(script: string, config: object) {
    this.child = spawn(process.execPath, [join(__dirname, script), JSON.stringify(config)], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    this.lines = createInterface({ input: must(this.child.stdout, 'this.child.stdout') })[Symbol.asyncIterator]();
  }

  /** `clients` SSE connections, spread over `paths` of the gateway at `base`. */
  static sse(base: string, paths: readonly string[], clients: number): ClientFleet {
    return new ClientFleet('sse-clients.child.js', { base, paths, clients });
  }

  /** `subscribers` NATS connections, each with an ordered consumer on one wiki of `stream`. */
  static nats(url: string, stream: string, wikis: readonly string[], subscribers: number): ClientFleet {
    return new ClientFleet('nats-subscribers.child.js', {
      url,
      stream,
      wikis,
      subscribers,
      subjectPrefix: 'okapi.article',
    });
  }

  async ready(): Promise<void> {
    const value: unknown = (await this.lines.next()).value;
    if (!String(value).includes('ready')) throw new Error(`clients failed to connect: ${String(value)}`);
  }

  start(): void {
    must(this.child.stdin, 'this.child.stdin').write('start\n');
  }

  async stop(): Promise<LoadResult> {
    must(this.child.stdin, 'this.child.stdin').write('stop\n');
    const value: unknown = (await this.lines.next()).value;
    return JSON.parse(String(value)) as LoadResult;
  }

  kill(): void {
    this.child.kill();
  }
}

/** A ~1 KB WME-shaped Article whose JSON starts with the publish time (clients read only that). */
export function benchArticle(t: number, seq: number, wiki: string, lang: string): string {
  return JSON.stringify({
    t,
    name: `Bench page ${seq % 5000}`,
    identifier: seq % 5000,
    date_modified: '2026-11-26T12:00:00Z',
    version: {
      identifier: 1_000_000 + seq,
      comment: 'c'.repeat(300),
      is_minor_edit: true,
      scores: { revertrisk: { prediction: false, probability: { true: 0.1, false: 0.9 } } },
      editor: { identifier: 7, name: 'Bench' },
      size: { value: 4000, unit_text: 'B' },
    },
    url: `https://${lang}.wikipedia.org/wiki/Bench_page_${seq % 5000}`,
    namespace: { identifier: 0 },
    in_language: { identifier: lang },
    is_part_of: { identifier: wiki, url: `https://${lang}.wikipedia.org` },
    abstract: 'a'.repeat(350),
    license: [
      {
        identifier: 'CC-BY-SA-4.0',
        name: 'Creative Commons Attribution Share Alike 4.0 International',
        url: 'https://creativecommons.org/licenses/by-sa/4.0/',
      },
    ],
    event: {
      identifier: `bench-${seq}`,
      type: 'update',
      date_created: '2026-11-26T12:00:00Z',
      partition: 0,
      offset: seq,
    },
  });
}
