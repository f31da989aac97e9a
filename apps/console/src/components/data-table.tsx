import type { ComponentChildren } from 'preact';

/** A column: its header text, or the text and the class of its cells (`num`, `hide-narrow`). */
export type Column = string | readonly [label: string, className: string];

interface DataTableProps {
  readonly columns: readonly Column[];
  /** The table's accessible name. */
  readonly label?: string;
  /** Instead of `label`: the name of the scroll box, which then takes focus (keyboard scrolling). */
  readonly region?: string;
  /** Classes beside `table` (`stack`: one card per row on narrow screens). */
  readonly className?: string;
  readonly testId?: string;
  /** The rows. */
  readonly children: ComponentChildren;
}

/** A data table in a horizontal scroll box: a header row of columns, then the rows. */
export function DataTable({ columns, label, region, className, testId, children }: DataTableProps) {
  return (
    <div class="table-scroll" tabIndex={region === undefined ? undefined : 0} aria-label={region}>
      <table class={className ? `table ${className}` : 'table'} aria-label={label} data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c) => {
              const [text, cellClass] = typeof c === 'string' ? [c, undefined] : c;
              return (
                <th key={text} scope="col" class={cellClass}>
                  {text}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
