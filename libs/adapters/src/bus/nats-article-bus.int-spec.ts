import { openTestNatsBus } from '@okapi/testing';
import { articleBusContract } from './article-bus.contract';

jest.setTimeout(30_000);

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
