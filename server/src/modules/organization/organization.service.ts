import type { EntityManager, FilterQuery } from '@mikro-orm/sql';
import { LIMITS } from '@schoolmix/shared';
import { assertId } from '../../graphql/errors.js';
import { likePattern } from '../../graphql/order.js';
import { Problems } from '../../graphql/user-errors.js';
import { check } from '../../graphql/validate.js';
import { findById } from '../../graphql/lookup.js';
import { Municipality } from '../municipality/municipality.entity.js';
import { assertOwns } from '../auth/policy.js';
import type { Viewer } from '../auth/viewer.js';
import { Organization } from './organization.entity.js';
import type { CreateOrganizationInput, OrganizationFilter, UpdateOrganizationInput } from './organization.inputs.js';
import { frozenProjectsOrganizedBy } from '../project/frozen.js';
import { municipalityWithMerged } from '../municipality/roll-up.js';

export function organizationWhere(filter: OrganizationFilter | null | undefined): FilterQuery<Organization> {
  const where: FilterQuery<Organization> & Record<string, unknown> = {};
  if (filter?.search?.trim()) where.name = { $ilike: likePattern(filter.search) };
  if (filter?.municipalityId) where.municipality = municipalityWithMerged(assertId(filter.municipalityId, 'filter.municipalityId'));
  if (filter?.kinds) where.kind = { $in: filter.kinds };
  if (filter?.promotesSocialMix != null) where.promotesSocialMix = filter.promotesSocialMix;
  return where;
}

/** Registers a partner organisation; names are unique within a municipality. */
export async function createOrganization(em: EntityManager, input: CreateOrganizationInput, viewer: Viewer): Promise<Organization> {
  const p = new Problems();
  check.text(p, 'name', input.name, LIMITS.nameMaxLength);
  const municipality = await findById(em, p, Municipality, 'municipalityId', input.municipalityId, 'Municipality');
  p.throwIfAny();
  assertOwns(viewer, municipality!.id, 'organisations');
  const name = input.name.trim();
  if (await em.count(Organization, { municipality: municipality!, name })) {
    p.add('name', 'An organisation with this name already exists in this municipality', 'DUPLICATE').throwIfAny();
  }
  const organization = em.create(Organization, {
    name,
    kind: input.kind,
    municipality: municipality!,
    promotesSocialMix: input.promotesSocialMix,
  });
  await em.flush();
  return organization;
}

/**
 * How many events this organisation organised for a CLOSED project or in a FINAL period: their
 * figures are frozen, so the flag that decides whether those events count cannot change.
 */
/**
 * Renames an organisation, changes its kind or its promotes-social-mix flag. The flag decides
 * whether its events count for the KPI: the database recounts the projects concerned in the same
 * transaction (trigger project_kpi_organization_update); it is refused once the organisation held
 * events whose figures are frozen (a CLOSED project or a FINAL period).
 */
export async function updateOrganization(em: EntityManager, input: UpdateOrganizationInput, viewer: Viewer): Promise<Organization> {
  const p = new Problems();
  const organization = await findById(em, p, Organization, 'id', input.id, 'Organisation');
  p.throwIfAny();
  const o = organization!;
  assertOwns(viewer, o.municipality.id, 'organisations');
  if (o.version !== input.version) p.add('version', `The organisation changed since you loaded it (now version ${o.version}); reload and try again`, 'STALE_VERSION').throwIfAny();
  const name = input.name != null ? input.name.trim() : undefined;
  if (input.name != null) check.text(p, 'name', input.name, LIMITS.nameMaxLength);
  if (name && name !== o.name && (await em.count(Organization, { municipality: o.municipality.id, name, id: { $ne: o.id } }))) {
    p.add('name', 'An organisation with this name already exists in this municipality', 'DUPLICATE');
  }
  const flagChanges = input.promotesSocialMix != null && input.promotesSocialMix !== o.promotesSocialMix;
  if (flagChanges) {
    // The frozen-figures rule lives in project/frozen.ts; the database refuses the same (SM001).
    const frozen = await frozenProjectsOrganizedBy(em, o.id);
    if (frozen.size > 0) {
      const [reason] = frozen.values();
      p.add('promotesSocialMix', `This organisation organised events of ${frozen.size} project(s) whose figures are frozen (${reason}), so this flag can no longer change`, 'PERIOD_CLOSED');
    }
  }
  p.throwIfAny();
  if (name !== undefined) o.name = name;
  if (input.kind != null) o.kind = input.kind;
  if (flagChanges) o.promotesSocialMix = input.promotesSocialMix!;
  await em.flush();
  return o;
}
