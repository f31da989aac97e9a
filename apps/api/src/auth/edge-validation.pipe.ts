import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { assertSafeKeys } from '@okapi/projections';
import { unprocessable } from '@okapi/adapters/errors';

function firstMessage(errors: readonly ValidationError[]): string {
  for (const e of errors) {
    if (e.constraints) return Object.values(e.constraints)[0];
    const nested = e.children?.length ? firstMessage(e.children) : undefined;
    if (nested) return nested;
  }
  return 'invalid request';
}

/**
 * A body naming `__proto__`, `constructor` or `prototype` anywhere is refused (422
 * `request.forbidden_key`) before class-transformer copies its keys onto a DTO.
 */
class SafeKeysValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') assertSafeKeys(value, 'body');
    return super.transform(value, metadata);
  }
}

/**
 * class-validator at the edge: unknown properties are refused (whitelist + forbid), and the
 * first problem becomes a 422 WME body with code `request.invalid_body`.
 */
export function edgeValidationPipe(): ValidationPipe {
  return new SafeKeysValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: (errors) => unprocessable('request.invalid_body', firstMessage(errors)),
  });
}
