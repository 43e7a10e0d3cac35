import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { ClassType } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { badInput, forbidden } from '../../graphql/errors.js';
import { fromGlobalId, NodeInterface, toGlobalId } from '../../graphql/node-interface.js';
import { Attendance } from '../attendance/attendance.entity.js';
import { AuditEvent } from '../audit/audit.entity.js';
import { QUERY_ACCESS } from '../auth/access.js';
import { ApiKey, User } from '../auth/auth.entity.js';
import { isScoped } from '../auth/policy.js';
import type { Viewer } from '../auth/viewer.js';
import { Event } from '../event/event.entity.js';
import { FundingPeriod } from '../funding-period/funding-period.entity.js';
import { Enrollment, Household } from '../household/household.entity.js';
import { Municipality } from '../municipality/municipality.entity.js';
import { Organization } from '../organization/organization.entity.js';
import { ProjectTransition } from '../project/project-transition.entity.js';
import { Project } from '../project/project.entity.js';
import { School, SchoolComposition } from '../school/school.entity.js';

/** At most this many global ids in one nodes(ids:) call (query-cost.ts sizes the list by it). */
export const NODES_MAX = 100;

interface NodeType {
  entity: ClassType<{ id: string }>;
  /**
   * The root query whose audience (access.ts) decides who may fetch this type through node():
   * the query that serves it directly, or for a nested-only type the query it is reached from.
   */
  servedBy: string;
  /** A row rule the direct path applies in SQL and policy.ts `canSee` does not repeat. */
  visible?: (viewer: Viewer, row: object, ctx: Context) => Promise<boolean> | boolean;
}

/**
 * Every type that implements Node. The rowGuard (access-guard.ts) applies policy.ts `canSee` to
 * whatever node()/nodes() return, exactly as it does for household(id:), project(id:), …
 */
export const NODE_TYPES: Readonly<Record<string, NodeType>> = {
  Municipality: { entity: Municipality, servedBy: 'municipality' },
  FundingPeriod: { entity: FundingPeriod, servedBy: 'fundingPeriods' },
  Organization: { entity: Organization, servedBy: 'organization' },
  School: { entity: School, servedBy: 'school' },
  SchoolComposition: { entity: SchoolComposition, servedBy: 'school' },
  Project: { entity: Project, servedBy: 'project' },
  // project.transitions: only through a project the viewer may see.
  ProjectTransition: {
    entity: ProjectTransition,
    servedBy: 'project',
    visible: async (viewer, row, ctx) => {
      if (!isScoped(viewer)) return true;
      const project = await ctx.loaders.byId(Project).load((row as ProjectTransition).project.id);
      return !!project && viewer.ownedMunicipalityIds.includes(project.leadMunicipality.id);
    },
  },
  Event: { entity: Event, servedBy: 'event' },
  Household: { entity: Household, servedBy: 'household' },
  Enrollment: { entity: Enrollment, servedBy: 'household' },
  Attendance: { entity: Attendance, servedBy: 'households' },
  User: { entity: User, servedBy: 'users' },
  ApiKey: { entity: ApiKey, servedBy: 'apiKeys' },
  // auditEvents: a coordinator sees its own municipality's rows, never user accounts (audit.service.ts).
  AuditEvent: {
    entity: AuditEvent,
    servedBy: 'auditEvents',
    visible: (viewer, row) => {
      if (!isScoped(viewer)) return true;
      const event = row as AuditEvent;
      return event.entity !== 'USER' && event.municipalityId !== null && viewer.ownedMunicipalityIds.includes(event.municipalityId);
    },
  },
};


function mayUse(viewer: Viewer, query: string): boolean {
  const audience = QUERY_ACCESS[query];
  return audience === 'anyone' || (!!audience && !!viewer.role && audience.includes(viewer.role));
}

/** Decodes the ids, refuses a malformed one (naming the argument) and a type the viewer's role may not query. */
function decode(ctx: Context, ids: readonly string[], argument: string): { type: NodeType; typeName: string; id: string }[] {
  return ids.map((globalId, i) => {
    const parsed = fromGlobalId(globalId);
    const type = parsed ? NODE_TYPES[parsed.typeName] : undefined;
    const where = ids.length > 1 ? ` (item ${i + 1})` : '';
    if (!parsed || !type) throw badInput(`"${argument}" is not a global id of this API${where}: use a nodeId`, argument);
    if (!mayUse(ctx.viewer, type.servedBy)) throw forbidden(`A ${String(ctx.viewer.role).toLowerCase()} may not see a ${parsed.typeName}`);
    return { type, typeName: parsed.typeName, id: parsed.id };
  });
}

/**
 * The rows behind the ids, through the per-request byId loaders: one statement per type asked,
 * however many ids (and the row guard's own lookups are batched the same way).
 */
async function load(ctx: Context, ids: readonly string[], argument: string): Promise<(object | null)[]> {
  const wanted = decode(ctx, ids, argument);
  const rows = await Promise.all(wanted.map(({ type, id }) => ctx.loaders.byId(type.entity).load(id)));
  return Promise.all(
    rows.map(async (row, i) => {
      if (!row) return null;
      const { type, typeName } = wanted[i]!;
      if (type.visible && !(await type.visible(ctx.viewer, row, ctx))) throw forbidden(`You may not see this ${typeName}`);
      return row;
    }),
  );
}

@Resolver(() => NodeInterface)
export class NodeResolver {
  @Query(() => NodeInterface, { nullable: true, description: 'Any object by its global id (nodeId), under the same access and row rules as its own query; null when there is no such row' })
  async node(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    const [row] = await load(ctx, [id], 'id');
    return row ?? null;
  }

  @Query(() => [NodeInterface], {
    nullable: 'items',
    description: `Objects by their global ids (at most ${NODES_MAX}), in the order asked, null for an id with no row; refused as a whole when one of them may not be seen`,
  })
  async nodes(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: Context) {
    if (ids.length > NODES_MAX) throw badInput(`"ids": at most ${NODES_MAX} ids`, 'ids');
    return load(ctx, ids, 'ids');
  }

  // The type comes from the schema (the object type being resolved), not the row's class: some
  // resolvers hand out disclosed copies of a row (School.compositions for scoped viewers).
  @FieldResolver(() => ID)
  nodeId(@Root() row: { id: string }, @Info() info: GraphQLResolveInfo): string {
    return toGlobalId(info.parentType.name, row.id);
  }
}
