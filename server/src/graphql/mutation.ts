import type { EntityManager } from '@mikro-orm/sql';
import type { ClassType, MiddlewareFn } from 'type-graphql';
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
 * Remembers which mutation field is running (`ctx.operation`), for the audit trail. Root
 * mutation fields run one after the other, so the name is right while each one's resolver runs.
 */
export const mutationName: MiddlewareFn<Context> = ({ context, info }, next) => {
  if (info.parentType.name === 'Mutation' && info.path.prev === undefined) context.operation = info.fieldName;
  return next();
};

const ACTOR_KIND = { user: 'USER', apiKey: 'API_KEY', anonymous: 'SYSTEM' } as const;

/**
 * Tells the audit triggers (migration 20261202100000_audit_trail) who is writing: transaction-local
 * settings, so they end with the transaction (on a pooled connection they never leak to the next
 * request) and a savepoint (the Idempotency-Key path) sees the values of its own mutation.
 */
export async function recordActor(em: EntityManager, ctx: Pick<Context, 'viewer' | 'requestId' | 'operation'>): Promise<void> {
  const { viewer } = ctx;
  await em.execute(
    `select set_config('schoolmix.actor_kind', ?, true), set_config('schoolmix.actor_id', ?, true), set_config('schoolmix.actor_label', ?, true),
            set_config('schoolmix.request_id', ?, true), set_config('schoolmix.operation', ?, true)`,
    [ACTOR_KIND[viewer.kind], viewer.kind === 'anonymous' ? '' : (viewer.id ?? ''), viewer.kind === 'anonymous' ? 'anonymous' : viewer.label, ctx.requestId, ctx.operation ?? ''],
  );
}

/**
 * Runs a mutation as one transaction (its first statement tells the audit trail who writes). A broken rule (thrown as UserErrorsException, or a
 * database constraint the service did not catch first) rolls everything back and is answered
 * as `userErrors`; anything else is a real failure and propagates (masked by the error filter).
 */
export async function mutate<R extends Record<string, unknown>>(
  ctx: Context,
  work: (em: EntityManager) => Promise<R>,
): Promise<Partial<R> & { userErrors: UserError[] }> {
  try {
    const result = await ctx.em.transactional(async (em) => {
      await recordActor(em, ctx);
      return work(em);
    });
    return { ...result, userErrors: [] };
  } catch (error) {
    const userErrors = error instanceof UserErrorsException ? error.errors : userErrorsFromDatabase(error);
    if (!userErrors) throw error;
    ctx.em.clear();
    return { userErrors } as Partial<R> & { userErrors: UserError[] };
  }
}
