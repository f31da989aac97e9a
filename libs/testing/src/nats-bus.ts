import { randomBytes } from 'node:crypto';
import { NatsArticleBus } from '@okapi/adapters/bus';

/** The NATS server the tests share: OKAPI_TEST_NATS_URL, else the local one. */
export const TEST_NATS_URL = process.env.OKAPI_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

export interface TestNatsBusOptions {
  /** Default: TEST_NATS_URL. */
  readonly url?: string;
  /** Names the stream (`OKAPI_TEST_<id>`) and subjects (`okapitest.<id>.article`); default: random. */
  readonly id?: string;
  /** Default: 64 MiB. */
  readonly maxBytes?: number;
  /** Default: one hour. */
  readonly maxAgeMs?: number;
}

/**
 * A JetStream stream of its own for one test, subjects under a unique prefix, so tests never see
 * each other's Articles. The caller deletes it (`destroy`) and closes the bus.
 */
export function openTestNatsBus(options: TestNatsBusOptions = {}): Promise<NatsArticleBus> {
  const id = options.id ?? randomBytes(5).toString('hex');
  return NatsArticleBus.open({
    url: options.url ?? TEST_NATS_URL,
    stream: `OKAPI_TEST_${id}`,
    subjectPrefix: `okapitest.${id}.article`,
    maxAgeMs: options.maxAgeMs ?? 3_600_000,
    maxBytes: options.maxBytes ?? 64 << 20,
    duplicateWindowMs: 120_000,
  });
}
