import { type ReactNode, useId } from 'react';

/**
 * A labelled select. The label is tied by `for`/`id` rather than wrapped around the select, so
 * the accessible name is the label alone (a wrapping label also reads out the chosen option).
 */
export function SelectField({
  label,
  value,
  onChange,
  children,
  disabled,
  describedBy,
  className,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: ReactNode;
  disabled?: boolean;
  describedBy?: string;
  className?: string;
}) {
  const id = useId();
  return (
    <div className={className ? `select-field ${className}` : 'select-field'}>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} disabled={disabled} aria-describedby={describedBy} onChange={(e) => onChange(e.target.value)}>
        {children}
      </select>
    </div>
  );
}

/** One <option> per choice: what a select lists after its own first option ("all …", "choose …"). */
export function Options({ options }: { options: readonly { value: string; label: ReactNode }[] | null | undefined }) {
  return (
    <>
      {options?.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </>
  );
}
