/** An option's value, or its value and the label shown for it. */
export type FilterOption = string | readonly [value: string, label: string];

interface FilterSelectProps {
  readonly label: string;
  readonly value: string;
  readonly options: readonly FilterOption[];
  /** The label of the leading "no filter" option (value ""), if the filter has one. */
  readonly all?: string;
  readonly onChange: (value: string) => void;
}

/** One labelled filter of a toolbar: a select whose change the view applies at once. */
export function FilterSelect({ label, value, options, all, onChange }: FilterSelectProps) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {all !== undefined && <option value="">{all}</option>}
        {options.map((o) => {
          const [v, text] = typeof o === 'string' ? [o, o] : o;
          return (
            <option key={v} value={v}>
              {text}
            </option>
          );
        })}
      </select>
    </label>
  );
}
