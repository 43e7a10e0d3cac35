import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Connection, paginate } from '../../graphql/connection.js';
import type { Context } from '../../graphql/context.js';
import { assertId } from '../../graphql/errors.js';
import { mutate } from '../../graphql/mutation.js';
import { orderSpecs } from '../../graphql/order.js';
import { IncludeMergedArg, municipalityChildren } from '../municipality/merged-children.js';
import { Municipality } from '../municipality/municipality.entity.js';
import { Organization } from './organization.entity.js';
import { CreateOrganizationInput, CreateOrganizationPayload, OrganizationsArgs, UpdateOrganizationInput, UpdateOrganizationPayload } from './organization.inputs.js';
import { createOrganization, organizationWhere, updateOrganization } from './organization.service.js';

export const OrganizationConnection = Connection(Organization);

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => OrganizationConnection)
  organizations(@Args(() => OrganizationsArgs) args: OrganizationsArgs, @Ctx() ctx: Context) {
    return paginate(ctx.em, Organization, organizationWhere(args.filter), orderSpecs(args.orderBy, [{ field: 'name', direction: 'ASC' }]), args);
  }

  @Query(() => Organization, { nullable: true, description: 'One organisation (null when there is none with this id)' })
  organization(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Organization).load(assertId(id, 'id'));
  }

  @FieldResolver(() => Municipality)
  municipality(@Root() o: Organization, @Ctx() ctx: Context) {
    return ctx.loaders.byId(Municipality).load(o.municipality.id);
  }

  @Mutation(() => CreateOrganizationPayload)
  createOrganization(@Arg('input', () => CreateOrganizationInput) input: CreateOrganizationInput, @Ctx() ctx: Context) {
    return mutate(ctx, async (em) => ({ organization: await createOrganization(em, input, ctx.viewer) }));
  }

  @Mutation(() => UpdateOrganizationPayload, { description: 'Renames an organisation, changes its kind or its promotes-social-mix flag (the KPI follows at once)' })
  updateOrganization(@Arg('input', () => UpdateOrganizationInput) input: UpdateOrganizationInput, @Ctx() ctx: Context) {
    return mutate(ctx, async (em) => ({ organization: await updateOrganization(em, input, ctx.viewer) }));
  }
}

@Resolver(() => Municipality)
export class MunicipalityOrganizationsResolver {
  @FieldResolver(() => OrganizationConnection, {
    description: 'Organisations based in this municipality; with includeMerged, also those in the pre-2025 municipalities merged into it',
  })
  organizations(
    @Root() m: Municipality,
    @Args(() => OrganizationsArgs) args: OrganizationsArgs,
    @IncludeMergedArg() includeMerged: boolean | null,
    @Ctx() ctx: Context,
  ) {
    const list = { name: 'municipality.organizations', entity: Organization, column: 'municipality_id' };
    return municipalityChildren(ctx, m.id, list, includeMerged, organizationWhere(args.filter), orderSpecs(args.orderBy, [{ field: 'name', direction: 'ASC' }]), args);
  }
}
