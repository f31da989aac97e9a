// Runs the shared contract against a real EventStoreDB when OKAPI_ESDB_URL is set
// (e.g. esdb://127.0.0.1:2113?tls=false). No server can be installed on the CI machine, so there
// the suite shows up as SKIPPED under a name that says why: never a silent pass.
import { EventStore } from '@okapi/domain';
import { loadConfig } from '../../config/env-config';
import { eventStoreContract } from '../event-store.contract';
import { openEsdbEventStore } from './esdb-event-store';
import { promised } from '../../errors/promised';

const url = loadConfig().esdbUrl;

if (url) {
  let opened: EventStore[] = [];
  const open = (): Promise<EventStore> =>
    promised(() => {
      const store = openEsdbEventStore({ connectionString: url, pollIntervalMs: 50 });
      opened.push(store);
      return store;
    });
  eventStoreContract(
    'eventstoredb',
    open,
    () => {
      opened = []; // streams are unique per test; nothing to drop on a shared server
      return Promise.resolve();
    },
    { reopen: open },
  );
} else {
  const notRun = 'ESDB contract suite NOT RUN: set OKAPI_ESDB_URL (e.g. esdb://127.0.0.1:2113?tls=false) to run it';
  process.stderr.write(`\n*** ${notRun} ***\n\n`);
  describe('EventStore contract: eventstoredb', () => {
    it.skip(notRun, () => undefined);
  });
}
