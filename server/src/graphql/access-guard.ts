import type { RequestHooks } from './request-hooks.js';
import type { FilterQuery } from '@mikro-orm/sql';
import { ERROR_CODES } from '@schoolmix/shared';
import { type DocumentNode, Kind, type OperationDefinitionNode, OperationTypeNode, type SelectionSetNode } from 'graphql';
import type { ResolverData } from 'type-graphql';
import { type Audience, MUTATION_ACCESS, QUERY_ACCESS } from '../modules/auth/access.js';
import { assertSeesConsentedField, assertSeesFamilyType, canSee, rowScopeOf, seesDisclosed, seesEveryRowOf, seesFieldDisclosed } from '../modules/auth/policy.js';
import { disclosureRuleOf } from '../modules/disclosure/disclosure.js';
import type { Viewer } from '../modules/auth/viewer.js';
import type { Context } from './context.js';
import { forbidden, refusal } from './errors.js';
import { EVERY_ROW, type PlanReads, type RowScope } from './pushdown.js';

/** The root fields an operation selects, through fragments too. */
export function rootFields(operation: OperationDefinitionNode, document: DocumentNode): string[] {
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const names = new Set<string>();
  const visit = (set: SelectionSetNode, seen: Set<string>) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) names.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet, seen);
      else if (!seen.has(selection.name.value)) {
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment.selectionSet, new Set([...seen, selection.name.value]));
      }
    }
  };
  visit(operation.selectionSet, new Set());
  return [...names];
}

/**
 * Decides, before any SQL runs, whether the viewer's role may call each root field of the
 * operation (access.ts). Unknown root fields are refused: every operation needs a rule.
 */
export const operationGate: RequestHooks<Context> = {
  requestDidStart() {
    return {
      // A refusal thrown here is the request's answer; the other concerns' steps still run (request-hooks.ts).
      didResolveOperation({ operation, document, contextValue }) {
        if (!operation) return;
        const table: Readonly<Record<string, Audience>> = operation.operation === OperationTypeNode.MUTATION ? MUTATION_ACCESS : QUERY_ACCESS;
        const { viewer } = contextValue;
        for (const field of rootFields(operation, document)) {
          if (field.startsWith('__')) continue;
          const audience = table[field];
          if (audience === 'anyone') continue;
          if (!viewer.role) throw refusal(ERROR_CODES.UNAUTHENTICATED, `Log in to use ${field}`, { field });
          if (!audience || !audience.includes(viewer.role)) throw refusal(ERROR_CODES.FORBIDDEN, `A ${viewer.role.toLowerCase()} may not use ${field}`, { field });
        }
      },
    };
  },
};

/**
 * A field guard (field-guards.ts runs it around the field's resolver, like a type-graphql
 * middleware, but it may answer without a promise). It can tell, before being called, that it has
 * nothing to do for this call: `idle` mirrors the guard's own pass-through path exactly, and
 * field-guards.ts then skips the guard (no promise of its own on every field of an administrator's answer).
 */
export interface IdleAwareGuard {
  (data: ResolverData<Context>, next: () => Promise<unknown>): unknown;
  idle?: (data: ResolverData<Context>) => boolean;
}

async function assertVisible(ctx: Context, value: unknown, typeName: string): Promise<void> {
  if (value === null || typeof value !== 'object') return;
  const rows: unknown[] = Array.isArray(value) ? value : [value];
  const verdicts = await Promise.all(rows.map((row) => (row && typeof row === 'object' ? canSee(ctx.viewer, ctx.loaders, row) : Promise.resolve(true))));
  if (verdicts.includes(false)) throw forbidden(`You may not see this ${typeName}`);
}

/**
 * Row rules on every object any resolver returns, at any depth (policy.ts), and the fields of a
 * family that only those who work with it may see. Administrators pass untouched.
 */
