import { compileFields } from '@okapi/projections';
import { OkapiError } from '@okapi/adapters/errors/okapi-error';
import { RealtimeRequestError } from '@okapi/projections';

/** Parts only structured contents have; selectable whole (`infoboxes`) like Article arrays. */
const PARTS = ['infoboxes', 'article_sections', 'references'];

export type StructuredProjection = (doc: Record<string, unknown>) => Record<string, unknown>;

/**
 * `fields` for structured contents: the Article paths keep the firehose/on-demand semantics
 * (compileFields); the structured parts are selected whole.
 */
export function compileStructuredFields(fields: readonly string[] | undefined): StructuredProjection | undefined {
  if (!fields?.length) return undefined;
  const parts = fields.filter((f) => PARTS.includes(f.replace(/\.\*$/, '')));
  const rest = fields.filter((f) => !parts.includes(f));
  let article;
  try {
    article = rest.length ? compileFields(rest) : undefined;
  } catch (e) {
    if (e instanceof RealtimeRequestError) throw new OkapiError('request.invalid_fields', 422, e.message);
    throw e;
  }
  return (doc) => {
    const out = article ? article.apply(doc) : {};
    for (const p of parts) {
      const key = p.replace(/\.\*$/, '');
      if (doc[key] !== undefined) out[key] = doc[key];
    }
    return out;
  };
}
