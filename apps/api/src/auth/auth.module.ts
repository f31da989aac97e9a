import { Inject, Logger, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthStore, parseUserList } from '@okapi/adapters/auth';
import { Authenticator } from '@okapi/adapters/auth';
import { AuthStateStore } from '@okapi/adapters/auth';
import { openAuthState } from '@okapi/adapters/auth';
import { OkapiConfig } from '@okapi/adapters/config';
import { CONFIG } from '@okapi/adapters/runtime';
import { AuthController } from './auth.controller';
import { AUTHENTICATOR } from './auth-tokens';
import { BearerAuthGuard } from './bearer-auth.guard';
import { firstRunMessage } from './first-run-message';
import { LOCAL_SECRET, localSecretProvider } from './local-secret-provider';

const AUTH_STATE = Symbol('AUTH_STATE');

/** Revocations and login attempts shared by every replica (open-auth-state.ts). */
async function openAuthenticator(config: OkapiConfig, state: AuthStateStore): Promise<Authenticator> {
  const auth = new Authenticator(new AuthStore(config.dataDir), state, {
    users: parseUserList(config.users),
    apiTokens: config.apiTokens,
    jwtSecret: config.jwtSecret,
    accessTokenTtl: config.accessTokenTtl,
    refreshTokenTtl: config.refreshTokenTtl,
  });
  await auth.start();
  return auth;
}

/**
 * `/v1/login|token-refresh|token-revoke`, the server's local secret, and the global guard that
 * protects every route unless its metadata says otherwise (bearer-auth.guard.ts).
 */
@Module({
  controllers: [AuthController],
  providers: [
    { provide: AUTH_STATE, useFactory: openAuthState, inject: [CONFIG] },
    { provide: AUTHENTICATOR, useFactory: openAuthenticator, inject: [CONFIG, AUTH_STATE] },
    localSecretProvider,
    BearerAuthGuard,
    { provide: APP_GUARD, useExisting: BearerAuthGuard },
  ],
  // The guard is exported for the on-demand fast path, which asks it about the route it serves.
  exports: [AUTHENTICATOR, LOCAL_SECRET, BearerAuthGuard],
})
export class AuthModule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('auth');

  constructor(
    @Inject(CONFIG) private readonly config: OkapiConfig,
    @Inject(AUTHENTICATOR) private readonly auth: Authenticator,
    @Inject(AUTH_STATE) private readonly state: AuthStateStore,
  ) {}

  async onModuleDestroy(): Promise<void> {
    this.auth.stop();
    await this.state.close();
  }

  /** First run: no user anywhere -> create `admin`, print how to use it (once). */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.auth === 'disabled') return;
    const store = new AuthStore(this.config.dataDir);
    const created = await store.ensureAdmin(this.config.users.length > 0);
    if (!created) return;
    this.auth.reloadUsers();
    process.stderr.write(firstRunMessage(created, this.config));
    this.logger.log({
      msg: 'created first-run admin credential',
      username: created.username,
      passwordFile: created.passwordFile,
    });
  }
}
