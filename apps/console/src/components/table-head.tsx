/** A column: its header text, or the text and the class of its cells (`num`, `hide-narrow`). */
export type Column = string | readonly [label: string, className: string];

/** The header row of a data table, one `<th scope="col">` per column. */
export function TableHead({ columns }: { columns: readonly Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c) => {
          const [label, className] = typeof c === 'string' ? [c, undefined] : c;
          return (
            <th key={label} scope="col" class={className}>
              {label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
