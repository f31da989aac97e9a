import { checkReadOnlySql, ReadOnlySqlError, withReadOnlySetting } from './read-only-sql';

describe('checkReadOnlySql', () => {
  it.each([
    'SELECT 1',
    'select count() from revisions;',
    '  WITH 1 AS x SELECT x',
    'SHOW TABLES',
    'DESCRIBE TABLE revisions',
    'EXPLAIN SELECT 1',
    "SELECT ';' AS semi",
    'SELECT 1 -- DROP TABLE x; \n',
  ])('accepts %j', (sql) => {
    expect(() => checkReadOnlySql(sql)).not.toThrow();
  });

  it.each([
    ['', 'empty'],
    ['DROP TABLE revisions', 'only read-only'],
    ['INSERT INTO revisions SELECT * FROM revisions', 'only read-only'],
    ['SELECT 1; DROP TABLE revisions', 'one statement'],
    ['/* hi */ ALTER TABLE x DELETE WHERE 1', 'only read-only'],
    ['SELECT 1 FORMAT TSV', 'FORMAT'],
    ["SELECT 'unterminated", 'unterminated'],
  ])('rejects %j (%s)', (sql, message) => {
    expect(() => checkReadOnlySql(sql)).toThrow(ReadOnlySqlError);
    expect(() => checkReadOnlySql(sql)).toThrow(message);
  });

  it('forces readonly = 1, extending an existing top-level SETTINGS clause', () => {
    expect(withReadOnlySetting(checkReadOnlySql('SELECT 1;'))).toBe('SELECT 1\nSETTINGS readonly = 1');
    expect(withReadOnlySetting(checkReadOnlySql('SELECT 1 SETTINGS max_threads = 1'))).toBe(
      'SELECT 1 SETTINGS max_threads = 1, readonly = 1',
    );
    expect(withReadOnlySetting(checkReadOnlySql('SELECT * FROM (SELECT 1 SETTINGS max_threads = 1)'))).toMatch(
      /\nSETTINGS readonly = 1$/,
    );
  });
});
