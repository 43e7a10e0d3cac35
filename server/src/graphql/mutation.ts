import type { EntityManager } from '@mikro-orm/sql';
import type { ClassType } from 'type-graphql';
import { Field, ObjectType } from 'type-graphql';
import type { Context } from './context.js';
import { UserError, UserErrorsException, userErrorsFromDatabase } from './user-errors.js';

/** Builds `<Name>Payload { <objectField>: <Type>, userErrors }`. */
export function Payload<T extends object>(name: string, objectField: string, type: ClassType<T>) {
  @ObjectType(`${name}Payload`)
  class PayloadType {
    @Field(() => [UserError])
    userErrors!: UserError[];
  }
  Field(() => type, { nullable: true })(PayloadType.prototype, objectField);
  return PayloadType as ClassType<{ userErrors: UserError[] } & Record<string, T | null | UserError[]>>;
}

/**
 * Runs a mutation as one transaction. A broken rule (thrown as UserErrorsException, or a
 * database constraint the service did not catch first) rolls everything back and is answered
 * as `userErrors`; anything else is a real failure and propagates (masked by the error filter).
 */
export async function mutate<R extends Record<string, unknown>>(
  ctx: Context,
  work: (em: EntityManager) => Promise<R>,
): Promise<Partial<R> & { userErrors: UserError[] }> {
  try {
    const result = await ctx.em.transactional((em) => work(em));
    return { ...result, userErrors: [] };
  } catch (error) {
    const userErrors = error instanceof UserErrorsException ? error.errors : userErrorsFromDatabase(error);
    if (!userErrors) throw error;
    ctx.em.clear();
    return { userErrors } as Partial<R> & { userErrors: UserError[] };
  }
}
