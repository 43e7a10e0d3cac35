import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import { NIS_CODE_PATTERN } from '@schoolmix/shared';
import { Connection, paginate } from '../../graphql/connection.js';
import { badInput } from '../../graphql/errors.js';
import type { Context } from '../../graphql/context.js';
import { projectionOf } from '../../graphql/projection.js';
import { defineLoader } from '../../graphql/loaders.js';
import { orderSpecs } from '../../graphql/order.js';
import { sqlList } from '../../graphql/pushdown.js';
import { Municipality } from './municipality.entity.js';
import { MunicipalitiesArgs } from './municipality.inputs.js';
import { mergedIntoAny, municipalityByNisCode, municipalityWhere } from './municipality.service.js';

export const MunicipalityConnection = Connection(Municipality);
const DEFAULT_ORDER = [{ field: 'name', direction: 'ASC' as const }];
// Without a filter, every municipality (municipalityWhere): a list one statement answers (pushdown.ts).
sqlList('Query.municipalities', { entity: Municipality, defaultOrder: DEFAULT_ORDER });

const MERGED_FROM = defineLoader('municipality.mergedFrom', async (ctx: Context, ids: readonly string[]) => {
  const merged = await mergedIntoAny(ctx.em, ids);
  return ids.map((id) => merged.filter((x) => x.mergedInto?.id === id));
});

@Resolver(() => Municipality)
export class MunicipalityResolver {
  @Query(() => MunicipalityConnection, { description: 'Flemish municipalities, including pre-2025 codes' })
  async municipalities(@Args(() => MunicipalitiesArgs) args: MunicipalitiesArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    const where = await municipalityWhere(ctx.em, args.filter);
    return paginate(ctx.em, Municipality, where, orderSpecs(args.orderBy, DEFAULT_ORDER), args, projectionOf(ctx.em, info, Municipality));
  }

  @Query(() => Municipality, { nullable: true })
  municipality(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Municipality).load(id);
  }

  @Query(() => Municipality, { nullable: true })
  municipalityByNisCode(@Arg('nisCode', () => String) nisCode: string, @Ctx() ctx: Context) {
    if (!NIS_CODE_PATTERN.test(nisCode)) throw badInput('"nisCode" must be five digits, e.g. 44021', 'nisCode');
    return municipalityByNisCode(ctx.em, nisCode);
  }

  @FieldResolver(() => Municipality, { nullable: true, description: 'The 2025 municipality this one merged into' })
  mergedInto(@Root() m: Municipality, @Ctx() ctx: Context) {
    return m.mergedInto ? ctx.loaders.byId(Municipality).load(m.mergedInto.id) : null;
  }

  @FieldResolver(() => [Municipality], { description: 'The pre-2025 municipalities that merged into this one on 2025-01-01, by name (empty for most)' })
  mergedFrom(@Root() m: Municipality, @Ctx() ctx: Context) {
    return ctx.loaders.get(MERGED_FROM).load(m.id);
  }
}
