import type { FilterQuery } from '@mikro-orm/sql';
import { Arg, type ClassType } from 'type-graphql';
import type { ConnectionArgs, OrderSpec } from '../../graphql/connection.js';
import type { Context } from '../../graphql/context.js';

/** The `includeMerged` argument of a municipality's projects, schools and organisations. */
export const IncludeMergedArg = () =>
  Arg('includeMerged', () => Boolean, { nullable: true, defaultValue: false, description: 'A 2025 municipality with the pre-2025 municipalities merged into it' });

/**
 * A municipality's page of `entity` rows whose `column` names it — with `includeMerged`, also the
 * rows of the pre-2025 municipalities merged into it (roll-up.ts) — batched per list and request.
 */
export function municipalityChildren<T extends object>(
  ctx: Context,
  municipalityId: string,
  list: { name: string; entity: ClassType<T>; column: string },
  includeMerged: boolean | null,
  where: FilterQuery<T>,
  order: OrderSpec[],
  args: ConnectionArgs,
) {
  const { name, entity, column } = list;
  const link = includeMerged ? ({ kind: 'municipalityWithMerged', column } as const) : ({ kind: 'column', column } as const);
  return ctx.loaders.children(includeMerged ? `${name}.merged` : name, entity, link, where, order, args).load(municipalityId);
}
