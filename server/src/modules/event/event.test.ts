import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Organization } from '../organization/organization.entity.js';
import type { Project } from '../project/project.entity.js';
import * as f from '../../test/factories.js';
import { startTestServer, TEST_NOW, type TestServer, type UserErrorShape } from '../../test/harness.js';

/**
 * Parent evenings and school visits over real HTTP: inside the project's funding period in
 * Belgian calendar days, organised by a partner, cancelled events frozen, and the list filters.
 */

const EVENT_FIELDS = `id type version startsAt endsAt venue capacity languages cancelledAt cancellationReason
  project { id } organizer { id } schools { id } attendanceCount`;
const CREATE = `mutation($input: CreateEventInput!) { createEvent(input: $input) { event { ${EVENT_FIELDS} } userErrors { field message code } } }`;
const UPDATE = `mutation($input: UpdateEventInput!) { updateEvent(input: $input) { event { ${EVENT_FIELDS} } userErrors { field message code } } }`;
const CANCEL = `mutation($input: CancelEventInput!) { cancelEvent(input: $input) { event { ${EVENT_FIELDS} } userErrors { field message code } } }`;
const GET = `query($id: ID!) { event(id: $id) { ${EVENT_FIELDS} } }`;

type Payload = { event: Record<string, any> | null; userErrors: UserErrorShape[] };

