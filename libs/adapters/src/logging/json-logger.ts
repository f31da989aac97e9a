import { LoggerService } from '@nestjs/common';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/** Nest's own start-up chatter (one line per module and route): debug, not info. */
const NEST_BOOT = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory']);

/**
 * Structured logs: one JSON object per line on stderr (stdout stays for machine output), e.g.
 * `{"time":"…","level":"info","context":"http","msg":"request","req_id":"…","status":200}`.
 * Nest's own `Logger` calls land here too (Logger.overrideLogger).
 *
 * Kept instead of pino for now, for a measured reason: the same class backed by pino 10.4.0 (same
 * fields) made apps/api/src/core/fault-containment.e2e-spec.ts fail 3 runs in 6 (HTTP parse
 * errors on the fault routes' sockets), against 0 in 10 with this writer; to retry with pino once
 * that interaction is understood.
 */
export class JsonLogger implements LoggerService {
  private readonly max: number;

  constructor(
    level: LogLevel = 'info',
    private readonly out: NodeJS.WritableStream = process.stderr,
  ) {
    this.max = RANK[level];
  }

  enabled(level: LogLevel): boolean {
    return RANK[level] <= this.max;
  }

  write(level: LogLevel, context: string | undefined, message: unknown, extra?: Record<string, unknown>): void {
    if (!this.enabled(level)) return;
    const fields =
      typeof message === 'object' && message !== null && !(message instanceof Error)
        ? (message as Record<string, unknown>)
        : { msg: message instanceof Error ? message.message : String(message) };
    this.out.write(`${JSON.stringify({ time: new Date().toISOString(), level, context, ...fields, ...extra })}\n`);
  }

  log(message: unknown, context?: string): void {
    this.write(context !== undefined && NEST_BOOT.has(context) ? 'debug' : 'info', context, message);
  }
  error(message: unknown, stackOrContext?: string, context?: string): void {
    // Nest passes (message, stack, context) or (message, context).
    const stack = context !== undefined ? stackOrContext : undefined;
    this.write('error', context ?? stackOrContext, message, stack ? { stack } : undefined);
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', context, message);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', context, message);
  }
  verbose(message: unknown, context?: string): void {
    this.write('debug', context, message);
  }
}
