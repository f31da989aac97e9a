import 'reflect-metadata';
import { applyDecorators, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

/**
 * A controller of the public API behind a bearer token, listed under `tag` on the OpenAPI page:
 * `@ApiController('bulk', 'v2/batches')` stands for `@ApiTags('bulk') @ApiBearerAuth() @Controller('v2/batches')`.
 */
export function ApiController(tag: string, path: string): ClassDecorator {
  return applyDecorators(ApiTags(tag), ApiBearerAuth(), Controller(path));
}

/**
 * A read route: GET, and its POST twin (WME clients may send the parameters as a JSON body; POST
 * creates nothing, so it answers 200 like the GET). The twin is a method `<name>Post` that calls
 * this one with the same parameters and carries the metadata of the decorators below this one
 * (OpenAPI summary, produced types): put `@ReadRoute` first.
 */
export function ReadRoute(path?: string): MethodDecorator {
  return (target, key, descriptor) => {
    const handler = descriptor.value as (this: unknown, ...args: unknown[]) => unknown;
    const twinKey = `${String(key)}Post`;
    const call = function (this: unknown, ...args: unknown[]): unknown {
      return handler.apply(this, args);
    };
    for (const k of Reflect.getMetadataKeys(handler)) Reflect.defineMetadata(k, Reflect.getMetadata(k, handler), call);
    for (const k of Reflect.getOwnMetadataKeys(target, key))
      Reflect.defineMetadata(k, Reflect.getOwnMetadata(k, target, key), target, twinKey);
    const args: unknown = Reflect.getMetadata(ROUTE_ARGS_METADATA, target.constructor, key);
    Reflect.defineMetadata(ROUTE_ARGS_METADATA, args, target.constructor, twinKey);
    const twin = { value: call, writable: true, configurable: true };
    Object.defineProperty(target, twinKey, twin);
    applyDecorators(Post(path), HttpCode(200))(target, twinKey, twin);
    Get(path)(target, key, descriptor);
  };
}
