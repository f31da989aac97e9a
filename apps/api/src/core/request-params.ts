import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { ClassConstructor, plainToInstance, Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsOptional,
  IsString,
  Length,
  Validate,
  ValidateNested,
  validateSync,
  ValidationError,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { unprocessable } from '@okapi/adapters/errors/okapi-error';

/**
 * WME request parameters shared by the endpoints that take `fields` and `filters` (on-demand,
 * structured contents, metadata): the filter shape, the query-string transforms, and one
 * validation step with the same stable error codes everywhere.
 */

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
  if (typeof value !== 'string')
    return Array.isArray(value)
      ? value.flatMap((v) => (typeof v === 'string' && !v.startsWith('[') ? v.split(',') : [v]))
      : value;
  const t = value.trim();
  if (t.startsWith('[')) return parseJsonOr(t, value);
  return t
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Query strings carry `filters` as JSON text `[{"field":..,"value":..}]`. Items are made
 * FilterDto instances here, because @Type has already run on the raw string.
 */
export function toFilterList({ value }: { value: unknown }): unknown {
  const list = typeof value === 'string' ? parseJsonOr(value, value) : value;
  if (!Array.isArray(list)) return list;
  return list.map((f: unknown) =>
    f instanceof FilterDto || typeof f !== 'object' || f === null ? f : plainToInstance(FilterDto, f),
  );
}

function parseJsonOr(text: string, fallback: unknown): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}

// Listed bottom-up, the order stacked decorators run in, so constraints (and thus the first
// message reported) come out as they did when each DTO stacked them itself.

/** Optional `fields`: up to `maxItems` dotted paths of 1-255 characters. */
export function FieldsParam(maxItems: number): PropertyDecorator {
  return applyDecorators(
    Length(1, 255, { each: true }),
    IsString({ each: true }),
    ArrayMaxSize(maxItems),
    IsArray(),
    Transform(toFieldList),
    IsOptional(),
  );
}

/** Optional `filters`: up to 64 `{field, value}` items. */
export function FiltersParam(): PropertyDecorator {
  return applyDecorators(
    Type(() => FilterDto),
    ValidateNested({ each: true }),
    ArrayMaxSize(64),
    IsArray(),
    Transform(toFilterList),
    IsOptional(),
  );
}

/** The most telling problem: "must be an array" before size limits that follow from it. */
export function firstMessage(errors: readonly ValidationError[]): string {
  for (const e of errors) {
    // Type errors first: class-validator lists constraints bottom-up, so `limit=abc` would report Max.
    const m = e.constraints
      ? (e.constraints.isArray ?? e.constraints.isInt ?? Object.values(e.constraints)[0])
      : undefined;
    if (m) return m;
    const nested = e.children?.length ? firstMessage(e.children) : undefined;
    if (nested) return `${e.property}: ${nested}`;
  }
  return 'invalid request';
}

/**
 * Merges query and body (WME clients send JSON bodies on GET too; the body wins) into `dto` and
 * validates it, whitelisting: an unknown parameter is refused (`request.unknown_parameter`, naming
 * `parameters`), a bad one gets `request.invalid_<name>`.
 */
export function validateRequest<T extends object>(
  dto: ClassConstructor<T>,
  query: unknown,
  body: unknown,
  parameters: readonly string[],
): T {
  if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) {
    throw unprocessable('request.invalid_body', 'request body must be a JSON object');
  }
  const request = plainToInstance(dto, { ...(query as object | undefined), ...(body as object | undefined) });
  const errors = validateSync(request, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length) {
    const unknown = errors.find((e) => e.constraints?.whitelistValidation);
    if (unknown)
      throw unprocessable(
        'request.unknown_parameter',
        `unknown parameter "${unknown.property}" (one of: ${parameters.join(', ')})`,
      );
    throw unprocessable(`request.invalid_${errors[0].property}`, firstMessage(errors));
  }
  return request;
}
