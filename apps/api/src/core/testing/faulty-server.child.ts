// A real API process with fault-injecting routes, for fault-containment.e2e-spec.ts (the faults
// must hit a process of its own: the test runner's own handlers would catch them first).
//   node -r @swc-node/register apps/api/src/core/testing/faulty-server.child.ts DUMP
// Prints `{"baseUrl": ...}` once listening; closes on SIGTERM.
import { startApiHarness } from '@okapi/testing/api-harness';
import { FaultsModule } from './faults.module';

async function main(): Promise<void> {
  const h = await startApiHarness({ dumps: [process.argv[2]], modules: [FaultsModule] });
  process.stdout.write(`${JSON.stringify({ baseUrl: h.baseUrl })}\n`);
  process.once('SIGTERM', () => {
    void h.close().then(() => process.exit(0));
  });
}

void main();
