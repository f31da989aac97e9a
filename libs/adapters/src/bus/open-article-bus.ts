import { DEFAULT_SUBJECT_PREFIX } from '@okapi/projections';
import { OkapiConfig } from '../config/env-config';
import { ArticleBus } from '@okapi/projections';
import { InProcessArticleBus } from './in-process-article-bus';
import { NatsArticleBus } from './nats-article-bus';

const HOUR_MS = 3_600_000;

/** NATS JetStream when `OKAPI_NATS_URL` is set, else the in-process bus (embedded mode). */
export async function openArticleBus(config: OkapiConfig, subjectPrefix = DEFAULT_SUBJECT_PREFIX): Promise<ArticleBus> {
  const maxAgeMs = config.streamMaxAgeHours * HOUR_MS;
  if (!config.natsUrl) {
    return new InProcessArticleBus({ subjectPrefix, maxBytes: config.busMemoryBytes, maxAgeMs });
  }
  return NatsArticleBus.open({
    url: config.natsUrl,
    stream: config.natsStream,
    subjectPrefix,
    maxAgeMs,
    maxBytes: config.streamMaxBytes,
    duplicateWindowMs: config.streamDuplicateWindowS * 1000,
    replicas: config.natsReplicas,
  });
}
