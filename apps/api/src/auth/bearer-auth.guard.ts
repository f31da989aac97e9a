import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { OkapiConfig } from '@okapi/adapters/config';
import { Authenticator } from '@okapi/adapters/auth';
import { unauthorized } from '@okapi/adapters/errors';
import { LOCAL_SECRET_HEADER, sameSecret } from '@okapi/adapters/runtime';
import { CONFIG } from '@okapi/adapters/runtime';
import { AUTHENTICATOR, ROUTE_ACCESS, RouteAccess } from './auth.tokens';
import { LOCAL_SECRET } from './local-secret.provider';

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
    const access =
      this.reflector.getAllAndOverride<RouteAccess | undefined>(ROUTE_ACCESS, [
        context.getHandler(),
        context.getClass(),
      ]) ?? 'bearer';
    const req = context.switchToHttp().getRequest<Request & { principal?: unknown }>();
    switch (access) {
      case 'public':
        return true;
      case 'local-secret':
        if (sameSecret(req.header(LOCAL_SECRET_HEADER), this.localSecret)) return true;
        throw unauthorized(
          'this endpoint needs the server local secret (okapi CLI only)',
          'auth.local_secret_required',
        );
      case 'bearer':
        if (this.enabled) req.principal = this.bearer(req, context.switchToHttp().getResponse<Response>());
        return true;
    }
  }

  private bearer(req: Request, res: Response): unknown {
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
