/**
 * The example internal consumer against real NATS JetStream: a durable consumer with a subject
 * filter receives exactly the matching Articles, acks them, and after a restart resumes with
 * only what was published while it was down.
 */
import { randomBytes } from 'node:crypto';
import { INestMicroservice } from '@nestjs/common';
import { NatsArticleBus } from '@okapi/adapters/bus';
import { sampleArticles } from '@okapi/adapters/bus/article-bus.contract';
import { waitFor } from '@okapi/testing';
import { createConsumerApp } from './create-consumer-app';
import { SuspectEditsLog } from './suspect-edits.controller';

jest.setTimeout(30_000);

const id = randomBytes(5).toString('hex');
const prefix = `okapitest.${id}.article`;
let bus: NatsArticleBus;

/** Real-shaped firehose messages: the contract's sample subjects with WME Article bodies. */
function articles(from: number, n: number) {
  return sampleArticles(prefix, n, from).map((m) => ({
    ...m,
    data: JSON.stringify({
      name: `Page ${m.offset}`,
      is_part_of: { identifier: m.subject.split('.')[3] },
      version: { identifier: 1000 + m.offset },
    }),
  }));
}

async function start(): Promise<INestMicroservice> {
  const app = await createConsumerApp({
    servers: 'nats://127.0.0.1:4222',
    stream: `OKAPI_TEST_${id}`,
    durable: `example_${id}`,
    filterSubject: `${prefix}.*.0.*.suspect`,
    subjectPrefix: prefix,
  });
  await app.listen();
  return app;
}

beforeAll(async () => {
  bus = await NatsArticleBus.open({
    url: 'nats://127.0.0.1:4222',
    stream: `OKAPI_TEST_${id}`,
    subjectPrefix: prefix,
    maxAgeMs: 3_600_000,
    maxBytes: 16 << 20,
    duplicateWindowMs: 60_000,
  });
});
afterAll(async () => {
  await bus.destroy();
  await bus.close();
});

it('delivers the filtered subjects to @EventPattern handlers and resumes its durable position', async () => {
  const first = articles(1, 40);
  await bus.publish(first);
  let app = await start();
  const suspect = (msgs: ReturnType<typeof articles>) =>
    msgs.filter((m) => m.subject.endsWith('.suspect')).map((m) => m.offset);
  const log1 = app.get(SuspectEditsLog);
  await waitFor(() => log1.seen.length >= suspect(first).length);
  expect(log1.seen.map((s) => s.offset)).toEqual(suspect(first));
  expect(log1.seen[0]).toMatchObject({
    subject: expect.stringMatching(/^okapi\.article\.\w+\.0\.update\.suspect$/) as unknown,
    name: 'Page 7',
    revision: 1007,
  });
  await app.close();

  const second = articles(41, 40);
  await bus.publish(second);
  app = await start();
  const log2 = app.get(SuspectEditsLog);
  await waitFor(() => log2.seen.length >= suspect(second).length);
  await new Promise((r) => setTimeout(r, 200));
  expect(log2.seen.map((s) => s.offset)).toEqual(suspect(second));
  await app.close();
});
