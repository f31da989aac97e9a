import { SetMetadata } from '@nestjs/common';
import { ROUTE_ACCESS, RouteAccess } from './auth-tokens';

/** Marks a route (or every route of a controller) as open even when OKAPI_AUTH=enabled. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(ROUTE_ACCESS, 'public' satisfies RouteAccess);

/**
 * Marks a route as reachable only with the server's local secret (`Okapi-Local-Secret` header,
 * see libs/adapters/src/runtime/local-secret.ts), whatever OKAPI_AUTH says.
 */
export const LocalSecret = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ROUTE_ACCESS, 'local-secret' satisfies RouteAccess);
