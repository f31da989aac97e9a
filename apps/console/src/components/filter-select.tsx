/** An option's value, or its value and the label shown for it. */
export type FilterOption = string | readonly [value: string, label: string];

interface FilterSelectProps {
  readonly label: string;
  readonly value: string;
  readonly options: readonly FilterOption[];
  /** The label of the leading "no filter" option (value ""), if the filter has one. */
  readonly all?: string;
  readonly onChange: (value: string) => void;
  /** The label's class (`inline-label`: outside a toolbar). */
  readonly className?: string;
}

/** One labelled select (a toolbar filter, or a picker) whose change the view applies at once. */
export function FilterSelect({ label, value, options, all, onChange, className }: FilterSelectProps) {
  return (
    <label class={className}>
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
