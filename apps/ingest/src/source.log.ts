import { SourceLog } from '@okapi/adapters/sources/eventstreams/command.sink';

const LEVELS = ['error', 'warn', 'info', 'debug'] as const;
type Level = (typeof LEVELS)[number];

/** Progress and problems on stderr, one line each, filtered by OKAPI_LOG_LEVEL. */
export function stderrLog(level: Level, stream: NodeJS.WritableStream = process.stderr, now: () => Date = () => new Date()): SourceLog {
  const max = LEVELS.indexOf(level);
  const line = (l: Level) => (message: string): void => {
    if (LEVELS.indexOf(l) <= max) stream.write(`${now().toISOString()} ${l.toUpperCase()} ${message}\n`);
  };
  return { info: line('info'), warn: line('warn'), error: line('error') };
}
