import type { EntityManager, FilterQuery } from '@mikro-orm/sql';
import { brusselsDate, LIMITS } from '@schoolmix/shared';
import { assertId } from '../../graphql/errors.js';
import { findAllById, findById } from '../../graphql/lookup.js';
import { likePattern } from '../../graphql/order.js';
import { checkNoIdentifier } from '../privacy/privacy.service.js';
import { Problems } from '../../graphql/user-errors.js';
import { check } from '../../graphql/validate.js';
import { FundingPeriod } from '../funding-period/funding-period.entity.js';
import { Organization } from '../organization/organization.entity.js';
import { Project } from '../project/project.entity.js';
import { School } from '../school/school.entity.js';
import { assertOwnsProject } from '../auth/policy.js';
import type { Viewer } from '../auth/viewer.js';
import { refuseIfFrozen } from '../project/frozen.js';
import { Event } from './event.entity.js';
import type { CancelEventInput, CreateEventInput, EventFilter, UpdateEventInput } from './event.inputs.js';

export function eventWhere(filter: EventFilter | null | undefined): FilterQuery<Event> {
  const and: FilterQuery<Event>[] = [];
  if (filter?.types) and.push({ type: { $in: filter.types } });
  if (filter?.projectId) and.push({ project: assertId(filter.projectId, 'filter.projectId') });
  if (filter?.organizerId) and.push({ organizer: assertId(filter.organizerId, 'filter.organizerId') });
  if (filter?.startsFrom) and.push({ startsAt: { $gte: filter.startsFrom } });
  if (filter?.startsBefore) and.push({ startsAt: { $lt: filter.startsBefore } });
  if (filter?.cancelled != null) and.push({ cancelledAt: filter.cancelled ? { $ne: null } : null });
  if (filter?.search?.trim()) and.push({ venue: { $ilike: likePattern(filter.search) } });
  return and.length > 0 ? { $and: and } : {};
}

const LANGUAGE = /^[a-z]{2,3}$/;

interface EventFields {
  organizer: Organization | null;
  startsAt: Date;
  endsAt: Date;
  venue: string;
  capacity: number | null;
  languages: string[];
}

/** The rules of an event: inside the project's period (Belgian days), organised by a partner. */
async function checkEvent(em: EntityManager, p: Problems, project: Project, f: EventFields): Promise<void> {
  const period = await em.findOneOrFail(FundingPeriod, project.fundingPeriod.id);
  if (Number.isNaN(f.startsAt.getTime())) p.add('startsAt', 'Not a valid moment', 'INVALID');
  else {
    const day = brusselsDate(f.startsAt);
    if (day < period.startsOn || day > period.endsOn) {
      p.add('startsAt', `Must fall inside the project’s funding period (${period.startsOn} – ${period.endsOn})`, 'OUTSIDE_PERIOD');
    }
    if (!(f.endsAt.getTime() > f.startsAt.getTime())) p.add('endsAt', 'Must be after the start', 'INVALID');
  }
  // A venue is a place, never a family's address, phone or e-mail (pseudonymous records).
  if (check.text(p, 'venue', f.venue, LIMITS.venueMaxLength)) checkNoIdentifier(p, 'venue', f.venue);
  check.int(p, 'capacity', f.capacity, 1, LIMITS.eventCapacityMax);
  if (f.languages.length === 0 || f.languages.length > 12) p.add('languages', 'Give one to twelve languages', 'INVALID');
  const bad = f.languages.filter((l) => !LANGUAGE.test(l));
  if (bad.length > 0) p.add('languages', `Not a language code: ${bad.join(', ')} (use ISO 639-1, e.g. nl, fr, ar)`, 'INVALID');
  if (f.organizer) {
    await project.partnerOrganizations.init();
    if (!project.partnerOrganizations.getIdentifiers().includes(f.organizer.id)) {
      p.add('organizerId', `${f.organizer.name} is not a partner organisation of this project`, 'NOT_A_PARTNER');
    }
  }
}

