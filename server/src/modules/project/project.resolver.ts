import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Connection, paginate } from '../../graphql/connection.js';
import type { Context } from '../../graphql/context.js';
import { projectionOf } from '../../graphql/projection.js';
import { defineLoader, type LinkTable } from '../../graphql/loaders.js';
import { mutate } from '../../graphql/mutation.js';
import { orderSpecs } from '../../graphql/order.js';
import { sqlList, sqlReference } from '../../graphql/pushdown.js';
import { FundingPeriod } from '../funding-period/funding-period.entity.js';
import { IncludeMergedArg, municipalityChildren } from '../municipality/merged-children.js';
import { Municipality } from '../municipality/municipality.entity.js';
import { Organization } from '../organization/organization.entity.js';
import { School } from '../school/school.entity.js';
import { SchoolConnection } from '../school/school.resolver.js';
import { SchoolsArgs } from '../school/school.inputs.js';
import { schoolWhere } from '../school/school.service.js';
import { computeKpi, loadKpiCounts, ProjectKpi } from '../kpi/kpi.js';
import { assertFilterInScope, projectScope } from '../auth/policy.js';
import '../kpi/kpi-table.js'; // declares how Project.kpi is disclosed
import { Project } from './project.entity.js';
import { ProjectTransition } from './project-transition.entity.js';
import {
  CreateProjectInput,
  CreateProjectPayload,
  ProjectsArgs,
  ReviewProjectInput,
  ReviewProjectPayload,
  SubmitProjectInput,
  SubmitProjectPayload,
  UpdateProjectInput,
  UpdateProjectPayload,
} from './project.inputs.js';
import { createProject, projectWhere, reviewProject, submitProject, transitionsOfProjects, updateProject } from './project.service.js';

export const ProjectConnection = Connection(Project);
const DEFAULT_ORDER = [{ field: 'createdAt', direction: 'DESC' as const }];
// Without a filter, an unscoped viewer's projects are every project: lists one statement answers (pushdown.ts).
sqlList('Query.projects', { entity: Project, defaultOrder: DEFAULT_ORDER });
sqlReference('Project.leadMunicipality', { entity: Municipality, via: 'leadMunicipality' });

const PARTNER_MUNICIPALITIES: LinkTable = { table: 'project_partner_municipality', parentColumn: 'project_id', childColumn: 'municipality_id' };
const PARTNER_ORGANIZATIONS: LinkTable = { table: 'project_partner_organization', parentColumn: 'project_id', childColumn: 'organization_id' };

const TRANSITIONS = defineLoader('project.transitions', async (ctx: Context, ids: readonly string[]) => {
  const rows = await transitionsOfProjects(ctx.em, ids);
  return ids.map((id) => rows.filter((r) => r.project.id === id));
});

const KPI_COUNTS = defineLoader('project.kpi', async (ctx: Context, ids: readonly string[]) => {
  const byProject = await loadKpiCounts(ctx.em, ids);
  return ids.map((id) => byProject.get(id)!);
});

@Resolver(() => Project)
export class ProjectResolver {
  @Query(() => ProjectConnection)
  projects(@Args(() => ProjectsArgs) args: ProjectsArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    assertFilterInScope(ctx.viewer, args.filter?.municipalityId);
    return paginate(ctx.em, Project, { $and: [projectWhere(args.filter), projectScope(ctx.viewer)] }, orderSpecs(args.orderBy, DEFAULT_ORDER), args, projectionOf(ctx.em, info, Project));
  }

