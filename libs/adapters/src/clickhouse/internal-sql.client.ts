import { request } from 'node:http';
import { OkapiError } from '../errors/okapi-error';
import { LOCAL_SECRET_HEADER, localSecretFile, readLocalSecret } from '../runtime/local-secret';

/**
 * Client side of `POST /internal/sql` (apps/api/src/internal-sql): how `okapi sql` runs a query in
 * the `okapi start` process that holds the chDB directory, proving with the server's local secret
 * (read from `dataDir`) that the caller may read that directory. Returns the JSONEachRow body.
 */
export function postInternalSql(
  server: { readonly port: number; readonly dataDir: string },
  sql: string,
  timeoutMs = 60_000,
): Promise<string> {
  const { port, dataDir } = server;
  const secret = readLocalSecret(dataDir);
  if (secret === undefined)
    return Promise.reject(
      new OkapiError(
        'analytics.unreachable',
        503,
        `the chDB directory is locked and ${localSecretFile(dataDir)} (the running server's local secret) is not readable`,
      ),
    );
  const body = JSON.stringify({ sql });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/internal/sql',
        method: 'POST',
        timeout: timeoutMs,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          [LOCAL_SECRET_HEADER]: secret,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode === 200) return resolve(text);
          reject(errorFrom(res.statusCode ?? 500, text));
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from 127.0.0.1:${port} within ${timeoutMs} ms`)));
    req.on('error', (e) =>
      reject(
        new OkapiError(
          'analytics.unreachable',
          503,
          `the chDB directory is locked and the server on 127.0.0.1:${port} did not answer (${e.message})`,
        ),
      ),
    );
    req.end(body);
  });
}

function errorFrom(status: number, text: string): OkapiError {
  try {
    const body = JSON.parse(text) as { code?: string; message?: string };
    return new OkapiError(body.code ?? 'analytics.query_failed', status, body.message ?? text);
  } catch {
    return new OkapiError('analytics.query_failed', status, text.slice(0, 500));
  }
}
