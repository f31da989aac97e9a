import { loadConfig } from '@okapi/adapters/config';
import { createConsumerApp } from './create-consumer-app';
import { SuspectEditsLog } from './suspect-edits.controller';

/**
 * Runs the example: `OKAPI_NATS_URL=nats://127.0.0.1:4222 node -r @swc-node/register
 * apps/consumer-example/src/main.ts`. Config comes from the one validated environment.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.natsUrl) throw new Error('OKAPI_NATS_URL is required: the example consumes the JetStream firehose');
  const options = {
    servers: config.natsUrl,
    stream: config.natsStream,
    durable: 'suspect-edits-example',
    filterSubject: 'okapi.article.*.0.*.suspect',
  };
  const app = await createConsumerApp(options);
  // One JSON line per suspect edit on stdout: what a team would hand to its own store.
  app.get(SuspectEditsLog).onSeen = (edit) => process.stdout.write(`${JSON.stringify(edit)}\n`);
  app.enableShutdownHooks();
  await app.listen();
  process.stderr.write(
    `consumer-example: consuming ${options.filterSubject} from stream ${options.stream} as durable ${options.durable}; Ctrl-C stops\n`,
  );
}

void main().catch((e: unknown) => {
  process.stderr.write(`consumer-example: ${(e as Error).message}\n`);
  process.exitCode = 1;
});
