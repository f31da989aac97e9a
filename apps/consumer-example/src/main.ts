import { loadConfig } from '@okapi/adapters/config/env.config';
import { createConsumerApp } from './create-consumer-app';

/**
 * Runs the example: `OKAPI_NATS_URL=nats://127.0.0.1:4222 node -r @swc-node/register
 * apps/consumer-example/src/main.ts`. Config comes from the one validated environment.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.natsUrl) throw new Error('OKAPI_NATS_URL is required: the example consumes the JetStream firehose');
  const app = await createConsumerApp({
    servers: config.natsUrl,
    stream: config.natsStream ?? 'OKAPI_ARTICLES',
    durable: 'suspect-edits-example',
    filterSubject: 'okapi.article.*.0.*.suspect',
  });
  app.enableShutdownHooks();
  await app.listen();
}

void main().catch((e: unknown) => {
  process.stderr.write(`consumer-example: ${(e as Error).message}\n`);
  process.exitCode = 1;
});
