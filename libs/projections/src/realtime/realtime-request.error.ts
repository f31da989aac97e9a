/**
 * A realtime request the gateway must refuse before the stream starts. Pure code cannot use the
 * adapters' OkapiError, so it throws this; the HTTP edge maps `code` to a 422/400 WME body.
 * Codes are a contract (clients switch on them): add new ones, never rename.
 */
export type RealtimeRequestErrorCode =
  | 'stream.invalid_filter'
  | 'stream.invalid_fields'
  | 'stream.invalid_since'
  | 'stream.invalid_offset'
  | 'stream.conflicting_start'
  | 'stream.invalid_parameter'
  | 'stream.invalid_parts'
  | 'stream.invalid_offsets';

export class RealtimeRequestError extends Error {
  constructor(
    readonly code: RealtimeRequestErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RealtimeRequestError';
  }
}
