import type { IncomingMessage, ServerResponse } from 'node:http';
import { CanActivate, ExecutionContext, Inject, Injectable, Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { OkapiConfig } from '@okapi/adapters/config';
import { Authenticator } from '@okapi/adapters/auth';
import { unauthorized } from '@okapi/adapters/errors';
import { LOCAL_SECRET_HEADER, sameSecret } from '@okapi/adapters/runtime';
import { CONFIG } from '@okapi/adapters/runtime';
import { AUTHENTICATOR, ROUTE_ACCESS, RouteAccess } from './auth-tokens';
import { LOCAL_SECRET } from './local-secret-provider';

/**
 * The global guard (APP_GUARD). It decides on the MATCHED route's metadata, never on the request
 * path: whatever spelling of a path express routed here (case, trailing slash, encoded letters),
 * the route's own marker applies. Every route needs `Authorization: Bearer <token>` (an access
 * token from /v1/login or a static OKAPI_API_TOKENS entry) unless OKAPI_AUTH=disabled or the route
 * is @Public(); @LocalSecret() routes need the server's local secret in every mode.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  private readonly enabled: boolean;
  /** Route markers by controller, then handler. */
  private readonly access = new WeakMap<object, WeakMap<object, RouteAccess>>();

  constructor(
    @Inject(CONFIG) config: OkapiConfig,
    @Inject(AUTHENTICATOR) private readonly auth: Authenticator,
    @Inject(LOCAL_SECRET) private readonly localSecret: string,
    private readonly reflector: Reflector,
  ) {
    this.enabled = config.auth !== 'disabled';
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const http = context.switchToHttp();
    return this.allows(
      http.getRequest<Request>(),
      http.getResponse<Response>(),
      context.getHandler(),
      context.getClass(),
    );
  }

  /**
   * The decision on a request to `handler` of `controller` (canActivate's, without an execution
   * context: the lookup fast path asks it per request): true, or the refusal thrown. On a bearer
   * route with auth enabled it sets `req.principal`.
   */
  allows(
    req: IncomingMessage & { principal?: unknown },
    res: ServerResponse,
    handler: object,
    controller: object,
  ): true {
    switch (this.accessOf(handler, controller)) {
      case 'public':
        return true;
      case 'local-secret':
        if (sameSecret(headerValue(req.headers[LOCAL_SECRET_HEADER]), this.localSecret)) return true;
        throw unauthorized(
          'this endpoint needs the server local secret (okapi CLI only)',
          'auth.local_secret_required',
        );
      case 'bearer':
        if (this.enabled) req.principal = this.bearer(req, res);
        return true;
    }
  }

  /** The route's marker (handler over controller), read once per route: metadata is fixed at load. */
  private accessOf(handler: object, controller: object): RouteAccess {
    let byHandler = this.access.get(controller);
    if (!byHandler) this.access.set(controller, (byHandler = new WeakMap()));
    let access = byHandler.get(handler);
    if (access === undefined) {
      access =
        this.reflector.getAllAndOverride<RouteAccess | undefined>(ROUTE_ACCESS, [
          handler as () => void,
          controller as Type,
        ]) ?? 'bearer';
      byHandler.set(handler, access);
    }
    return access;
  }

  private bearer(req: IncomingMessage, res: ServerResponse): unknown {
    const header = req.headers.authorization;
    const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="okapi"');
      throw unauthorized('Unauthorized', header === undefined ? 'auth.missing_token' : 'auth.malformed_header');
    }
    try {
      return this.auth.authenticate(match[1]);
    } catch (e) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="okapi", error="invalid_token"');
      throw e;
    }
  }
}

/** A header as one string (Node gives a list for a repeated header: then the first). */
function headerValue(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h[0] : h;
}
