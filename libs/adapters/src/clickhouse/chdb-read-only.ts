import { Session } from 'chdb';
import { AstPolicy, checkExplainAst, checkReadOnlySql, DEFAULT_AST_POLICY } from '@okapi/projections';
import { readOnlyQueryError } from './read-only-errors';

/**
 * User SQL on chDB: a second Session on the engine's directory whose settings are set once, before
 * `readonly = 1`; from then on no query in this session can change a setting (readonly=1 refuses
 * SET and SETTINGS, `readonly` itself included), write, run DDL or SYSTEM, or open the table
 * functions that leave the database (file, url, s3, remote, executable, mysql...). The engine's
 * parser then decides the rest: `formatQuerySingleLine` (the query is a bound parameter, never
 * spliced) refuses several statements, and `EXPLAIN AST` of its single statement is checked
 * (explain-ast.ts). The statement that runs is the one checked.
 */
const LIMITS: Readonly<Record<string, number | string>> = {
  max_execution_time: 60,
  max_memory_usage: 2_000_000_000,
  max_result_rows: 1_000_000,
  result_overflow_mode: "'throw'",
};

export class ChdbReadOnlySession {
  private constructor(
    private readonly session: Session,
    private readonly policy: AstPolicy,
  ) {}

  static async open(path: string): Promise<ChdbReadOnlySession> {
    const session = new Session(path);
    try {
      for (const [name, value] of Object.entries(LIMITS)) await session.queryAsync(`SET ${name} = ${value}`);
      await session.queryAsync('SET readonly = 1');
      const check = (await session.queryAsync("SELECT getSetting('readonly') AS r", { format: 'CSV' })).text().trim();
      if (check !== '1') throw new Error(`chDB read-only session reports readonly = ${check}`);
      return new ChdbReadOnlySession(session, await enginePolicy(session));
    } catch (e) {
      session.close();
      throw e;
    }
  }

  async query(input: string): Promise<string> {
    try {
      const single = await this.singleStatement(checkReadOnlySql(input));
      const ast = (await this.session.queryAsync(`EXPLAIN AST ${single}`, { format: 'TSVRaw' })).text();
      checkExplainAst(ast, this.policy);
      return (await this.session.queryAsync(single, { format: 'JSONEachRow' })).text();
    } catch (e) {
      throw readOnlyQueryError(e, input);
    }
  }

  private async singleStatement(sql: string): Promise<string> {
    const out = await this.session.queryBindAsync(
      'SELECT formatQuerySingleLine({q:String}) AS f',
      { q: sql },
      {
        format: 'JSONEachRow',
      },
    );
    return (JSON.parse(out.text()) as { f: string }).f;
  }

  close(): void {
    this.session.close();
  }
}

/** The default policy, plus every engine alias of a denied scalar function. */
async function enginePolicy(session: Session): Promise<AstPolicy> {
  const denied = [...DEFAULT_AST_POLICY.deniedFunctions].map((n) => `'${n}'`).join(',');
  const rows = (
    await session.queryAsync(
      `SELECT lower(name) AS n FROM system.functions WHERE lower(name) IN (${denied}) OR lower(alias_to) IN (${denied})`,
      { format: 'CSV' },
    )
  )
    .text()
    .split('\n')
    .map((l) => l.replace(/"/g, '').trim())
    .filter(Boolean);
  return { ...DEFAULT_AST_POLICY, deniedFunctions: new Set([...DEFAULT_AST_POLICY.deniedFunctions, ...rows]) };
}
