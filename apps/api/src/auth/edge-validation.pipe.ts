import { ValidationError, ValidationPipe } from '@nestjs/common';
import { unprocessable } from '@okapi/adapters/errors/okapi-error';

function firstMessage(errors: readonly ValidationError[]): string {
  for (const e of errors) {
    if (e.constraints) return Object.values(e.constraints)[0];
    const nested = e.children?.length ? firstMessage(e.children) : undefined;
    if (nested) return nested;
  }
  return 'invalid request';
}

/**
 * class-validator at the edge: unknown properties are refused (whitelist + forbid), and the
 * first problem becomes a 422 WME body with code `request.invalid_body`.
 */
export function edgeValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: (errors) => unprocessable('request.invalid_body', firstMessage(errors)),
  });
}
