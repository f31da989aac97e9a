import { LoggerService } from '@nestjs/common';
import pino, { Logger as Pino } from 'pino';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

/** Nest's own start-up chatter (one line per module and route): debug, not info. */
const NEST_BOOT = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory']);

/**
 * Structured logs through pino: one JSON object per line on stderr (stdout stays for machine
 * output), e.g. `{"level":"info","time":"…","context":"http","msg":"request","req_id":"…","status":200}`.
 * Nest's own `Logger` calls land here too (Logger.overrideLogger).
 *
 * pino directly rather than nestjs-pino: request ids, the request log line and the HTTP metrics
 * come from one middleware (request-tracker.ts) that the role processes (no Nest) share;
 * nestjs-pino would add pino-http as a second request logger and needs Node 22.
 */
export class JsonLogger implements LoggerService {
  private readonly pino: Pino;

  constructor(level: LogLevel = 'info', out: NodeJS.WritableStream = process.stderr) {
    this.pino = pino(
      {
        level,
        base: undefined, // no pid / hostname on every line
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
      },
      out,
    );
  }

  enabled(level: LogLevel): boolean {
    return this.pino.isLevelEnabled(level);
  }

  write(level: LogLevel, context: string | undefined, message: unknown, extra?: Record<string, unknown>): void {
    if (!this.enabled(level)) return;
    if (typeof message === 'object' && message !== null && !(message instanceof Error)) {
      const { msg, ...fields } = message as Record<string, unknown>;
      this.pino[level]({ context, ...fields, ...extra }, msg === undefined ? undefined : String(msg));
    } else {
      this.pino[level]({ context, ...extra }, message instanceof Error ? message.message : String(message));
    }
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
