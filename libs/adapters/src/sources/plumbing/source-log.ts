import { Logger } from '@nestjs/common';

/** Where sources write progress lines (stderr in the CLI, the Nest logger in apps). */
export interface SourceLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLog: SourceLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

const LEVELS = ['error', 'warn', 'info', 'debug'] as const;
type Level = (typeof LEVELS)[number];

/** Progress and problems on stderr, one line each, filtered by OKAPI_LOG_LEVEL. */
export function stderrLog(
  level: Level,
  stream: NodeJS.WritableStream = process.stderr,
  now: () => Date = () => new Date(),
): SourceLog {
  const max = LEVELS.indexOf(level);
  const line =
    (l: Level) =>
    (message: string): void => {
      if (LEVELS.indexOf(l) <= max) stream.write(`${now().toISOString()} ${l.toUpperCase()} ${message}\n`);
    };
  return { info: line('info'), warn: line('warn'), error: line('error') };
}

/**
 * Through Nest's Logger: inside `okapi start` that is the structured JSON logger (level-filtered
 * there), so source lines share one format with the API and the other workers.
 */
export function nestSourceLog(context = 'sources'): SourceLog {
  const logger = new Logger(context);
  return { info: (m) => logger.log(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) };
}
