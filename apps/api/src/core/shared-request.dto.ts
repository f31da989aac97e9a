import { ApiPropertyOptional } from '@nestjs/swagger';
import { DEFAULT_LIMIT, MAX_LIMIT } from '@okapi/projections';

/**
 * The WME SDKs' shared `Request`, for the OpenAPI page only: requests are parsed and validated by
 * the WME query module (libs/projections/src/wme-query), the same for every endpoint.
 */
export class WmeFilterDoc {
  @ApiPropertyOptional({ example: 'is_part_of.identifier' })
  field!: string;

  @ApiPropertyOptional({ example: 'enwiki', oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] })
  value!: string | number | boolean;
}

export class WmeRequestDoc {
  @ApiPropertyOptional({
    type: [String],
    description: 'Dotted paths to keep; a whole object by its name or `x.*`.',
    example: ['name', 'version.identifier', 'is_part_of.*'],
  })
  fields?: string[];

  @ApiPropertyOptional({ type: [WmeFilterDoc], description: 'Exact matches on scalar fields, all of which must hold.' })
  filters?: WmeFilterDoc[];

  @ApiPropertyOptional({ description: 'On-demand only (1-10, default 3); elsewhere accepted and ignored.' })
  limit?: number;

  @ApiPropertyOptional({ description: 'Realtime only; accepted and ignored elsewhere (WME SDKs reuse one Request).' })
  since?: string;

  @ApiPropertyOptional({ type: [Number], description: 'Realtime only; accepted and ignored elsewhere.' })
  parts?: number[];

  @ApiPropertyOptional({ description: 'Realtime only; accepted and ignored elsewhere.' })
  offsets?: Record<string, number>;

  @ApiPropertyOptional({ description: 'Realtime only; accepted and ignored elsewhere.' })
  since_per_partition?: Record<string, string>;
}

/** On-demand adds Okapi's time travel. */
export class OnDemandRequestDoc extends WmeRequestDoc {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })
  declare limit?: number;

  @ApiPropertyOptional({ description: 'Okapi time travel: the article as of this revision id.' })
  revision?: number;

  @ApiPropertyOptional({ description: 'Okapi time travel: the article as it was at this RFC3339 instant.' })
  as_of?: string;
}
