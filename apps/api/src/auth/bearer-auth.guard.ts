import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { OkapiConfig } from '@okapi/adapters/config/env.config';
import { Authenticator } from '@okapi/adapters/auth/authenticator';
import { unauthorized } from '@okapi/adapters/errors/okapi-error';
import { CONFIG } from '@okapi/adapters/runtime/tokens';
import { AUTHENTICATOR, IS_PUBLIC } from './auth.tokens';

/**
 * Every `/v2` endpoint needs `Authorization: Bearer <token>` (an access token from /v1/login or
 * a static OKAPI_API_TOKENS entry) unless OKAPI_AUTH=disabled or the route is @Public().
 * Health, metrics, docs and /v1 auth routes are outside /v2 and stay open.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  private readonly enabled: boolean;

  constructor(
    @Inject(CONFIG) config: OkapiConfig,
    @Inject(AUTHENTICATOR) private readonly auth: Authenticator,
    private readonly reflector: Reflector,
  ) {
    this.enabled = config.auth !== 'disabled';
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.enabled || context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request & { principal?: unknown }>();
    if (!req.path.startsWith('/v2/') && req.path !== '/v2') return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const header = req.headers.authorization;
    const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="okapi"');
      throw unauthorized('Unauthorized', header === undefined ? 'auth.missing_token' : 'auth.malformed_header');
    }
    try {
      req.principal = this.auth.authenticate(match[1]);
    } catch (e) {
      context
        .switchToHttp()
        .getResponse<Response>()
        .setHeader('WWW-Authenticate', 'Bearer realm="okapi", error="invalid_token"');
      throw e;
    }
    return true;
  }
}
