/**
 * The same firehose scenarios with NATS JetStream as the bus (real server at 127.0.0.1:4222,
 * one throw-away stream per test under a unique subject prefix).
 */
import { openTestNatsBus } from '@okapi/testing';
import { Gateway, openGateway } from './testing/firehose-test-kit';
import { firehoseScenarios } from './testing/firehose-scenarios';

jest.setTimeout(60_000);

export async function openNatsGateway(url?: string): Promise<Gateway> {
  const bus = await openTestNatsBus({ url });
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
