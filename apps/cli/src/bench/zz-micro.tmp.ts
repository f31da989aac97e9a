import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createApiApp } from '../../../api/src/create-api-app';
import { loadConfig } from '@okapi/adapters/config/env.config';
import { projectionRunnerFor } from '@okapi/adapters/clickhouse/projection-runner';
import { openRuntime } from '@okapi/adapters/runtime/open-runtime';
import { importDump, SAMPLE_DUMPS } from '@okapi/adapters/sources/dump';
import { ArticleLookupService } from '../../../api/src/articles/article-lookup.service';
import { toOnDemandQuery } from '../../../api/src/articles/on-demand-query';
import { LookupRequestDto } from '../../../api/src/articles/lookup-request.dto';
import { REQUEST_TRACKER, RequestTracker } from '../../../api/src/logging/request-tracker';
import { AUTHENTICATOR } from '../../../api/src/auth/auth.tokens';

const NO = new LookupRequestDto();
async function time(name: string, n: number, f: () => unknown | Promise<unknown>, isAsync = false) {
  for (let i = 0; i < n / 10; i++) isAsync ? await f() : f();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) isAsync ? await f() : f();
  console.log(name.padEnd(30), (Number(process.hrtime.bigint() - t0) / n / 1000).toFixed(3), 'µs');
}
(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'okapi-micro-'));
  const config = { ...loadConfig({ OKAPI_DATA_DIR: dir, OKAPI_LOG_LEVEL: 'warn', OKAPI_API_TOKENS: 'tok-0123456789abcdef0123456789' }) };
  const runtime = await openRuntime(config);
  for (const f of SAMPLE_DUMPS) await importDump(f, runtime);
  await projectionRunnerFor(runtime).runUntilCaughtUp();
  const app = await createApiApp(runtime, { logger: false });
  await app.init();
  const lookup = app.get(ArticleLookupService);
  const tracker = app.get<RequestTracker>(REQUEST_TRACKER);
  const auth = app.get<any>(AUTHENTICATOR);
  const url = '/v2/articles/' + encodeURIComponent('Çullu,_Agdam');
  const q = toOnDemandQuery(decodeURIComponent(url.slice(13)), NO);
  const req: any = { method: 'GET', headers: {}, url };
  for (let r = 0; r < 2; r++) {
    await time('decode+toOnDemandQuery', 200000, () => toOnDemandQuery(decodeURIComponent(url.slice(13)), NO));
    await time('plainBody (await)', 200000, () => lookup.plainBody(q, false, false), true);
    await time('tracker.record', 200000, () => tracker.record(req, '/v2/articles/:name', 200, 'x', process.hrtime.bigint()));
    await time('tracker.requestId', 200000, () => tracker.requestId(req));
    await time('randomUUID', 200000, () => randomUUID());
    await time('authenticate', 200000, () => auth.authenticate('tok-0123456789abcdef0123456789'));
    await time('hrtime.bigint', 200000, () => process.hrtime.bigint());
  }
  await app.close(); await runtime.close();
})();
