import { Link } from 'react-router';

/**
 * The buttons under a form: submit (primary, or `danger` for a step that cannot be undone; busy
 * and disabled while it runs, with `busyLabel` then if given) and the way out — a link back
 * (`to`) or a button that closes the panel (`onClick`).
 */
export function FormActions({
  busy,
  label,
  busyLabel,
  danger,
  disabled,
  cancel,
}: {
  busy: boolean;
  label: string;
  busyLabel?: string;
  danger?: boolean;
  /** Disabled for another reason than being busy (a confirmation is open). */
  disabled?: boolean;
  cancel: { label: string; to: string } | { label: string; onClick: () => void };
}) {
  return (
    <div className="form-actions">
      <button type="submit" className={danger ? 'danger' : 'primary'} disabled={busy || disabled} aria-busy={busy}>
        {busy && busyLabel ? busyLabel : label}
      </button>
      {'to' in cancel ? (
        <Link className="button" to={cancel.to}>
          {cancel.label}
        </Link>
      ) : (
        <button type="button" onClick={cancel.onClick}>
          {cancel.label}
        </button>
      )}
    </div>
  );
}
