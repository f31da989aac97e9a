import { ReadOnlySqlError } from './read-only-sql';

/**
 * Verdict on chDB's own parse of a user query (`EXPLAIN AST <query>`, one node per line, one space
 * of indent per level, e.g. `Function numbers (alias n) (children 1)`). `readonly = 1` already
 * refuses writes, DDL, SET, SYSTEM and the table functions that reach outside the database; this
 * refuses what that mode still lets through: `KILL`, `INTO OUTFILE`, `FORMAT`, table functions
 * outside a short list, scalar functions that read the host (`file`), and any SETTINGS clause:
 * chDB 26.7 applies a subquery's `SETTINGS readonly = 0` although the session is read-only
 * (`SELECT * FROM (SELECT * FROM file(...) SETTINGS readonly = 0)` reads the file).
 */
export interface AstPolicy {
  /** Lower-case table functions allowed in FROM/JOIN (anything else is refused). */
  readonly tableFunctions: ReadonlySet<string>;
  /** Lower-case scalar functions refused anywhere (with their engine aliases). */
  readonly deniedFunctions: ReadonlySet<string>;
}

export const DEFAULT_AST_POLICY: AstPolicy = {
  tableFunctions: new Set([
    'numbers',
    'numbers_mt',
    'zeros',
    'zeros_mt',
    'generate_series',
    'generateseries',
    'values',
    'view',
  ]),
  deniedFunctions: new Set(['file', 'catboostevaluate', 'modelevaluate']),
};

interface AstNode {
  readonly depth: number;
  readonly kind: string;
  readonly name: string;
  readonly children: number;
}

function parseLine(line: string): AstNode {
  const depth = line.length - line.trimStart().length;
  const [kind = '', name = ''] = line.trim().split(/\s+/);
  const children = /\(children (\d+)\)$/.exec(line)?.[1];
  return { depth, kind, name: name.startsWith('(') ? '' : name, children: children ? Number(children) : 0 };
}

/** Root kinds allowed, with how many direct children each may have (more means OUTFILE / FORMAT). */
const ROOTS: Readonly<Record<string, number>> = {
  SelectWithUnionQuery: 1,
  DescribeQuery: 1,
  ExistsTableQuery: 1,
  ShowTables: 0,
};

/** Throws ReadOnlySqlError unless the tree is one read-only query within the policy. */
export function checkExplainAst(text: string, policy: AstPolicy = DEFAULT_AST_POLICY): void {
  const nodes = text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map(parseLine);
  const root = nodes.at(0);
  if (!root || root.depth !== 0) throw new ReadOnlySqlError('the engine returned no parse tree');
  const allowedChildren = Object.prototype.hasOwnProperty.call(ROOTS, root.kind) ? ROOTS[root.kind] : undefined;
  if (allowedChildren === undefined) throw new ReadOnlySqlError(`only read-only queries are allowed, got ${root.kind}`);
  if (root.children > allowedChildren) throw new ReadOnlySqlError('INTO OUTFILE and FORMAT are not allowed');
  for (let i = 1; i < nodes.length; i++) {
    const node = nodes[i];
    if (node.kind === 'Set') throw new ReadOnlySqlError('SETTINGS are not allowed in user queries');
    if (node.kind !== 'Function') continue;
    const name = node.name.toLowerCase();
    const parent = findParent(nodes, i);
    if (parent?.kind === 'TableExpression' && !policy.tableFunctions.has(name))
      throw new ReadOnlySqlError(`table function ${node.name} is not allowed`);
    if (policy.deniedFunctions.has(name)) throw new ReadOnlySqlError(`function ${node.name} is not allowed`);
  }
}

function findParent(nodes: readonly AstNode[], index: number): AstNode | undefined {
  for (let j = index - 1; j >= 0; j--) if (nodes[j].depth < nodes[index].depth) return nodes[j];
  return undefined;
}
