import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsRFC3339, Max, Min } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { unprocessable } from '@okapi/adapters/errors/okapi-error';
import { FieldsParam, FilterDto, FiltersParam, validateRequest } from '../core/request-params';
import { WME_REQUEST_MEMBERS, WmeRequestMembers } from '../core/shared-request.dto';

export const DEFAULT_LIMIT = 3;
export const MAX_LIMIT = 10;

/** Integers from query strings; anything else is left for the validators to refuse. */
function toInt({ value }: { value: unknown }): unknown {
  return typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
}

/** On-demand parameters (WME): the same in the query string (GET) and the JSON body (GET or POST). */
export class LookupRequestDto extends WmeRequestMembers {
  @ApiPropertyOptional({
    type: [String],
    description: 'Dotted paths to keep; whole objects need a wildcard (`version.*`).',
    example: ['name', 'version.identifier', 'is_part_of.*'],
  })
  @FieldsParam(255)
  fields?: string[];

  @ApiPropertyOptional({ type: [FilterDto], description: 'Exact matches on scalar fields, all of which must hold.' })
  @FiltersParam()
  filters?: FilterDto[];

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(MAX_LIMIT, { message: `limit cannot be greater than ${MAX_LIMIT}` })
  limit?: number;

  @ApiPropertyOptional({
    description: 'Okapi time travel: the article as of this revision id (from the page event stream).',
  })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'revision must be a positive integer' })
  @Min(1, { message: 'revision must be a positive integer' })
  revision?: number;

  @ApiPropertyOptional({
    description: 'Okapi time travel: the article as it was at this RFC3339 instant.',
    example: '2023-08-20T00:00:00Z',
  })
  @IsOptional()
  @IsRFC3339({ message: 'as_of must be an RFC3339 timestamp' })
  as_of?: string;
}

const isEmpty = (v: unknown): boolean =>
  v === undefined || v === null || (typeof v === 'object' && Object.keys(v as object).length === 0);

/**
 * Merges query and body (WME clients send JSON bodies on GET too; the body wins) and validates
 * the result with class-validator, whitelisting: unknown parameters are refused, not ignored.
 */
export function parseLookupRequest(query: unknown, body: unknown): LookupRequestDto {
  if (isEmpty(query) && isEmpty(body)) return EMPTY;
  const dto = validateRequest(LookupRequestDto, query, body, [
    'fields',
    'filters',
    'limit',
    ...WME_REQUEST_MEMBERS,
    'revision',
    'as_of',
  ]);
  if (dto.revision !== undefined && dto.as_of !== undefined)
    throw unprocessable('request.conflicting_parameters', 'give either revision or as_of, not both');
  return dto;
}

const EMPTY: LookupRequestDto = Object.freeze(new LookupRequestDto());
