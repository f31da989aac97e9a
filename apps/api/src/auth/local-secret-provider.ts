import { Provider } from '@nestjs/common';
import { OkapiConfig } from '@okapi/adapters/config';
import { writeLocalSecret } from '@okapi/adapters/runtime';
import { CONFIG } from '@okapi/adapters/runtime';

/** DI token of this server's local secret (a fresh one per start, written into the data dir). */
export const LOCAL_SECRET = Symbol('LOCAL_SECRET');

export const localSecretProvider: Provider = {
  provide: LOCAL_SECRET,
  useFactory: (config: OkapiConfig) => writeLocalSecret(config.dataDir),
  inject: [CONFIG],
};
