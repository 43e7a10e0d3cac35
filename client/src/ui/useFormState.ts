import { useCallback, useMemo, useRef, useState } from 'react';
import { fieldOf, type UserErrorLike } from './user-errors';

/** A field's error text by field path ("venue", "rows.3.status"). */
export type FieldErrors = Readonly<Record<string, string | undefined>>;

/** One line of a form's error summary: a field's error (in form order), or an error of no field on the form. */
export interface Problem {
  /** The field path, or null for an error of no field on the form. */
  field: string | null;
  text: string;
}

export interface FormState<T> {
  values: T;
  /** Sets one field. */
  set: <K extends keyof T>(key: K, value: T[K]) => void;
  /** Sets several fields at once, from the values as they are (`v => ({ ...v, a, b })`). */
  update: (change: (values: T) => T) => void;
  /** The values differ from the initial (or last reset) values. */
  dirty: boolean;
  /** Back to the initial values, or to `next` (which become the new clean state); clears the errors. */
  reset: (next?: T) => void;
  /** Errors of the form's fields, by field path. */
  errors: FieldErrors;
  /** Errors of no field on the form (a stale version, a field the form does not show), in the order given. */
  otherErrors: readonly string[];
  /** Field errors first (in `fields` order), then the other errors: the lines of an error summary. */
  problems: readonly Problem[];
  /** Shows these errors (fields the form does not list go to `otherErrors`), replacing the ones shown. */
  showErrors: (errors: Readonly<Record<string, string>>, other?: readonly string[]) => void;
  /**
   * Shows a payload's userErrors by field path ("input" dropped): the first error of a form field
   * wins; every error of another field goes to `otherErrors`. `translate` words each one.
   */
  showUserErrors: (userErrors: readonly UserErrorLike[], translate: (field: string, error: UserErrorLike) => string) => void;
  clearErrors: () => void;
}

const NO_ERRORS: FieldErrors = {};
const NONE: readonly string[] = [];

/**
 * The state of a form: its values, one setter a field, field-level errors (local checks and the
 * server's userErrors by field path), the error summary's lines and a dirty flag. `fields` lists
 * the form's fields in screen order: the summary follows it, and an error of a field not in it is
 * an "other" error. Small on purpose (react-hook-form weighed 12.5 kB gz for what this does).
 */
export function useFormState<T extends object>(initial: T | (() => T), fields: readonly string[]): FormState<T> {
  const [values, setValues] = useState<T>(initial);
  const clean = useRef<T | null>(null);
  clean.current ??= values;
  const [errors, setErrors] = useState<FieldErrors>(NO_ERRORS);
  const [otherErrors, setOtherErrors] = useState<readonly string[]>(NONE);
  const fieldList = useRef(fields);
  fieldList.current = fields;

  const set = useCallback(<K extends keyof T>(key: K, value: T[K]) => setValues((v) => ({ ...v, [key]: value })), []);
  const showErrors = useCallback((found: Readonly<Record<string, string>>, other: readonly string[] = NONE) => {
    const known = new Set(fieldList.current);
    const byField: Record<string, string> = {};
    const rest: string[] = [];
    for (const [field, text] of Object.entries(found)) {
      if (known.has(field)) byField[field] = text;
      else rest.push(text);
    }
    setErrors(byField);
    setOtherErrors([...rest, ...other]);
  }, []);
  const showUserErrors = useCallback(
    (userErrors: readonly UserErrorLike[], translate: (field: string, error: UserErrorLike) => string) => {
      const known = new Set(fieldList.current);
      const byField: Record<string, string> = {};
      const other: string[] = [];
      for (const error of userErrors) {
        const field = fieldOf(error);
        if (known.has(field)) byField[field] ??= translate(field, error);
        else other.push(translate(field, error));
      }
      setErrors(byField);
      setOtherErrors(other);
    },
    [],
  );
  const clearErrors = useCallback(() => {
    setErrors(NO_ERRORS);
    setOtherErrors(NONE);
  }, []);
  const reset = useCallback(
    (next?: T) => {
      if (next) clean.current = next;
      setValues(clean.current!);
      clearErrors();
    },
    [clearErrors],
  );

  const dirty = useMemo(() => JSON.stringify(values) !== JSON.stringify(clean.current), [values]);
  const problems: Problem[] = [
    ...fields.flatMap((field) => (errors[field] ? [{ field, text: errors[field] }] : [])),
    ...otherErrors.map((text) => ({ field: null, text })),
  ];

  return { values, set, update: setValues, dirty, reset, errors, otherErrors, problems, showErrors, showUserErrors, clearErrors };
}
