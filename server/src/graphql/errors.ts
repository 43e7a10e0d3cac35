import { ERROR_CODES } from '@schoolmix/shared';
import { GraphQLError } from 'graphql';

/** Input that cannot be served at all (a bad cursor, a page too large): names the argument. */
export function badInput(message: string, field: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ERROR_CODES.BAD_USER_INPUT, field } });
}

export function forbidden(message = 'You may not see or change this.'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ERROR_CODES.FORBIDDEN } });
}

export function unauthenticated(message = 'Log in first.'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ERROR_CODES.UNAUTHENTICATED } });
}

export function notFound(what: string, field = 'id'): GraphQLError {
  return new GraphQLError(`${what} not found`, { extensions: { code: ERROR_CODES.NOT_FOUND, field } });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isId(value: string): boolean {
  return UUID.test(value);
}

/** Ids in query arguments are checked before they reach SQL, with the argument named. */
export function assertId<T extends string | null | undefined>(value: T, field: string): T {
  if (value != null && !UUID.test(value)) throw badInput(`"${field}" is not an id of this API`, field);
  return value;
}
