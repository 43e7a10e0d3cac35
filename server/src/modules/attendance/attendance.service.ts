import type { EntityManager } from '@mikro-orm/sql';
import { type AttendanceStatus, LIMITS } from '@schoolmix/shared';
import { isId } from '../../graphql/errors.js';
import { checkNoIdentifier, residenceProblems } from '../privacy/privacy.service.js';
import { brusselsDate } from '../funding-period/funding-period.service.js';
import { Problems } from '../../graphql/user-errors.js';
import { findById } from '../../graphql/lookup.js';
import { Event } from '../event/event.entity.js';
import { Household } from '../household/household.entity.js';
import { assertOwnsProject, owns } from '../auth/policy.js';
import type { Viewer } from '../auth/viewer.js';
import { Project } from '../project/project.entity.js';
import { Attendance } from './attendance.entity.js';
import { sqlArray } from '../../db/sql.js';
import { frozenProjects, refuseIfFrozen } from '../project/frozen.js';

interface Upsert {
  householdId: string;
  eventId: string;
  status: AttendanceStatus;
}

/**
 * Writes attendances in one statement, idempotently: a new pair is inserted, a pair recorded
 * with another status is updated, and a pair already recorded exactly so is left untouched
 * (its recordedAt too). Safe under concurrent retries thanks to the unique (household, event).
 */
async function upsertAttendances(em: EntityManager, rows: Upsert[], now: Date): Promise<{ created: number; updated: number; unchanged: number; ids: string[] }> {
  if (rows.length === 0) return { created: 0, updated: 0, unchanged: 0, ids: [] };
  const result = await em.execute<{ id: string; inserted: boolean }[]>(
    `insert into attendance (id, household_id, event_id, status, recorded_at, created_at, updated_at)
     select gen_random_uuid(), r.household_id, r.event_id, r.status, ?, ?, ?
       from unnest(?::uuid[], ?::uuid[], ?::text[]) as r(household_id, event_id, status)
     on conflict (household_id, event_id) do update
        set status = excluded.status, recorded_at = excluded.recorded_at, updated_at = excluded.updated_at
      where attendance.status is distinct from excluded.status
     returning id, (xmax = 0) as inserted`,
    [now, now, now, sqlArray(rows.map((r) => r.householdId)), sqlArray(rows.map((r) => r.eventId)), sqlArray(rows.map((r) => r.status))],
  );
  const created = result.filter((r) => r.inserted).length;
  return { created, updated: result.length - created, unchanged: rows.length - result.length, ids: result.map((r) => r.id) };
}

/** Refusals shared by single and bulk recording: cancelled events and the wrong project. */
function attendanceProblem(event: Event, household: Household): [string, string, 'EVENT_CANCELLED' | 'PROJECT_MISMATCH'] | null {
  if (event.cancelledAt) return ['eventId', 'The event was cancelled: it accepts no attendance', 'EVENT_CANCELLED'];
  if (event.project.id !== household.project.id) return ['householdId', 'The household is registered in another project than the event', 'PROJECT_MISMATCH'];
  return null;
}

/** A household's residence code and an event's day (Europe/Brussels), for residenceProblems. */
function residenceAt(household: Household, event: Event): { nisCode: string; day: string } {
  return { nisCode: household.residenceNisCode ?? '', day: brusselsDate(event.startsAt) };
}

/** Records one attendance. Recording the same thing twice is not an error and changes nothing. */
export async function recordAttendance(em: EntityManager, input: Upsert, viewer: Viewer, now: Date): Promise<Attendance> {
  const p = new Problems();
  const household = await findById(em, p, Household, 'householdId', input.householdId, 'Household');
  const event = await findById(em, p, Event, 'eventId', input.eventId, 'Event');
  // An erased household is an anonymous stub: nothing new is recorded for it.
  if (household?.erasedAt) p.add('householdId', 'Household not found', 'NOT_FOUND');
  p.throwIfAny();
  assertOwnsProject(viewer, await em.findOneOrFail(Project, event!.project.id));
  // Figures of a closed project or a FINAL period are frozen (SPEC §9): even a repeat is refused.
  if (await refuseIfFrozen(em, p, 'eventId', event!.project.id)) p.throwIfAny();
  const problem = attendanceProblem(event!, household!);
  if (problem) p.add(...problem).throwIfAny();
  // The residence code must be valid on the event's date (through the 2025 merger crosswalk).
  const residence = await residenceProblems(em, [residenceAt(household!, event!)]);
  if (residence.size) p.add('householdId', residence.get(0)!, 'INVALID').throwIfAny();
  await upsertAttendances(em, [input], now);
  return em.findOneOrFail(Attendance, { household: household!, event: event! }, { refresh: true });
}

/**
 * Thrown at the end of a dry-run import, after every check and the upsert itself ran inside the
 * mutation's transaction, so that transaction rolls back; it carries the counts a real import
 * would have answered.
 */
export class DryRunRollback extends Error {
  constructor(readonly result: { created: number; updated: number; unchanged: number }) {
    super('Dry run: rolled back');
  }
}

