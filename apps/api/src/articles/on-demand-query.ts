import { ArticleJson, compileFields, compileFilter, FieldsProjection, RealtimeRequestError } from '@okapi/projections';
import { OkapiError, unprocessable } from '@okapi/adapters/errors/okapi-error';
import { DEFAULT_LIMIT, LookupRequestDto } from './lookup-request.dto';

/**
 * A validated on-demand request: the read-model narrowing (wiki, namespace) and what is left to
 * apply in memory (other filters, projection). Field and filter semantics are the firehose's
 * (libs/projections/src/realtime), so both products behave the same.
 */
export interface OnDemandQuery {
  readonly name: string;
  readonly wiki?: string;
  readonly namespace?: number;
  readonly eventType?: string;
  readonly predicate?: (doc: ArticleJson) => boolean;
  readonly fields?: FieldsProjection;
  readonly limit: number;
  readonly revision?: number;
  readonly asOf?: string;
}

const MAX_NAME_BYTES = 255;

/** WME names use underscores for spaces; MediaWiki titles never have leading or trailing blanks. */
export function normaliseName(raw: string): string {
  const name = raw.replace(/_/g, ' ').trim();
  if (name.length === 0) throw unprocessable('request.invalid_name', 'name must not be empty');
  if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES)
    throw unprocessable('request.invalid_name', `name is longer than ${MAX_NAME_BYTES} bytes`);
  return name;
}

/** The firehose's request errors, re-coded for on-demand endpoints (422, stable codes). */
function recode(e: unknown): never {
  if (e instanceof RealtimeRequestError) {
    const code = e.code === 'stream.invalid_fields' ? 'request.invalid_fields' : 'request.invalid_filters';
    throw new OkapiError(code, 422, e.message);
  }
  throw e;
}

export function toOnDemandQuery(rawName: string, req: LookupRequestDto): OnDemandQuery {
  const name = normaliseName(rawName);
  try {
    const filter = compileFilter(req.filters ?? []);
    return {
      name,
      wiki: filter.pattern.wiki,
      namespace: filter.pattern.namespace,
      eventType: filter.pattern.type,
      predicate: filter.predicate,
      fields: compileFields(req.fields),
      limit: req.limit ?? DEFAULT_LIMIT,
      revision: req.revision,
      asOf: req.as_of,
    };
  } catch (e) {
    return recode(e);
  }
}

/** True when documents can be served exactly as stored (no parse, no re-serialisation). */
export function isPlain(q: OnDemandQuery): boolean {
  return !q.predicate && !q.fields && !q.eventType && q.revision === undefined && q.asOf === undefined;
}
