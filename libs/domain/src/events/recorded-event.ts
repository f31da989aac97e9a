import { Offset } from '../shared/offset';
import { StreamName } from '../shared/stream-name';
import { PageEvent } from './page.events';

/** An event as the store gives it back: with its global offset and its position in its stream. */
export type RecordedEvent<E extends PageEvent = PageEvent> = E &
  Readonly<{
    offset: Offset;
    stream: StreamName;
    /** 0-based position in its stream. */
    streamRevision: number;
    /** Epoch ms when the store recorded it. */
    recordedAt: number;
  }>;
