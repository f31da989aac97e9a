import { randomBytes } from 'node:crypto';
import { articleBusContract } from './article-bus.contract';
import { NatsArticleBus } from './nats-article-bus';

jest.setTimeout(30_000);

const NATS_URL = 'nats://127.0.0.1:4222';

/** A fresh JetStream stream per test with subjects under a unique prefix; deleted afterwards. */
export async function openTestNatsBus(
  extra: Partial<{ maxBytes: number; maxAgeMs: number }> = {},
): Promise<NatsArticleBus> {
  const id = randomBytes(5).toString('hex');
  return NatsArticleBus.open({
    url: NATS_URL,
    stream: `OKAPI_TEST_${id}`,
    subjectPrefix: `okapitest.${id}.article`,
    maxAgeMs: extra.maxAgeMs ?? 3_600_000,
    maxBytes: extra.maxBytes ?? 64 << 20,
    duplicateWindowMs: 120_000,
  });
}

describe('NatsArticleBus (contract, real NATS at 127.0.0.1:4222)', () => {
  articleBusContract(async () => {
    const bus = await openTestNatsBus();
    return {
      bus,
      cleanup: async () => {
        await bus.destroy();
        await bus.close();
      },
    };
  });
});