  @Query(() => Project, { nullable: true })
  project(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Project).load(id);
  }

  @FieldResolver(() => Municipality)
  leadMunicipality(@Root() p: Project, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.loaders.byId(Municipality, projectionOf(ctx.em, info, Municipality)).load(p.leadMunicipality.id);
  }

  @FieldResolver(() => [Municipality])
  partnerMunicipalities(@Root() p: Project, @Ctx() ctx: Context) {
    return ctx.loaders.manyToMany(Municipality, PARTNER_MUNICIPALITIES).load(p.id);
  }

  @FieldResolver(() => [Organization])
  partnerOrganizations(@Root() p: Project, @Ctx() ctx: Context) {
    return ctx.loaders.manyToMany(Organization, PARTNER_ORGANIZATIONS).load(p.id);
  }

  @FieldResolver(() => FundingPeriod)
  fundingPeriod(@Root() p: Project, @Ctx() ctx: Context) {
    return ctx.loaders.byId(FundingPeriod).load(p.fundingPeriod.id);
  }

  @FieldResolver(() => SchoolConnection)
  schools(@Root() p: Project, @Args(() => SchoolsArgs) args: SchoolsArgs, @Ctx() ctx: Context) {
    return ctx.loaders
      .children('project.schools', School, { kind: 'pivot', table: 'project_school', parentColumn: 'project_id', childColumn: 'school_id' }, schoolWhere(args.filter), orderSpecs(args.orderBy, [{ field: 'name', direction: 'ASC' }]), args)
      .load(p.id);
  }

  @FieldResolver(() => [ProjectTransition], { description: 'Every status change, oldest first (Verloop)' })
  transitions(@Root() p: Project, @Ctx() ctx: Context) {
    return ctx.loaders.get(TRANSITIONS).load(p.id);
  }

  @FieldResolver(() => ProjectKpi)
  async kpi(@Root() p: Project, @Ctx() ctx: Context): Promise<ProjectKpi> {
    const [counts, period] = await Promise.all([
      ctx.loaders.get(KPI_COUNTS).load(p.id),
      ctx.loaders.byId(FundingPeriod).load(p.fundingPeriod.id),
    ]);
    // Analysts see it through the project's published table (kpi-table.ts, `disclosedField`).
    return computeKpi(counts, p.targetHouseholds, period!, ctx.config.now());
  }

  @Mutation(() => CreateProjectPayload, { description: 'A new project starts as DRAFT' })
  createProject(@Arg('input', () => CreateProjectInput) input: CreateProjectInput, @Ctx() ctx: Context) {
    return mutate(ctx, async (em) => ({ project: await createProject(em, input, ctx.viewer, ctx.config.now()) }));
  }

  @Mutation(() => UpdateProjectPayload)
  updateProject(@Arg('input', () => UpdateProjectInput) input: UpdateProjectInput, @Ctx() ctx: Context) {
    return mutate(ctx, async (em) => ({ project: await updateProject(em, input, ctx.viewer) }));
  }

  @Mutation(() => SubmitProjectPayload, { description: 'DRAFT → SUBMITTED' })
  submitProject(@Arg('input', () => SubmitProjectInput) input: SubmitProjectInput, @Ctx() ctx: Context) {
    return mutate(ctx, async (em) => ({ project: await submitProject(em, input, ctx.viewer, ctx.config.now()) }));
  }

  @Mutation(() => ReviewProjectPayload, { description: 'SUBMITTED → APPROVED, REJECTED, or back to DRAFT (SEND_BACK, with a note)' })
  reviewProject(@Arg('input', () => ReviewProjectInput) input: ReviewProjectInput, @Ctx() ctx: Context) {
    return mutate(ctx, async (em) => ({ project: await reviewProject(em, input, ctx.viewer, ctx.config.now()) }));
  }
}

@Resolver(() => Municipality)
export class MunicipalityProjectsResolver {
  @FieldResolver(() => ProjectConnection, {
    description: 'Projects this municipality leads; with includeMerged, also those led by the pre-2025 municipalities merged into it (leadMunicipality says which)',
  })
  projects(
    @Root() m: Municipality,
    @Args(() => ProjectsArgs) args: ProjectsArgs,
    @IncludeMergedArg() includeMerged: boolean | null,
    @Ctx() ctx: Context,
  ) {
    const list = { name: 'municipality.projects', entity: Project, column: 'lead_municipality_id' };
    return municipalityChildren(ctx, m.id, list, includeMerged, projectWhere(args.filter), orderSpecs(args.orderBy, DEFAULT_ORDER), args);
  }
}
