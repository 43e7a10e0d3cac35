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
import type { CreateOrganizationInput, OrganizationFilter } from './organization.inputs.js';

export function organizationWhere(filter: OrganizationFilter | null | undefined): FilterQuery<Organization> {
  const where: FilterQuery<Organization> & Record<string, unknown> = {};
  if (filter?.search?.trim()) where.name = { $ilike: likePattern(filter.search) };
  if (filter?.municipalityId) where.municipality = assertId(filter.municipalityId, 'filter.municipalityId');
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
