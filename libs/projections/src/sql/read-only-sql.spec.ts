import { checkReadOnlySql, ReadOnlySqlError } from './read-only-sql';

describe('checkReadOnlySql (statement kind by first keyword)', () => {
  it.each([
    'SELECT 1',
    'select count() from revisions;',
    '  WITH 1 AS x SELECT x',
    '/* why */ -- note\nSELECT 1',
    'SHOW TABLES',
    'DESCRIBE TABLE revisions',
    'EXISTS TABLE revisions',
  ])('accepts %j', (sql) => {
    expect(checkReadOnlySql(sql)).toBe(sql.trim());
  });

  it.each([
    ['', 'empty'],
    ['  -- only a comment', 'empty'],
    ['DROP TABLE revisions', 'got "DROP"'],
    ['KILL QUERY WHERE 1', 'got "KILL"'],
    ['/* hi */ ALTER TABLE x DELETE WHERE 1', 'got "ALTER"'],
    ['SET readonly = 0', 'got "SET"'],
    ['ＳＥＬＥＣＴ 1', 'only read-only'],
  ])('refuses %j (%s)', (sql, message) => {
    expect(() => checkReadOnlySql(sql)).toThrow(ReadOnlySqlError);
    expect(() => checkReadOnlySql(sql)).toThrow(message);
  });
});
