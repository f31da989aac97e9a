import { Logger } from '@nestjs/common';
import { Runtime, Worker } from '@okapi/adapters/runtime';
import { ArticlePublisher } from './article-publisher';

/**
 * The firehose publisher as a worker of `okapi start` or the projector app. With NATS the stream
 * outlives processes, so an empty stream is filled from the beginning of the log; the in-process
 * bus starts empty at every boot and carries only new events (older ones replay from the store).
 */
export function publisherWorker(runtime: Runtime): Worker {
  return new ArticlePublisher(runtime.eventStore, runtime.bus, {
    whenEmpty: runtime.config.natsUrl ? 'beginning' : 'head',
    derivations: runtime.derivations,
    deadLetters: runtime.deadLetters,
    logger: new Logger('publisher'),
  });
}