describe('events: createEvent, updateEvent, cancelEvent and the events list', () => {
  let server: TestServer;
  let em: EntityManager;
  let project: Project;
  let partner: Organization;
  let outsider: Organization;

  beforeAll(async () => {
    server = await startTestServer();
    em = f.em(server);
    const lead = await f.municipality(em);
    partner = await f.organization(em, lead);
    outsider = await f.organization(em, lead, { name: 'Niet-partner vzw' });
    project = await f.project(em, { lead, partners: [partner] });
  });

  afterAll(() => server?.close());

  function input(over: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      projectId: project.id,
      type: 'PARENT_EVENING',
      organizerId: partner.id,
      startsAt: '2025-02-10T18:00:00Z',
      endsAt: '2025-02-10T20:00:00Z',
      venue: 'Buurthuis De Brug',
      ...over,
    };
  }

  async function create(inp: Record<string, unknown>): Promise<Payload> {
    return (await server.data<{ createEvent: Payload }>(CREATE, { input: inp })).createEvent;
  }

  async function eventCount(): Promise<number> {
    const { events } = await server.data(`query($p: ID!) { events(filter: { projectId: $p }) { totalCount } }`, { p: project.id });
    return events.totalCount;
  }

  describe('createEvent', () => {
    it('creates an event of a partner inside the period, with default language nl', async () => {
      const { event, userErrors } = await create(input({ capacity: 40, languages: ['NL', ' fr ', 'ar', 'nl'] }));
      expect(userErrors).toEqual([]);
      expect(event).toMatchObject({
        type: 'PARENT_EVENING',
        version: 1,
        startsAt: '2025-02-10T18:00:00.000Z',
        endsAt: '2025-02-10T20:00:00.000Z',
        capacity: 40,
        languages: ['nl', 'fr', 'ar'],
        cancelledAt: null,
        project: { id: project.id },
        organizer: { id: partner.id },
        attendanceCount: 0,
      });
      expect((await create(input())).event!.languages).toEqual(['nl']);
    });

    it('follows the Brussels calendar day at the end of the period (2025-09-30 23:30 CEST is in, 00:30 is out)', async () => {
      const inside = await create(input({ startsAt: '2025-09-30T21:30:00Z', endsAt: '2025-09-30T21:59:00Z' }));
      expect(inside.userErrors).toEqual([]);
      expect(inside.event!.startsAt).toBe('2025-09-30T21:30:00.000Z');

      const outside = await create(input({ startsAt: '2025-09-30T22:30:00Z', endsAt: '2025-09-30T23:30:00Z' }));
      expect(outside.event).toBeNull();
      expect(outside.userErrors).toEqual([expect.objectContaining({ field: ['input', 'startsAt'], code: 'OUTSIDE_PERIOD' })]);
      expect(outside.userErrors[0]!.message).toContain('2024-10-01');
    });

    it('follows the Brussels calendar day at the start of the period (2024-10-01 00:30 CEST is in, 2024-09-30 23:30 is out)', async () => {
      const inside = await create(input({ startsAt: '2024-09-30T22:30:00Z', endsAt: '2024-09-30T23:30:00Z' }));
      expect(inside.userErrors).toEqual([]);
      const outside = await create(input({ startsAt: '2024-09-30T21:30:00Z', endsAt: '2024-09-30T23:30:00Z' }));
      expect(outside.userErrors).toEqual([expect.objectContaining({ field: ['input', 'startsAt'], code: 'OUTSIDE_PERIOD' })]);
    });

    it('refuses an organiser that is not a partner of the project as NOT_A_PARTNER', async () => {
      const { event, userErrors } = await create(input({ organizerId: outsider.id }));
      expect(event).toBeNull();
      expect(userErrors).toEqual([expect.objectContaining({ field: ['input', 'organizerId'], code: 'NOT_A_PARTNER' })]);
    });

    it('refuses an end before (or at) the start as INVALID on endsAt', async () => {
      const before = await create(input({ startsAt: '2025-02-10T18:00:00Z', endsAt: '2025-02-10T17:00:00Z' }));
      expect(before.userErrors).toEqual([expect.objectContaining({ field: ['input', 'endsAt'], code: 'INVALID' })]);
      const same = await create(input({ startsAt: '2025-02-10T18:00:00Z', endsAt: '2025-02-10T18:00:00Z' }));
      expect(same.userErrors).toEqual([expect.objectContaining({ field: ['input', 'endsAt'], code: 'INVALID' })]);
    });

    it('refuses a language that is not an ISO 639-1 code as INVALID on languages', async () => {
      const { event, userErrors } = await create(input({ languages: ['nl', 'Nederlands'] }));
      expect(event).toBeNull();
      expect(userErrors).toEqual([expect.objectContaining({ field: ['input', 'languages'], code: 'INVALID' })]);
      expect(userErrors[0]!.message).toContain('nederlands');
      const none = await create(input({ languages: [] }));
      expect(none.userErrors).toEqual([expect.objectContaining({ field: ['input', 'languages'], code: 'INVALID' })]);
    });

    it('refuses unknown and malformed project and organiser ids', async () => {
      const unknown = await create(input({ projectId: randomUUID(), organizerId: randomUUID() }));
      expect(unknown.userErrors.map((e) => [e.field.join('.'), e.code])).toEqual([
        ['input.projectId', 'NOT_FOUND'],
        ['input.organizerId', 'NOT_FOUND'],
      ]);
      const malformed = await create(input({ projectId: 'p-1' }));
      expect(malformed.userErrors).toEqual([expect.objectContaining({ field: ['input', 'projectId'], code: 'INVALID' })]);
    });

    it('writes nothing when refused', async () => {
      const before = await eventCount();
      await create(input({ organizerId: outsider.id, venue: 'Nooit' }));
      await create(input({ startsAt: '2026-01-01T10:00:00Z', endsAt: '2026-01-01T11:00:00Z' }));
      expect(await eventCount()).toBe(before);
    });
  });

  describe('updateEvent and cancelEvent', () => {
    it('refuses an update based on a stale version as STALE_VERSION and keeps the event', async () => {
      const { event } = await create(input({ venue: 'Zaal A' }));
      const stale = (await server.data<{ updateEvent: Payload }>(UPDATE, { input: { id: event!.id, version: 2, venue: 'Zaal B' } })).updateEvent;
      expect(stale.event).toBeNull();
      expect(stale.userErrors).toEqual([expect.objectContaining({ field: ['input', 'version'], code: 'STALE_VERSION' })]);
      expect((await server.data(GET, { id: event!.id })).event).toMatchObject({ venue: 'Zaal A', version: 1 });

      const ok = (await server.data<{ updateEvent: Payload }>(UPDATE, { input: { id: event!.id, version: 1, venue: 'Zaal B', type: 'SCHOOL_VISIT' } })).updateEvent;
      expect(ok.userErrors).toEqual([]);
      expect(ok.event).toMatchObject({ venue: 'Zaal B', type: 'SCHOOL_VISIT', version: 2 });
    });

    it('re-checks the period and the organiser on update', async () => {
      const { event } = await create(input());
      const moved = (await server.data<{ updateEvent: Payload }>(UPDATE, {
        input: { id: event!.id, version: 1, startsAt: '2025-10-02T18:00:00Z', endsAt: '2025-10-02T20:00:00Z', organizerId: outsider.id },
      })).updateEvent;
      expect(moved.userErrors.map((e) => [e.field.join('.'), e.code])).toEqual([
        ['input.startsAt', 'OUTSIDE_PERIOD'],
        ['input.organizerId', 'NOT_A_PARTNER'],
      ]);
      expect((await server.data(GET, { id: event!.id })).event).toMatchObject({ startsAt: '2025-02-10T18:00:00.000Z', organizer: { id: partner.id }, version: 1 });
    });

    it('cancels an event (cancelledAt = now), and refuses a second cancel, an update and attendance as EVENT_CANCELLED', async () => {
      const { event } = await create(input({ venue: 'Wordt geannuleerd' }));
      const household = await f.household(em, project);

      const cancelled = (await server.data<{ cancelEvent: Payload }>(CANCEL, { input: { id: event!.id, version: 1, reason: ' Zaal niet beschikbaar ' } })).cancelEvent;
      expect(cancelled.userErrors).toEqual([]);
      expect(cancelled.event).toMatchObject({ cancelledAt: TEST_NOW.toISOString(), cancellationReason: 'Zaal niet beschikbaar', venue: 'Wordt geannuleerd' });
      const version = cancelled.event!.version;

      const again = (await server.data<{ cancelEvent: Payload }>(CANCEL, { input: { id: event!.id, version } })).cancelEvent;
      expect(again.event).toBeNull();
      expect(again.userErrors).toEqual([expect.objectContaining({ field: ['input', 'id'], code: 'EVENT_CANCELLED' })]);

      const update = (await server.data<{ updateEvent: Payload }>(UPDATE, { input: { id: event!.id, version, venue: 'Toch elders' } })).updateEvent;
      expect(update.event).toBeNull();
      expect(update.userErrors).toEqual([expect.objectContaining({ field: ['input', 'id'], code: 'EVENT_CANCELLED' })]);

      const { recordAttendance } = await server.data(
        `mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { attendance { id } userErrors { field code } } }`,
        { input: { eventId: event!.id, householdId: household.id } },
      );
      expect(recordAttendance.attendance).toBeNull();
      expect(recordAttendance.userErrors).toEqual([{ field: ['input', 'eventId'], code: 'EVENT_CANCELLED' }]);

      // It stays on record, unchanged, with no attendance.
      expect((await server.data(GET, { id: event!.id })).event).toMatchObject({
        venue: 'Wordt geannuleerd',
        cancelledAt: TEST_NOW.toISOString(),
        attendanceCount: 0,
        version,
      });
    });

    it('refuses a cancel based on a stale version as STALE_VERSION', async () => {
      const { event } = await create(input());
      const stale = (await server.data<{ cancelEvent: Payload }>(CANCEL, { input: { id: event!.id, version: 7 } })).cancelEvent;
      expect(stale.userErrors).toEqual([expect.objectContaining({ field: ['input', 'version'], code: 'STALE_VERSION' })]);
      expect((await server.data(GET, { id: event!.id })).event.cancelledAt).toBeNull();
    });
  });

  describe('the events list filters', () => {
    let listProject: Project;
    let ids: Record<string, string>;

    beforeAll(async () => {
      listProject = await f.project(em, { lead: await f.municipality(em), partners: [partner] });
      const make = (type: 'PARENT_EVENING' | 'SCHOOL_VISIT', startsAt: string, cancelled = false) =>
        f.event(em, listProject, partner, { type, startsAt: new Date(startsAt), venue: `Lijst ${startsAt}`, cancelledAt: cancelled ? new Date('2025-01-01T00:00:00Z') : null });
      const e = [
        await make('PARENT_EVENING', '2024-11-05T18:00:00Z'),
        await make('SCHOOL_VISIT', '2024-12-03T08:30:00Z'),
        await make('PARENT_EVENING', '2025-01-14T18:00:00Z', true),
        await make('SCHOOL_VISIT', '2025-02-11T08:30:00Z'),
        await make('SCHOOL_VISIT', '2025-03-11T08:30:00Z', true),
        await make('PARENT_EVENING', '2025-04-01T18:00:00Z'),
      ];
      ids = Object.fromEntries(e.map((ev, i) => [`e${i}`, ev.id]));
    });

    async function list(filter: Record<string, unknown>): Promise<{ totalCount: number; ids: string[] }> {
      const { events } = await server.data(`query($filter: EventFilter) { events(filter: $filter, first: 100) { totalCount nodes { id } } }`, {
        filter: { projectId: listProject.id, ...filter },
      });
      return { totalCount: events.totalCount, ids: events.nodes.map((n: { id: string }) => n.id) };
    }

    it('filters by project', async () => {
      const all = await list({});
      expect(all.totalCount).toBe(6);
      // Ordered by start by default.
      expect(all.ids).toEqual([ids.e0, ids.e1, ids.e2, ids.e3, ids.e4, ids.e5]);
    });

    it('filters by type', async () => {
      expect(await list({ types: ['SCHOOL_VISIT'] })).toEqual({ totalCount: 3, ids: [ids.e1, ids.e3, ids.e4] });
      expect((await list({ types: ['PARENT_EVENING'] })).totalCount).toBe(3);
      expect((await list({ types: ['PARENT_EVENING', 'SCHOOL_VISIT'] })).totalCount).toBe(6);
    });

    it('filters by cancelled', async () => {
      expect(await list({ cancelled: true })).toEqual({ totalCount: 2, ids: [ids.e2, ids.e4] });
      expect((await list({ cancelled: false })).totalCount).toBe(4);
      expect((await list({ cancelled: null })).totalCount).toBe(6);
    });

    it('filters by start: startsFrom is inclusive, startsBefore exclusive', async () => {
      expect(await list({ startsFrom: '2025-01-14T18:00:00Z' })).toEqual({ totalCount: 4, ids: [ids.e2, ids.e3, ids.e4, ids.e5] });
      expect(await list({ startsBefore: '2025-01-14T18:00:00Z' })).toEqual({ totalCount: 2, ids: [ids.e0, ids.e1] });
      expect(await list({ startsFrom: '2024-12-01T00:00:00Z', startsBefore: '2025-03-11T08:30:00Z' })).toEqual({ totalCount: 3, ids: [ids.e1, ids.e2, ids.e3] });
    });

    it('combines filters', async () => {
      expect(await list({ types: ['SCHOOL_VISIT'], cancelled: false, startsFrom: '2025-01-01T00:00:00Z' })).toEqual({ totalCount: 1, ids: [ids.e3] });
    });

    it('answers a malformed projectId filter as BAD_USER_INPUT naming it', async () => {
      const body = await server.gql(`{ events(filter: { projectId: "nope" }) { totalCount } }`);
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(body.errors?.[0]?.extensions?.field).toBe('filter.projectId');
    });
  });
});
