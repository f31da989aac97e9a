import { applyDecorators, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

/**
 * A controller of the public API behind a bearer token, listed under `tag` on the OpenAPI page:
 * `@ApiController('bulk', 'v2/batches')` stands for `@ApiTags('bulk') @ApiBearerAuth() @Controller('v2/batches')`.
 */
export function ApiController(tag: string, path: string): ClassDecorator {
  return applyDecorators(ApiTags(tag), ApiBearerAuth(), Controller(path));
}

/**
 * The POST twin of a read route (WME clients may send the parameters as a JSON body): it answers
 * 200 like the GET it mirrors, since it creates nothing.
 */
export function PostTwin(path?: string): MethodDecorator {
  return applyDecorators(Post(path), HttpCode(200));
}
