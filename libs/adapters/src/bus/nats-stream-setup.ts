import { CONFIG_DEFAULTS } from '../config/env-config';
import { DiscardPolicy, JetStreamManager, nanos, RetentionPolicy, StorageType, StreamConfig } from 'nats';

export interface NatsStreamOptions {
  readonly stream: string;
  readonly subjectPrefix: string;
  readonly maxAgeMs: number;
  readonly maxBytes: number;
  readonly duplicateWindowMs: number;
  /** JetStream replicas of the stream (1 on a single server; 3 on a 3-node cluster). */
  readonly replicas?: number;
}

function desired(o: NatsStreamOptions): Partial<StreamConfig> {
  return {
    name: o.stream,
    subjects: [`${o.subjectPrefix}.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: nanos(o.maxAgeMs),
    max_bytes: o.maxBytes,
    // The publisher resumes from the stream's last message, so dedupe only has to cover the
    // publishes in flight when it crashed; the window is a safety net, not the mechanism.
    duplicate_window: nanos(Math.min(o.duplicateWindowMs, o.maxAgeMs)),
    allow_direct: true,
    num_replicas: o.replicas ?? CONFIG_DEFAULTS.natsReplicas,
  };
}

/** Creates the stream, or brings an existing one to the configured limits. Okapi owns it. */
export async function ensureStream(jsm: JetStreamManager, o: NatsStreamOptions): Promise<void> {
  const want = desired(o);
  try {
    const info = await jsm.streams.info(o.stream);
    const c = info.config;
    const same =
      c.max_age === want.max_age &&
      c.max_bytes === want.max_bytes &&
      c.duplicate_window === want.duplicate_window &&
      c.num_replicas === want.num_replicas &&
      c.subjects.length === 1 &&
      c.subjects[0] === want.subjects?.[0];
    if (!same) await jsm.streams.update(o.stream, { ...c, ...want });
  } catch (e) {
    if ((e as { code?: string }).code !== '404' && !/stream not found/i.test((e as Error).message)) throw e;
    await jsm.streams.add(want);
  }
}