function normaliseLanguages(languages: string[]): string[] {
  return [...new Set(languages.map((l) => l.trim().toLowerCase()))];
}

export async function createEvent(em: EntityManager, input: CreateEventInput, viewer: Viewer): Promise<Event> {
  const p = new Problems();
  const project = await findById(em, p, Project, 'projectId', input.projectId, 'Project');
  const organizer = await findById(em, p, Organization, 'organizerId', input.organizerId, 'Organisation');
  const schools = await findAllById(em, p, School, 'schoolIds', input.schoolIds);
  if (!project) return p.throwIfAny() as never;
  assertOwnsProject(viewer, project);
  if (await refuseIfFrozen(em, p, 'projectId', project.id)) p.throwIfAny();
  if (project.status === 'REJECTED') p.add('projectId', 'The project is rejected', 'INVALID_TRANSITION');
  const fields: EventFields = {
    organizer,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    venue: input.venue,
    capacity: input.capacity ?? null,
    languages: normaliseLanguages(input.languages),
  };
  await checkEvent(em, p, project, fields);
  p.throwIfAny();
  const event = em.create(Event, { ...fields, venue: fields.venue.trim(), organizer: organizer!, type: input.type, project });
  event.schools.set(schools);
  await em.flush();
  return event;
}

async function loadForChange(em: EntityManager, p: Problems, id: string, version: number, viewer: Viewer): Promise<Event> {
  const event = await findById(em, p, Event, 'id', id, 'Event');
  p.throwIfAny();
  assertOwnsProject(viewer, await em.findOneOrFail(Project, event!.project.id));
  // A closed project's or FINAL period's events stay as they are, cancelled or not (SPEC §9).
  if (await refuseIfFrozen(em, p, 'id', event!.project.id)) p.throwIfAny();
  if (event!.cancelledAt) p.add('id', 'This event was cancelled and can no longer change', 'EVENT_CANCELLED').throwIfAny();
  if (event!.version !== version) p.add('version', `The event changed since you loaded it (now version ${event!.version}); reload and try again`, 'STALE_VERSION').throwIfAny();
  return event!;
}

export async function updateEvent(em: EntityManager, input: UpdateEventInput, viewer: Viewer): Promise<Event> {
  const p = new Problems();
  const event = await loadForChange(em, p, input.id, input.version, viewer);
  const project = await em.findOneOrFail(Project, event.project.id);
  const organizer = input.organizerId ? await findById(em, p, Organization, 'organizerId', input.organizerId, 'Organisation') : null;
  const schools = input.schoolIds ? await findAllById(em, p, School, 'schoolIds', input.schoolIds) : null;
  const fields: EventFields = {
    organizer: organizer ?? (await em.findOneOrFail(Organization, event.organizer.id)),
    startsAt: input.startsAt ?? event.startsAt,
    endsAt: input.endsAt ?? event.endsAt,
    venue: input.venue ?? event.venue,
    capacity: input.capacity !== undefined ? input.capacity : event.capacity,
    languages: input.languages ? normaliseLanguages(input.languages) : event.languages,
  };
  await checkEvent(em, p, project, fields);
  p.throwIfAny();
  Object.assign(event, { ...fields, venue: fields.venue.trim(), organizer: fields.organizer!, type: input.type ?? event.type });
  if (schools) event.schools.set(schools);
  event.updatedAt = new Date();
  await em.flush();
  return event;
}

/** Cancels an event: it stays on record, accepts no attendance and never counts for the KPI. */
export async function cancelEvent(em: EntityManager, input: CancelEventInput, viewer: Viewer, now: Date): Promise<Event> {
  const p = new Problems();
  const event = await loadForChange(em, p, input.id, input.version, viewer);
  if (input.reason != null) check.text(p, 'reason', input.reason, 500, false);
  p.throwIfAny();
  event.cancelledAt = now;
  event.cancellationReason = input.reason?.trim() || null;
  await em.flush();
  return event;
}
