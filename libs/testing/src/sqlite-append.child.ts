// Child process for cross-process event store tests:
//   node -r @swc-node/register libs/testing/src/sqlite-append.child.ts FILE PAGE_ID APPENDS EVENTS_PER_APPEND
// Appends to stream page-enwiki-PAGE_ID through the real adapter, yielding between appends so
// another process interleaves its own, then prints the last offset.
import { openSqliteEventStore } from '@okapi/adapters/eventstore';
import { pageStream } from '@okapi/domain';
import { aRevisionCreated } from './page-event.builders';

async function main(): Promise<void> {
  const [path, pageId, appends, perAppend] = process.argv.slice(2);
  const store = openSqliteEventStore({ path });
  let last = 0;
  for (let a = 0; a < Number(appends); a++) {
    const events = Array.from({ length: Number(perAppend) }, (_, i) =>
      aRevisionCreated({ pageId: Number(pageId), revisionId: a * 1000 + i }),
    );
    [{ lastOffset: last }] = await store.append([
      { stream: pageStream('enwiki', Number(pageId)), expectedRevision: 'any', events },
    ]);
    await new Promise((r) => setTimeout(r, 2));
  }
  await store.close();
  process.stdout.write(`${last}\n`);
}

void main();
