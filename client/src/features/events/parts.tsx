import type { ReactNode } from 'react';
import type { AttendanceStatus, EventType } from '../../gql/graphql';
import { useT } from '../../i18n';

export const EVENT_TYPES: readonly EventType[] = ['PARENT_EVENING', 'SCHOOL_VISIT'];
export const ATTENDANCE_STATUSES: readonly AttendanceStatus[] = ['ATTENDED', 'NO_SHOW', 'REGISTERED'];

/** "Geannuleerd" as a badge: the word carries the meaning, the colour only helps. */
export function CancelledBadge() {
  const { t } = useT('events');
  return <span className="badge bad">{t('cancelledBadge')}</span>;
}

/** Cancelled, planned (still to come) or held (in the past), as words. */
export function EventState({ startsAt, cancelledAt, now = Date.now() }: { startsAt: string; cancelledAt: string | null; now?: number }) {
  const { t } = useT('events');
  if (cancelledAt) return <CancelledBadge />;
  return Date.parse(startsAt) > now ? <span className="badge ok">{t('planned')}</span> : <span className="muted">{t('held')}</span>;
}

/** A userError of a mutation payload. */
export interface UserErrorLike {
  field: readonly string[];
  message: string;
  code: string;
}

/** The input field a userError names: ["input", "venue"] → "venue", ["input", "rows", "3", "status"] → "rows.3.status". */
export function fieldOf(error: UserErrorLike): string {
  const path = error.field[0] === 'input' ? error.field.slice(1) : error.field;
  return path.join('.');
}

/** aria props of a control with an error text (`<id>-error`) and an optional hint. */
export function invalidProps(id: string, error: string | undefined, hintId?: string) {
  const describedBy = [error ? `${id}-error` : null, hintId ?? null].filter(Boolean).join(' ');
  return { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy || undefined } as const;
}

/** The error text under a control, read with it through aria-describedby. */
export function FieldError({ id, error }: { id: string; error: string | undefined }) {
  if (!error) return null;
  return (
    <span id={`${id}-error`} className="field-error">
      {error}
    </span>
  );
}

/**
 * A labelled control with its hint (`<id>-hint`) and error (`<id>-error`) outside the label, so
 * the control's name stays its label and the hint and error are read as its description.
 */
export function FieldBox({ id, label, error, hint, children }: { id: string; label: string; error?: string; hint?: ReactNode; children: ReactNode }) {
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

/**
 * A wide table that may scroll sideways (tablets): the scrolling box takes keyboard focus and
 * carries the table's name, so keyboard users can scroll it too (WCAG 2.1.1).
 */
export function TableWrap({ label, busy, children }: { label: string; busy?: boolean; children: ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0} role="group" aria-label={label} aria-busy={busy || undefined}>
      {children}
    </div>
  );
}