export const rowGuard: IdleAwareGuard = async ({ context, info }, next: () => Promise<unknown>) => {
  if (seesEveryRow(context.viewer)) return next();
  const typeName = String(info.returnType).replace(/[[\]!]/g, '');
  assertSeesFamilyType(context.viewer, typeName);
  if (info.parentType.name === 'Household') assertSeesConsentedField(context.viewer, info.fieldName);
  const result = await next();
  await assertVisible(context, result, typeName);
  return result;
};

/**
 * Nothing for the row rules to do: an administrator sees every row and field (field-guards.ts skips
 * the guard, and pushdown.ts answers such a viewer's reads in one statement).
 */
export const seesEveryRow = (viewer: Viewer): boolean => viewer.role === 'ADMIN';
rowGuard.idle = ({ context }) => seesEveryRow(context.viewer);

/**
 * The rows a read answered by one statement (pushdown.ts, which asks no guard) may read for this
 * viewer, or null when the row and field rules would change more than which rows (the resolvers
 * answer, and refuse). Every row (`EVERY_ROW`) when canSee says yes to every row of each entity it
 * reads (policy.ts `seesEveryRowOf`); for a scoped viewer's projects and events, the rows of the
 * viewer's scope (policy.ts `rowScopeOf`: the same condition the resolvers' lists filter with, and
 * exactly the rows canSee says yes to). And `rowGuard` refuses none of its fields (no family type
 * to an analyst, no consented characteristic to a reviewer), and none has a disclosure rule.
 * Administrators: everything; reviewers and analysts: all rows unless it reads consented
 * characteristics or families; coordinators and integrators: municipalities, and their own
 * projects and events (families stay on the resolvers). Rules that depend on arguments (a sort or
 * filter on a refused column) are not seen here: the statement takes no filter, and sorts only on
 * columns every viewer of the list may sort on.
 */
export function rowsForStatement(viewer: Viewer, reads: PlanReads): RowScope | null {
  if (seesEveryRow(viewer)) return EVERY_ROW;
  const scope = new Map<string, FilterQuery<object>>();
  for (const entity of reads.entities) {
    if (seesEveryRowOf(viewer, entity)) continue;
    const condition = rowScopeOf(viewer, entity);
    if (!condition) return null;
    scope.set(entity, condition);
  }
  try {
    for (const read of reads.fields) {
      assertSeesFamilyType(viewer, read.returns);
      if (read.parent === 'Household') assertSeesConsentedField(viewer, read.field);
    }
  } catch {
    return null;
  }
  return reads.fields.some((read) => disclosureRuleOf(`${read.parent}.${read.field}`)) ? null : scope;
}

/**
 * Disclosure decided once: every field declared with `disclosedField` (disclosure/disclosure.ts;
 * the project KPI, attendance counts, progress rows, programme figures, school compositions,
 * settlements) is shown through its disclosure rule to the viewers policy.ts `seesDisclosed`
 * names for the rule's audience; everyone else gets the resolver's answer untouched.
 */
export const disclosureGuard: IdleAwareGuard = ({ root, args, context, info }, next: () => Promise<unknown>) => {
  const rule = disclosureRuleOf(`${info.parentType.name}.${info.fieldName}`);
  if (!rule) return next();
  const disclosedTo = (municipalityId?: string) => seesDisclosed(context.viewer, rule.audience, municipalityId);
  // Without a municipality: whether any of the field's figures may be disclosed to this viewer (a rule
  // of OUTSIDE_OWN_MUNICIPALITY then asks again per row).
  if (!disclosedTo()) return next();
  // A rule may answer at once (a cell of a table the request has loaded): no promise is made for it.
  return rule.disclose(next, { root, args, context, disclosedTo });
};
// Its two pass-through paths: a field without a rule, a viewer outside the rule's audience (an
// administrator's counts are then resolved directly, without a promise of this guard's).
disclosureGuard.idle = ({ context, info }) => !seesFieldDisclosed(context.viewer, `${info.parentType.name}.${info.fieldName}`);

