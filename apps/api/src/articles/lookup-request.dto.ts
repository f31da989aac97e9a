import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsDefined, IsInt, IsOptional, IsRFC3339, IsString, Length, Max, Min, ValidateNested,
  validateSync, ValidationError, Validate, ValidatorConstraint, ValidatorConstraintInterface,
} from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { unprocessable } from '@okapi/adapters/errors/okapi-error';

export const DEFAULT_LIMIT = 3;
export const MAX_LIMIT = 10;

@ValidatorConstraint({ name: 'isScalar' })
class IsScalar implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return ['string', 'number', 'boolean'].includes(typeof value);
  }
  defaultMessage(): string {
    return 'filter value must be a string, number or boolean';
  }
}

export class FilterDto {
  @ApiPropertyOptional({ example: 'is_part_of.identifier' })
  @IsString()
  @Length(1, 255)
  field!: string;

  @ApiPropertyOptional({ example: 'enwiki', oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] })
  @IsDefined()
  @Validate(IsScalar)
  value!: string | number | boolean;
}

/** Query strings carry `fields` as `a,b`, repeated values or JSON text; bodies as arrays. */
export function toFieldList({ value }: { value: unknown }): unknown {
  if (typeof value !== 'string') return Array.isArray(value) ? value.flatMap((v) => (typeof v === 'string' && !v.startsWith('[') ? v.split(',') : [v])) : value;
  const t = value.trim();
  if (t.startsWith('[')) return parseJsonOr(t, value);
  return t.split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * Query strings carry `filters` as JSON text `[{"field":..,"value":..}]`. Items are made
 * FilterDto instances here, because @Type has already run on the raw string.
 */
export function toFilterList({ value }: { value: unknown }): unknown {
  const list = typeof value === 'string' ? parseJsonOr(value, value) : value;
  if (!Array.isArray(list)) return list;
  return list.map((f: unknown) => (f instanceof FilterDto || typeof f !== 'object' || f === null ? f : plainToInstance(FilterDto, f)));
}

function parseJsonOr(text: string, fallback: unknown): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}

/** Integers from query strings; anything else is left for the validators to refuse. */
function toInt({ value }: { value: unknown }): unknown {
  return typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
}

/** On-demand parameters (WME): the same in the query string (GET) and the JSON body (GET or POST). */
export class LookupRequestDto {
  @ApiPropertyOptional({ type: [String], description: 'Dotted paths to keep; whole objects need a wildcard (`version.*`).', example: ['name', 'version.identifier', 'is_part_of.*'] })
  @IsOptional()
  @Transform(toFieldList)
  @IsArray()
  @ArrayMaxSize(255)
  @IsString({ each: true })
  @Length(1, 255, { each: true })
  fields?: string[];

  @ApiPropertyOptional({ type: [FilterDto], description: 'Exact matches on scalar fields, all of which must hold.' })
  @IsOptional()
  @Transform(toFilterList)
  @IsArray()
  @ArrayMaxSize(64)
  @ValidateNested({ each: true })
  @Type(() => FilterDto)
  filters?: FilterDto[];

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(MAX_LIMIT, { message: `limit cannot be greater than ${MAX_LIMIT}` })
  limit?: number;

  @ApiPropertyOptional({ description: 'Okapi time travel: the article as of this revision id (from the page event stream).' })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'revision must be a positive integer' })
  @Min(1, { message: 'revision must be a positive integer' })
  revision?: number;

  @ApiPropertyOptional({ description: 'Okapi time travel: the article as it was at this RFC3339 instant.', example: '2023-08-20T00:00:00Z' })
  @IsOptional()
  @IsRFC3339({ message: 'as_of must be an RFC3339 timestamp' })
  as_of?: string;
}

/** The most telling problem: "must be an array" before size limits that follow from it. */
export function firstMessage(errors: readonly ValidationError[]): string {
  for (const e of errors) {
    const m = e.constraints ? (e.constraints.isArray ?? Object.values(e.constraints)[0]) : undefined;
    if (m) return m;
    const nested = e.children?.length ? firstMessage(e.children) : undefined;
    if (nested) return `${e.property}: ${nested}`;
  }
  return 'invalid request';
}

const isEmpty = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'object' && Object.keys(v as object).length === 0);

/**
 * Merges query and body (WME clients send JSON bodies on GET too; the body wins) and validates
 * the result with class-validator, whitelisting: unknown parameters are refused, not ignored.
 */
export function parseLookupRequest(query: unknown, body: unknown): LookupRequestDto {
  if (isEmpty(query) && isEmpty(body)) return EMPTY;
  if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) {
    throw unprocessable('request.invalid_body', 'request body must be a JSON object');
  }
  const merged = { ...(query as object), ...(body as object | undefined) };
  const dto = plainToInstance(LookupRequestDto, merged);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length) {
    const unknown = errors.find((e) => e.constraints?.whitelistValidation);
    if (unknown) throw unprocessable('request.unknown_parameter', `unknown parameter "${unknown.property}" (one of: fields, filters, limit, revision, as_of)`);
    throw unprocessable(errors[0].property === 'limit' ? 'request.invalid_limit' : `request.invalid_${errors[0].property}`, firstMessage(errors));
  }
  if (dto.revision !== undefined && dto.as_of !== undefined) throw unprocessable('request.conflicting_parameters', 'give either revision or as_of, not both');
  return dto;
}

const EMPTY: LookupRequestDto = Object.freeze(new LookupRequestDto());
