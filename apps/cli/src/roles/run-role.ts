import { Logger } from '@nestjs/common';
import { ENV_SPEC, EnvVarSpec, OkapiConfig } from '@okapi/adapters/config';
import { JsonLogger } from '@okapi/adapters/logging';
import { UsageError } from '../cli-args';
import { CliCommand, CliContext } from '../command';
import { openProcess, roleReadiness, untilAborted } from '../composition';
import { portInUseMessage, portIsFree } from '../start/port-probe';
import { startHealthServer } from './role-health.server';
import { roleDefinition, RoleDefinition, RoleName } from './role-definitions';

/** `okapi <role>` for the roles without the HTTP API: a command file is one line, `roleCommand('projector')`. */
export function roleCommand(name: Exclude<RoleName, 'api'>): CliCommand {
  const role = roleDefinition(name);
  return {
    name,
    summary: `role: ${role.summary}`,
    usage: name,
    flags: [],
    run: (args, ctx) => {
      if (args.positionals.length) throw new UsageError('takes no arguments (configure it with OKAPI_* variables)');
      return runRole(role, ctx);
    },
  };
}

/**
 * Runs one role until SIGINT/SIGTERM: opens only what the role needs (the event store read-only
 * unless the role appends), serves /healthz, /readyz and /metrics on OKAPI_PORT, starts the role's
 * workers under a supervisor, then stops them and closes the stores. Prints one JSON line on
 * stdout once listening, `{"role":…,"listening":…,"head":N,"workers":[…]}`, and one when stopped.
 */
export async function runRole(role: RoleDefinition, ctx: CliContext): Promise<number> {
  const { config, io } = ctx;
  assertRequired(role, config);
  if (!(await portIsFree(config.port, config.host))) {
    io.stderr.write(portInUseMessage(config.port, config.host));
    return 1;
  }
  Logger.overrideLogger(new JsonLogger(config.logLevel, io.stderr));
  const logger = new Logger(role.name);
  // SQLite has one writer (ingest); every other role reads the same file beside it.
  const graph = await openProcess(config, {
    roles: [role.name],
    readOnly: !role.appends,
    log: (line) => logger.warn(line),
  });
  const { runtime, workers, supervisor } = graph;
  try {
    const health = await startHealthServer(config.port, config.host, roleReadiness(role, graph));
    try {
      void supervisor.start();
      io.stdout.write(
        `${JSON.stringify({ role: role.name, listening: health.url, head: Number(await runtime.eventStore.head()), workers: workers.map((w) => w.name) })}\n`,
      );
      logger.log(`serving ${health.url}/readyz; workers: ${workers.map((w) => w.name).join(', ') || 'none'}`);
      await untilAborted(ctx.stopSignal);
      logger.log('stopping');
      await supervisor.stop();
    } finally {
      await health.close();
    }
    io.stdout.write(
      `${JSON.stringify({ role: role.name, stopped: true, head: Number(await runtime.eventStore.head()) })}\n`,
    );
    return 0;
  } finally {
    await graph.close();
  }
}

function assertRequired(role: RoleDefinition, config: OkapiConfig): void {
  const specs = Object.entries(ENV_SPEC) as [keyof OkapiConfig, EnvVarSpec][];
  const missing = role.requires.filter((name) => {
    const key = specs.find(([, s]) => s.name === name)?.[0];
    const value: unknown = key === undefined ? undefined : config[key];
    return value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
  });
  if (missing.length)
    throw new UsageError(`the ${role.name} role needs ${missing.join(', ')} (see .env.example; README, Deployment)`);
}
