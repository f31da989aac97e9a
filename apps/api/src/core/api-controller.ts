import { applyDecorators, Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

/**
 * A controller of the public API behind a bearer token, listed under `tag` on the OpenAPI page:
 * `@ApiController('bulk', 'v2/batches')` stands for `@ApiTags('bulk') @ApiBearerAuth() @Controller('v2/batches')`.
 */
export function ApiController(tag: string, path: string): ClassDecorator {
  return applyDecorators(ApiTags(tag), ApiBearerAuth(), Controller(path));
}
