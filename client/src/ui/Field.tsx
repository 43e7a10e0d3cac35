import type { ReactNode } from 'react';

/** The error text under a control (`<id>-error`), read with it through aria-describedby. */
export function FieldError({ id, error }: { id: string; error: string | undefined }) {
  if (!error) return null;
  return (
    <span id={`${id}-error`} className="field-error">
      {error}
    </span>
  );
}

/**
 * A labelled form control with its hint (`<id>-hint`) and its error (`<id>-error`) below it,
 * outside the label, so the label stays the control's name and the hint and error are read as its
 * description. The control itself gets `invalidProps(id, error, hintId)` (ui/user-errors).
 */
export function Field({ id, label, hint, error, children }: { id: string; label: ReactNode; hint?: ReactNode; error?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      )}
      <FieldError id={id} error={error} />
    </div>
  );
}
