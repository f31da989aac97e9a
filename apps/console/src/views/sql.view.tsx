import { useState } from 'preact/hooks';
import type { TableSchema } from '@okapi/console-contract';
import { ErrorBox, PageHeader } from '../components/common';
import { Listing } from '../components/listing';
import { DataTable } from '../components/data-table';
import { jsonBody } from '../lib/api';
import { useApi } from '../lib/api-context';
import { cellText, columnsOf, parseNdjson, toCsv } from '../lib/csv';
import { saveBlob } from '../lib/download';
import { useAction } from '../lib/hooks';
import { SQL_EXAMPLES, TABLE_NOTES } from '../lib/sql-examples';
import { useJson } from '../lib/use-json';

const SHOWN_ROWS = 500;

interface Result {
  readonly sql: string;
  readonly columns: string[];
  readonly rows: Record<string, unknown>[];
  readonly ms: number;
}

/** Read-only SQL over the documented views (`POST /v2/sql`, the path `okapi sql` uses). */
export function SqlView() {
  const { api } = useApi();
  const schema = useJson<TableSchema[]>('/v2/sql/schema');
  const [sql, setSql] = useState(SQL_EXAMPLES[0].sql);
  const [result, setResult] = useState<Result>();
  const query = useAction();
  const running = query.busy !== undefined;

  const run = () =>
    query.run(true, async () => {
      const started = performance.now();
      const rows = parseNdjson(await api.text('/v2/sql', jsonBody({ sql })));
      setResult({ sql, columns: columnsOf(rows), rows, ms: Math.round(performance.now() - started) });
    });

  const download = () => {
    if (!result) return;
    saveBlob(new Blob([toCsv(result.columns, result.rows)], { type: 'text/csv;charset=utf-8' }), 'okapi-query.csv');
  };

  return (
    <section>
      <PageHeader title="SQL console">
        <span class="muted">Read-only ClickHouse SQL over the Okapi views</span>
      </PageHeader>
      <div class="sql-layout">
        <aside class="schema" aria-label="Schema">
          <h2>Tables</h2>
          <Listing loaded={schema}>
            {(tables) =>
              tables.map((t) => (
                <details key={t.table} open={t.table === 'revisions'}>
                  <summary>
                    <code>{t.table}</code>
                  </summary>
                  <p class="muted small">{TABLE_NOTES[t.table]}</p>
                  <ul class="columns">
                    {t.columns.map((c) => (
                      <li key={c.name}>
                        <button
                          type="button"
                          class="link-button"
                          title="Insert the column name"
                          onClick={() => setSql((s) => `${s}${/\s$/.test(s) ? '' : ' '}${c.name}`)}
                        >
                          {c.name}
                        </button>
                        <span class="muted small">{c.type}</span>
                      </li>
                    ))}
                  </ul>
                </details>
              ))
            }
          </Listing>
        </aside>
        <div class="sql-main">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void run();
            }}
          >
            <div class="toolbar">
              <label class="grow">
                Example queries
                <select
                  onChange={(e) => {
                    const ex = SQL_EXAMPLES.find((x) => x.title === e.currentTarget.value);
                    if (ex) setSql(ex.sql);
                  }}
                >
                  {SQL_EXAMPLES.map((x) => (
                    <option key={x.title}>{x.title}</option>
                  ))}
                </select>
              </label>
            </div>
            <label for="sql-editor">Query</label>
            <textarea
              id="sql-editor"
              class="sql-editor"
              spellcheck={false}
              rows={8}
              value={sql}
              aria-describedby="sql-hint"
              onInput={(e) => setSql(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                  e.preventDefault();
                  void run();
                }
              }}
            />
            <p id="sql-hint" class="muted small">
              One SELECT, WITH, SHOW TABLES, DESCRIBE or EXISTS statement; Ctrl+Enter runs it. Add FINAL after a table
              name to see each row once.
            </p>
            <div class="toolbar">
              <button class="button primary" type="submit" disabled={running}>
                {running ? 'Running…' : 'Run query'}
              </button>
              <button class="button" type="button" disabled={!result} onClick={download}>
                Download CSV
              </button>
              {result && (
                <span class="muted" role="status">
                  {result.rows.length} row{result.rows.length === 1 ? '' : 's'} in {result.ms} ms
                  {result.rows.length > SHOWN_ROWS ? ` (first ${SHOWN_ROWS} shown; the CSV has all)` : ''}
                </span>
              )}
            </div>
          </form>
          <ErrorBox error={query.error} />
          {result && <ResultTable result={result} />}
        </div>
      </div>
    </section>
  );
}

function ResultTable({ result }: { result: Result }) {
  if (result.rows.length === 0) return <p class="empty">No rows.</p>;
  return (
    <DataTable region="Query result" className="result-table" testId="sql-result" columns={result.columns}>
      {result.rows.slice(0, SHOWN_ROWS).map((row, i) => (
        <tr key={i}>
          {result.columns.map((c) => (
            <td key={c} class={typeof row[c] === 'number' ? 'num' : ''}>
              {cellText(row[c])}
            </td>
          ))}
        </tr>
      ))}
    </DataTable>
  );
}
