import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { eurosToCents } from '@schoolmix/shared';

export { GraphQLISODateTime as DateTime } from 'type-graphql';

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseLocalDate(value: unknown): string {
  if (typeof value !== 'string' || !LOCAL_DATE.test(value)) {
    throw new GraphQLError('A date must be written YYYY-MM-DD, e.g. 2025-03-07');
  }
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) {
    throw new GraphQLError(`"${value}" is not a calendar date`);
  }
  return value;
}

/** A calendar date without time or zone, `YYYY-MM-DD` (periods run on Belgian calendar days). */
export const LocalDate = new GraphQLScalarType<string, string>({
  name: 'LocalDate',
  description: 'A calendar date, YYYY-MM-DD.',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : parseLocalDate(value)),
  parseValue: parseLocalDate,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('A date must be a string YYYY-MM-DD');
    return parseLocalDate(ast.value);
  },
});

function parseEuro(value: unknown): number {
  const cents = typeof value === 'number' ? eurosToCents(value) : null;
  if (cents === null) throw new GraphQLError('An amount in euro must be a number with at most two decimals');
  return cents;
}

/**
 * Money. Stored and handled as integer euro cents on the server; on the wire it is a number of
 * euros with at most two decimals (51000 or 170.5). Parsing refuses sub-cent amounts.
 */
export const Euro = new GraphQLScalarType<number, number>({
  name: 'Euro',
  description: 'An amount in euro with at most two decimals; stored exactly as integer cents.',
  serialize: (cents) => {
    if (typeof cents !== 'number' || !Number.isInteger(cents)) throw new GraphQLError('Euro expects integer cents');
    return cents / 100;
  },
  parseValue: parseEuro,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.INT && ast.kind !== Kind.FLOAT) throw new GraphQLError('An amount in euro must be a number');
    return parseEuro(Number(ast.value));
  },
});
