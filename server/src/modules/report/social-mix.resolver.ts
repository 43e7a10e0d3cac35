import { LIMITS, NIS_CODE_PATTERN } from '@schoolmix/shared';
import { Arg, Ctx, Field, FieldResolver, Float, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { badInput } from '../../graphql/errors.js';
import { defineLoader, defineLoaderFamily } from '../../graphql/loaders.js';
import { Municipality } from '../municipality/municipality.entity.js';
import { municipalityByNisCode } from '../municipality/municipality.service.js';
import { Project } from '../project/project.entity.js';
import { School } from '../school/school.entity.js';
import { assertSchoolYear, SchoolMirror } from '../school/school.resolver.js';
import { loadMirrorRows, mirrorOf, schoolsOfMunicipality } from '../school/school.service.js';
import { loadNeighbourhoodChoice, NeighbourhoodChoice } from '../kpi/neighbourhood-choice.js';
import { publishedMixOfMunicipality, SocialMix, socialMixIn } from '../school/social-mix.js';

@ObjectType()
export class SchoolMirrorEntry {
  @Field(() => School) school!: School;
  @Field(() => SchoolMirror) mirror!: SchoolMirror;
}

@ObjectType({ description: 'Do the schools of a municipality mirror their neighbourhood, and how segregated are they?' })
export class SocialMixReport {
  @Field(() => Municipality) municipality!: Municipality;
  @Field(() => String) schoolYear!: string;
  @Field(() => SocialMix, { description: 'Indices in this school year' }) socialMix!: SocialMix;
  @Field(() => [SocialMix], { description: 'The same indices in every school year on record, oldest first' }) trend!: SocialMix[];
  @Field(() => [SchoolMirrorEntry], { description: 'Every school of the municipality (and of the municipalities merged into it) with its mirror gap' })
  schools!: SchoolMirrorEntry[];
}

/** Per school year (null: every one): the neighbourhood choice over the projects each municipality leads. */
const MUNICIPALITY_NEIGHBOURHOOD_CHOICE = defineLoaderFamily('municipality.neighbourhoodChoice', (ctx: Context, ids: readonly string[], schoolYear: string | null) =>
  loadNeighbourhoodChoice(ctx.em, 'leadMunicipality', ids, schoolYear),
);

const PROJECT_NEIGHBOURHOOD_CHOICE = defineLoader('project.neighbourhoodChoice', (ctx: Context, ids: readonly string[]) => loadNeighbourhoodChoice(ctx.em, 'project', ids, null));

async function socialMixOf(ctx: Context, municipalityId: string, schoolYear: string): Promise<SocialMix> {
  return socialMixIn((await publishedMixOfMunicipality(ctx, municipalityId)).get(schoolYear), municipalityId, schoolYear);
}

async function trendOf(ctx: Context, municipalityId: string): Promise<SocialMix[]> {
  const byYear = await publishedMixOfMunicipality(ctx, municipalityId);
  return [...byYear.keys()]
    .sort()
    .map((year) => socialMixIn(byYear.get(year), municipalityId, year))
    .filter((mix) => mix.schoolCount > 0);
}

@Resolver(() => SocialMixReport)
export class SocialMixReportResolver {
  @Query(() => SocialMixReport, { nullable: true, description: 'Social-mix indices and mirror gaps of one municipality (by NIS code) in one school year' })
  async socialMixReport(
    @Arg('nisCode', () => String) nisCode: string,
    @Arg('schoolYear', () => String) schoolYear: string,
    @Arg('tolerance', () => Float, { defaultValue: LIMITS.mirrorTolerance }) tolerance: number,
    @Ctx() ctx: Context,
  ): Promise<SocialMixReport | null> {
    if (!NIS_CODE_PATTERN.test(nisCode)) throw badInput('"nisCode" must be five digits, e.g. 44021', 'nisCode');
    assertSchoolYear(schoolYear);
    if (!(tolerance >= 0 && tolerance <= 1)) throw badInput('"tolerance" must be between 0 and 1', 'tolerance');
    const municipality = await municipalityByNisCode(ctx.em, nisCode);
    if (!municipality) return null;
    const [socialMix, trend, schools] = await Promise.all([
      socialMixOf(ctx, municipality.id, schoolYear),
      trendOf(ctx, municipality.id),
      schoolsOfMunicipality(ctx.em, municipality),
    ]);
    const [mirrors, published] = await Promise.all([loadMirrorRows(ctx.em, schools.map((s) => s.id), schoolYear), publishedMixOfMunicipality(ctx, municipality.id)]);
    return {
      municipality,
      schoolYear,
      socialMix,
      trend,
      // Every school, as the contract promises: one without a composition that year shows NO_COMPOSITION.
      schools: schools.map((school) => ({ school, mirror: mirrorOf(mirrors.get(school.id), schoolYear, tolerance, published.get(schoolYear)?.table) })),
    };
  }
}

@Resolver(() => Municipality)
export class MunicipalitySocialMixResolver {
  @FieldResolver(() => SocialMix, { description: 'Indices over the municipality’s schools (and those of municipalities merged into it)' })
  socialMix(@Root() m: Municipality, @Arg('schoolYear', () => String) schoolYear: string, @Ctx() ctx: Context) {
    return socialMixOf(ctx, m.id, assertSchoolYear(schoolYear));
  }

  @FieldResolver(() => NeighbourhoodChoice, { description: 'Over the projects this municipality leads; enrollments of one school year when given' })
  neighbourhoodChoice(@Root() m: Municipality, @Arg('schoolYear', () => String, { nullable: true }) schoolYear: string | null, @Ctx() ctx: Context) {
    if (schoolYear) assertSchoolYear(schoolYear);
    return ctx.loaders.get(MUNICIPALITY_NEIGHBOURHOOD_CHOICE, schoolYear ?? null).load(m.id);
  }
}

@Resolver(() => Project)
export class ProjectNeighbourhoodChoiceResolver {
  @FieldResolver(() => NeighbourhoodChoice)
  neighbourhoodChoice(@Root() p: Project, @Ctx() ctx: Context) {
    return ctx.loaders.get(PROJECT_NEIGHBOURHOOD_CHOICE).load(p.id);
  }
}
