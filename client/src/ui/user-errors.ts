import { graphql } from '../gql';
import type { UserErrorCode } from '../gql/graphql';

/** The selection of a payload's userErrors: `userErrors { ...UserErrorFields }` (read by fieldOf/errorsByField below). */
export const UserErrorFields = graphql(`
  fragment UserErrorFields on UserError {
    field
    message
    code
  }
`);

/** A userError of a mutation payload, as every payload of the API returns them (code: the schema's UserErrorCode enum). */
export interface UserErrorLike {
  field: readonly string[];
  message: string;
  code: UserErrorCode;
}

/**
 * The input field a userError names: ["input", "venue"] → "venue",
 * ["input", "rows", "3", "status"] → "rows.3.status".
 */
export function fieldOf(error: UserErrorLike): string {
  const path = error.field[0] === 'input' ? error.field.slice(1) : error.field;
  return path.join('.');
}

/**
 * userErrors by field, each message translated by `translate(field, code)` when the screen knows
 * a Dutch wording for it, else the server's text. The first error of a field wins.
 */
export function errorsByField(errors: readonly UserErrorLike[], translate: (field: string, code: UserErrorCode) => string | null): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const error of errors) {
    const field = fieldOf(error);
    byField[field] ??= translate(field, error.code) ?? error.message;
  }
  return byField;
}

/**
 * aria props of a control with an error text (`<id>-error`, see Field/FieldError) and an optional
 * hint, so a screen reader reads the error and the hint with it.
 */
export function invalidProps(id: string, error: string | undefined, hintId?: string) {
  const describedBy = [error ? `${id}-error` : null, hintId ?? null].filter(Boolean).join(' ');
  return { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy || undefined } as const;
}
