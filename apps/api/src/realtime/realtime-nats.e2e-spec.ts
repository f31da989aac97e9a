/**
 * The same firehose scenarios with NATS JetStream as the bus (real server at 127.0.0.1:4222,
 * one throw-away stream per test under a unique subject prefix).
 */
import { randomBytes } from 'node:crypto';
import { NatsArticleBus } from '@okapi/adapters/bus';
import { Gateway, openGateway } from './testing/firehose-test-kit';
import { firehoseScenarios } from './testing/firehose-scenarios';

jest.setTimeout(60_000);

export async function openNatsGateway(url = 'nats://127.0.0.1:4222'): Promise<Gateway> {
  const id = randomBytes(5).toString('hex');
  const bus = await NatsArticleBus.open({
    url,
    stream: `OKAPI_TEST_${id}`,
    subjectPrefix: `okapitest.${id}.article`,
    maxAgeMs: 3_600_000,
    maxBytes: 64 << 20,
    duplicateWindowMs: 120_000,
  });
  const g = await openGateway({ bus });
  const close = g.close;
  return Object.assign(g, {
    close: async () => {
      await close();
      await bus.destroy().catch(() => undefined);
      await bus.close();
    },
  });
}

describe('realtime firehose, NATS JetStream bus', () => {
  firehoseScenarios(() => openNatsGateway());
});
