import { checkExplainAst } from './explain-ast';
import { ReadOnlySqlError } from './read-only-sql';

// Trees as chDB 26.x prints them for `EXPLAIN AST <query>` (TSVRaw).
const tree = (...lines: string[]): string => lines.join('\n') + '\n';
const SELECT_FROM = (fromLines: string[], top = 1, extra: string[] = []): string =>
  tree(
    `SelectWithUnionQuery (children ${top})`,
    ' ExpressionList (children 1)',
    '  SelectQuery (children 2)',
    '   ExpressionList (children 1)',
    '    Asterisk',
    '   TablesInSelectQuery (children 1)',
    '    TablesInSelectQueryElement (children 1)',
    '     TableExpression (children 1)',
    ...fromLines.map((l) => `      ${l}`),
    ...extra,
  );

describe('checkExplainAst', () => {
  it.each([
    ['a table', SELECT_FROM(['TableIdentifier revisions'])],
    [
      'numbers()',
      SELECT_FROM(['Function numbers (alias n) (children 1)', ' ExpressionList (children 1)', '  Literal UInt64_3']),
    ],
    ['DESCRIBE', tree('DescribeQuery (children 1)', ' TableExpression (children 1)', '  TableIdentifier t')],
    ['EXISTS', tree('ExistsTableQuery  t (children 1)', ' Identifier t')],
    ['SHOW TABLES', tree('ShowTables')],
    ['a column named settings', SELECT_FROM(['TableIdentifier t (alias format)'])],
  ])('accepts %s', (_name, text) => {
    expect(() => checkExplainAst(text)).not.toThrow();
  });

  it.each([
    ['KILL', tree('KillQueryQuery Literal_UInt64_1 ASYNC (children 1)', ' Literal UInt64_1'), 'KillQueryQuery'],
    ['INTO OUTFILE', SELECT_FROM(['TableIdentifier t'], 2, [" Literal 'x'"]), 'INTO OUTFILE'],
    ['FORMAT', SELECT_FROM(['TableIdentifier t'], 2, [' Identifier CSV']), 'FORMAT'],
    [
      'DESCRIBE INTO OUTFILE',
      tree('DescribeQuery (children 2)', ' TableExpression (children 1)', '  TableIdentifier t', " Literal 'x'"),
      'OUTFILE',
    ],
    [
      'file()',
      SELECT_FROM(['Function file (children 1)', ' ExpressionList (children 1)', "  Literal '/etc/passwd'"]),
      'table function file',
    ],
    ['URL() in upper case', SELECT_FROM(['Function URL (children 1)']), 'table function URL'],
    ['merge()', SELECT_FROM(['Function merge (children 1)']), 'table function merge'],
    [
      'scalar file()',
      tree(
        'SelectWithUnionQuery (children 1)',
        ' ExpressionList (children 1)',
        '  SelectQuery (children 1)',
        '   ExpressionList (children 1)',
        '    Function FILE (children 1)',
      ),
      'function FILE',
    ],
    ['EXPLAIN', tree('Explain EXPLAIN (children 1)', ' SelectWithUnionQuery (children 1)'), 'Explain'],
    [
      'nested SETTINGS',
      SELECT_FROM(['Subquery (children 1)', ' SelectWithUnionQuery (children 1)', '  Set']),
      'SETTINGS',
    ],
    ['nothing', '', 'no parse tree'],
    ['__proto__ as root', tree('__proto__'), 'only read-only'],
  ])('refuses %s', (_name, text, message) => {
    expect(() => checkExplainAst(text)).toThrow(ReadOnlySqlError);
    expect(() => checkExplainAst(text)).toThrow(message);
  });
});
