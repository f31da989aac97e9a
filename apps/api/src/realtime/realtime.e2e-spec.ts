/**
 * The realtime firehose through HTTP in embedded mode (SQLite + in-process bus): filters,
 * resume, the catch-up/live seam, fan-out, slow clients and request validation.
 */
import { appendMix, openGateway } from './testing/firehose.test-kit';
import { firehoseScenarios } from './testing/firehose.scenarios';
import { openStream } from './testing/sse.test-client';

jest.setTimeout(60_000);

describe('realtime firehose, embedded bus', () => {
  firehoseScenarios(() => openGateway());
});
