import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@okapi/adapters/config/env.config';
import { openRuntime } from '@okapi/adapters/runtime/open-runtime';
import { ProjectorModule } from './projector.module';

/**
 * Distributed mode's projector process (`node -r @swc-node/register apps/projector/src/main.ts`):
 * follows the event store into the ClickHouse views and publishes the firehose. No HTTP.
 * In embedded mode `okapi start` runs the same workers in its own process instead.
 */
async function main(): Promise<void> {
  const runtime = await openRuntime(loadConfig());
  const app = await NestFactory.createApplicationContext(ProjectorModule.forRuntime(runtime), {
    logger: ['error', 'warn'],
  });
  app.enableShutdownHooks();
  await app.init();
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`projector: ${(e as Error).message}\n`);
    process.exitCode = 1;
  });
}
