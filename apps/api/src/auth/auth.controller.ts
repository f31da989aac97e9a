import { Body, Controller, HttpCode, Inject, Post, Req, Res, UsePipes } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Authenticator, LoginTokens, RefreshedTokens } from '@okapi/adapters/auth';
import { clientAddress } from '@okapi/adapters/auth';
import { OkapiConfig } from '@okapi/adapters/config';
import { OkapiError } from '@okapi/adapters/errors';
import { CONFIG } from '@okapi/adapters/runtime';
import { LoginDto, LoginResponseDto, RefreshDto, RefreshResponseDto, RevokeDto } from './auth.dto';
import { AUTHENTICATOR } from './auth-tokens';
import { edgeValidationPipe } from './edge-validation.pipe';
import { Public } from './public.decorator';

/** WME auth API (`auth.enterprise.wikimedia.com/v1`): login, refresh, revoke. */
@ApiTags('auth')
@Controller('v1')
@UsePipes(edgeValidationPipe())
export class AuthController {
  constructor(
    @Inject(AUTHENTICATOR) private readonly auth: Authenticator,
    @Inject(CONFIG) private readonly config: OkapiConfig,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange username and password for access, id and refresh tokens' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({ description: 'Wrong username or password' })
  async login(
    @Body() body: LoginDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginTokens> {
    const address = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], this.config.trustProxy);
    try {
      return await this.auth.login(body.username, body.password, address);
    } catch (e) {
      // A throttled attempt says when to come back (RFC 9110 Retry-After, seconds).
      const retryAfter = e instanceof OkapiError ? e.details?.retryAfter : undefined;
      if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
      throw e;
    }
  }

  @Public()
  @Post('token-refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'New access and id tokens from a refresh token (the refresh token stays the same)' })
  @ApiOkResponse({ type: RefreshResponseDto })
  refresh(@Body() body: RefreshDto): Promise<RefreshedTokens> {
    return this.auth.refresh(body.refresh_token, body.username);
  }

  // The refresh token in the body is the credential (WME SDKs call it without a bearer token),
  // and revoking can only take access away.
  @Public()
  @Post('token-revoke')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a refresh token and every access token issued with it' })
  revoke(@Body() body: RevokeDto): Promise<void> {
    return this.auth.revoke(body.refresh_token);
  }
}
