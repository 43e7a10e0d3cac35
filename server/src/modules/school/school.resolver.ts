import { LIMITS } from '@schoolmix/shared';
import { Arg, Args, Ctx, Field, FieldResolver, Float, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Connection, paginate } from '../../graphql/connection.js';
import type { Context } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { defineLoader, defineLoaderFamily } from '../../graphql/loaders.js';
import { orderSpecs } from '../../graphql/order.js';
import { isSchoolYear } from '@schoolmix/shared';
import { IncludeMergedArg, municipalityChildren } from '../municipality/merged-children.js';
import { Municipality } from '../municipality/municipality.entity.js';
import { publishedMixOfSchools } from './social-mix.js';
import { School, SchoolComposition } from './school.entity.js';
import { SchoolsArgs } from './school.inputs.js';
import { compositionsOfSchools, loadMirrorRows, type Mirror, mirrorOf, schoolWhere } from './school.service.js';

export const SchoolConnection = Connection(School);

const COMPOSITIONS = defineLoader('school.compositions', async (ctx: Context, ids: readonly string[]) => {
  const rows = await compositionsOfSchools(ctx.em, ids);
  return ids.map((id) => rows.filter((r) => r.school.id === id));
});

/** Per school year: the school's mirror row and the published table that holds it. */
const MIRROR = defineLoaderFamily('school.mirror', async (ctx: Context, ids: readonly string[], schoolYear: string) => {
  const [rows, published] = await Promise.all([loadMirrorRows(ctx.em, ids, schoolYear), publishedMixOfSchools(ctx, ids)]);
  return ids.map((id) => ({ row: rows.get(id), table: published.get(id)?.get(schoolYear)?.table }));
});

@ObjectType({ description: 'Does the school mirror its neighbourhood in a school year?' })
export class SchoolMirror implements Mirror {
  @Field(() => String) schoolYear!: string;
  @Field(() => Int, { nullable: true }) pupils!: number | null;
  @Field(() => Float, { nullable: true, description: 's = indicator pupils / pupils' }) indicatorShare!: number | null;
  @Field(() => String, { nullable: true, description: 'The neighbourhood: NIS code of the school’s municipality' }) areaCode!: string | null;
  @Field(() => Float, { nullable: true, description: 'a = the area’s indicator share' }) areaShare!: number | null;
  @Field(() => Float, { nullable: true, description: 'gap = s − a' }) gap!: number | null;
  @Field(() => Boolean, { nullable: true, description: '|gap| ≤ tolerance' }) mirrors!: boolean | null;
  @Field(() => Float) tolerance!: number;
  @Field(() => String, { nullable: true, description: 'Why the figures are null: NO_COMPOSITION, NO_AREA_COMPOSITION or BELOW_THRESHOLD' })
  suppressedReason!: string | null;
}

export function assertSchoolYear(value: string, field = 'schoolYear'): string {
  if (!isSchoolYear(value)) throw badInput(`"${field}" must be a school year like 2023-2024`, field);
  return value;
}

@Resolver(() => School)
export class SchoolResolver {
  @Query(() => SchoolConnection, { description: 'Schools (synthetic in the demo data)' })
  schools(@Args(() => SchoolsArgs) args: SchoolsArgs, @Ctx() ctx: Context) {
    return paginate(ctx.em, School, schoolWhere(args.filter), orderSpecs(args.orderBy, [{ field: 'name', direction: 'ASC' }]), args);
  }

  @Query(() => School, { nullable: true })
  school(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.loaders.byId(School).load(id);
  }

  @FieldResolver(() => Municipality)
  municipality(@Root() s: School, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Municipality).load(s.municipality.id);
  }

  // Shown through disclosure control to analysts, coordinators and integrators (social-mix.ts, `disclosedField`).
  @FieldResolver(() => [SchoolComposition], { description: 'Composition per school year, oldest first' })
  compositions(@Root() s: School, @Ctx() ctx: Context) {
    return ctx.loaders.get(COMPOSITIONS).load(s.id);
  }

  @FieldResolver(() => SchoolMirror)
  mirror(
    @Root() s: School,
    @Arg('schoolYear', () => String) schoolYear: string,
    @Arg('tolerance', () => Float, { defaultValue: LIMITS.mirrorTolerance }) tolerance: number,
    @Ctx() ctx: Context,
  ) {
    assertSchoolYear(schoolYear);
    if (!(tolerance >= 0 && tolerance <= 1)) throw badInput('"tolerance" must be between 0 and 1', 'tolerance');
    return ctx.loaders
      .get(MIRROR, schoolYear)
      .load(s.id)
      .then(({ row, table }) => mirrorOf(row, schoolYear, tolerance, table));
  }
}

@Resolver(() => Municipality)
export class MunicipalitySchoolsResolver {
  @FieldResolver(() => SchoolConnection, { description: 'Schools in this municipality; with includeMerged, also those in the pre-2025 municipalities merged into it' })
  schools(
    @Root() m: Municipality,
    @Args(() => SchoolsArgs) args: SchoolsArgs,
    @IncludeMergedArg() includeMerged: boolean | null,
    @Ctx() ctx: Context,
  ) {
    const list = { name: 'municipality.schools', entity: School, column: 'municipality_id' };
    return municipalityChildren(ctx, m.id, list, includeMerged, schoolWhere(args.filter), orderSpecs(args.orderBy, [{ field: 'name', direction: 'ASC' }]), args);
  }
}
