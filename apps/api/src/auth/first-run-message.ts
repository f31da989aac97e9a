import { BootstrapCredential } from '@okapi/adapters/auth';
import { OkapiConfig } from '@okapi/adapters/config';

/** What a new operator reads on first start: the credential and two curl lines to use it. */
export function firstRunMessage(cred: BootstrapCredential, config: OkapiConfig): string {
  const base = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
  return (
    [
      '',
      'okapi: created a local admin credential (first run)',
      `  username: ${cred.username}`,
      `  password: ${cred.password}`,
      `  (also saved, readable only by you, in ${cred.passwordFile})`,
      `  open the console at ${base}/ and sign in, or`,
      '  get a token and use it:',
      `    curl -s -X POST ${base}/v1/login -H 'content-type: application/json' -d '{"username":"${cred.username}","password":"${cred.password}"}'`,
      `    curl -s ${base}/v2/projects -H "Authorization: Bearer $ACCESS_TOKEN"`,
      '  more users: OKAPI_USERS=name:<hash from `okapi hash-password`>; static tokens: OKAPI_API_TOKENS',
      '',
    ].join('\n') + '\n'
  );
}