/**
 * Imports many attendances in one transaction: every row is checked first and any bad row
 * means nothing is written, with an error per row (field path input.rows.<index>.<field>).
 * With `dryRun` the very same checks and upsert run, then DryRunRollback undoes them: the
 * caller (inside `mutate`) catches it and answers the counts, so nothing is ever written.
 */
export async function importAttendances(
  em: EntityManager,
  rows: { eventId: string; householdId?: string | null; householdReference?: string | null; status: AttendanceStatus }[],
  viewer: Viewer,
  now: Date,
  options: { dryRun?: boolean } = {},
): Promise<{ created: number; updated: number; unchanged: number }> {
  const p = new Problems();
  if (rows.length === 0) p.add('rows', 'Give at least one row', 'REQUIRED');
  if (rows.length > LIMITS.importMaxRows) p.add('rows', `At most ${LIMITS.importMaxRows} rows per import`, 'OUT_OF_RANGE');
  p.throwIfAny();

  const eventIds = [...new Set(rows.map((r) => r.eventId).filter(isId))];
  const events = new Map((eventIds.length ? await em.find(Event, { id: { $in: eventIds } }) : []).map((e) => [e.id, e]));
  const householdIds = [...new Set(rows.flatMap((r) => (r.householdId && isId(r.householdId) ? [r.householdId] : [])))];
  const references = [...new Set(rows.flatMap((r) => (r.householdReference ? [r.householdReference.trim()] : [])))];
  const households = await em.find(Household, {
    erasedAt: null,
    $or: [{ id: { $in: householdIds } }, { reference: { $in: references }, project: { $in: [...new Set([...events.values()].map((e) => e.project.id))] } }],
  });
  const projectIds = [...new Set([...events.values()].map((e) => e.project.id))];
  const ownedProjects = new Set((projectIds.length ? await em.find(Project, { id: { $in: projectIds } }) : []).filter((pr) => owns(viewer, pr.leadMunicipality.id)).map((pr) => pr.id));
  const frozen = await frozenProjects(em, [...ownedProjects]);
  const byId = new Map(households.map((h) => [h.id, h]));
  const byReference = new Map(households.map((h) => [`${h.project.id}:${h.reference}`, h]));

  const upserts: Upsert[] = [];
  /** Rows that passed every other check, with the field that named their household: their residence code is checked at once below. */
  const located: { index: number; field: 'householdId' | 'householdReference'; household: Household; event: Event }[] = [];
  const seen = new Map<string, { index: number; status: AttendanceStatus }>();
  rows.forEach((row, index) => {
    const at = (field: string) => ['rows', String(index), field];
    const event = isId(row.eventId) ? events.get(row.eventId) : undefined;
    if (!event) p.add(at('eventId'), 'Event not found', 'NOT_FOUND');
    let household: Household | undefined;
    if (row.householdId && row.householdReference) p.add(at('householdId'), 'Give the household id or its reference, not both', 'INVALID');
    else if (row.householdId) {
      household = isId(row.householdId) ? byId.get(row.householdId) : undefined;
      if (!household) p.add(at('householdId'), 'Household not found', 'NOT_FOUND');
    } else if (row.householdReference) {
      // An identifier in a reference is refused by kind and never echoed (no household can hold one).
      if (!checkNoIdentifier(p, at('householdReference'), row.householdReference)) return;
      household = event ? byReference.get(`${event.project.id}:${row.householdReference.trim()}`) : undefined;
      if (!household && event) p.add(at('householdReference'), `No household "${row.householdReference}" in the event’s project`, 'NOT_FOUND');
    } else p.add(at('householdId'), 'Give the household id or its reference', 'REQUIRED');
    if (event && !ownedProjects.has(event.project.id)) {
      p.add(at('eventId'), 'This event belongs to a project of another municipality', 'FORBIDDEN');
      return;
    }
    if (event && frozen.has(event.project.id)) {
      p.add(at('eventId'), frozen.get(event.project.id)!, 'PERIOD_CLOSED');
      return;
    }
    if (!event || !household) return;
    const problem = attendanceProblem(event, household);
    if (problem) {
      p.add(at(problem[0]), problem[1], problem[2]);
      return;
    }
    const key = `${household.id}:${event.id}`;
    const earlier = seen.get(key);
    if (earlier && earlier.status !== row.status) {
      p.add(at('status'), `Row ${earlier.index + 1} records this household at this event as ${earlier.status}`, 'CONFLICT');
      return;
    }
    if (earlier) return;
    seen.set(key, { index, status: row.status });
    located.push({ index, field: row.householdId ? 'householdId' : 'householdReference', household, event });
    upserts.push({ householdId: household.id, eventId: event.id, status: row.status });
  });
  // The residence code of each row's household against its event's date (2025 merger crosswalk): one query for the import.
  const residence = await residenceProblems(em, located.map((r) => residenceAt(r.household, r.event)));
  for (const [i, message] of residence) p.add(['rows', String(located[i]!.index), located[i]!.field], message, 'INVALID');
  p.throwIfAny();
  const { created, updated, unchanged } = await upsertAttendances(em, upserts, now);
  const result = { created, updated, unchanged: unchanged + (rows.length - upserts.length) };
  if (options.dryRun) throw new DryRunRollback(result);
  return result;
}
