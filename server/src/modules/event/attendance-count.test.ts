import { buildSchema as schemaOf, execute, GraphQLObjectType, type GraphQLResolveInfo, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextFor } from '../../graphql/context.js';
import { getSchema } from '../../graphql/schema.js';
import { loadConfig } from '../../config.js';
import { SessionSigner } from '../auth/session.js';
import type { Viewer } from '../auth/viewer.js';
import * as f from '../../test/factories.js';
import { freshDatabase, type FreshDatabase } from '../../test/fresh-database.js';
import type { Event } from './event.entity.js';
import { askedCountStatuses } from './event.resolver.js';

/**
 * `Event.attendanceCount` is resolved without type-graphql's handler (graphql/direct-resolvers.ts),
 * which made it a promise on every row; a count the request has read already (a page of events
 * reads its rows' counts ahead, event.resolver.ts) answers at once.
 */
describe('Event.attendanceCount', () => {
  let fresh: FreshDatabase;
  let event: Event;

  beforeAll(async () => {
    fresh = await freshDatabase('attcount');
    const e = fresh.db.orm.em.fork();
    const lead = await f.municipality(e);
    const organizer = await f.organization(e, lead);
    const project = await f.project(e, { lead, partners: [organizer] });
    event = await f.event(e, project, organizer);
    for (const status of ['ATTENDED', 'ATTENDED', 'NO_SHOW'] as const) await f.attendance(e, await f.household(e, project), event, status);
  });
  afterAll(() => fresh?.dispose());

  it("answers an administrator's count with a promise the first time and at once once the request has read it", async () => {
    const schema = await getSchema();
    const type = schema.getType('Event') as GraphQLObjectType;
    const resolve = type.getFields().attendanceCount!.resolve!;
    const admin: Viewer = { kind: 'user', id: null, label: 'admin', role: 'ADMIN', municipalityId: null, ownedMunicipalityIds: [] };
    const config = loadConfig({ NODE_ENV: 'test', SEED: 'none', LOG_LEVEL: 'silent' }, { databaseUrl: null, dataDir: 'memory://' });
    const ctx = contextFor(fresh.db.orm.em.fork(), admin, '127.0.0.1', config, new SessionSigner('x'.repeat(40)));
    const info = { parentType: type, fieldName: 'attendanceCount' } as unknown as GraphQLResolveInfo;
    const first = resolve(event, { status: 'ATTENDED' }, ctx, info);
    expect(first).toBeInstanceOf(Promise);
    expect(await first).toBe(2);
    expect(resolve(event, { status: 'ATTENDED' }, ctx, info)).toBe(2);
    // Another status is another read.
    const noShow = resolve(event, { status: 'NO_SHOW' }, ctx, info);
    expect(noShow).toBeInstanceOf(Promise);
    expect(await noShow).toBe(1);
    // Another request reads again.
    const other = contextFor(fresh.db.orm.em.fork(), admin, '127.0.0.1', config, new SessionSigner('x'.repeat(40)));
    const again = resolve(event, { status: 'ATTENDED' }, other, info);
    expect(again).toBeInstanceOf(Promise);
    // Awaited before the test ends: the database is dropped after it.
    expect(await again).toBe(2);
  });
});

/** Which counts a page of events reads ahead (event.resolver.ts `withCountsAhead`): those its rows ask for, however asked. */
describe('the attendance counts a list of events asks for', () => {
  const schema = schemaOf(`
    enum AttendanceStatus { ATTENDED NO_SHOW REGISTERED }
    type Event { id: ID, attendanceCount(status: AttendanceStatus = ATTENDED): Int, project: Project }
    type Project { events: EventConnection }
    type EventEdge { node: Event }
    type EventConnection { nodes: [Event], edges: [EventEdge] }
    type Query { events: EventConnection }
  `);
  const asked = (query: string, variableValues?: Record<string, unknown>) => {
    let statuses: string[] | null = null;
    const events = (_args: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
      statuses = askedCountStatuses(info).sort();
      return null;
    };
    const result = execute({ schema, document: parse(query), rootValue: { events }, variableValues }) as { errors?: unknown };
    expect(result.errors).toBeUndefined();
    return statuses;
  };

  it('reads the status of each count under nodes and edges, through aliases, fragments, variables and defaults', () => {
    expect(asked('{ events { nodes { attendanceCount } } }')).toEqual(['ATTENDED']);
    expect(asked('{ events { edges { node { a: attendanceCount(status: NO_SHOW) b: attendanceCount } } } }')).toEqual(['ATTENDED', 'NO_SHOW']);
    expect(asked('query ($s: AttendanceStatus!) { events { nodes { ...F } } } fragment F on Event { attendanceCount(status: $s) }', { s: 'REGISTERED' })).toEqual(['REGISTERED']);
    expect(asked('query ($s: AttendanceStatus = NO_SHOW) { events { nodes { attendanceCount(status: $s) } } }')).toEqual(['NO_SHOW']);
    // A variable left out leaves the argument out: its default.
    expect(asked('query ($s: AttendanceStatus) { events { nodes { attendanceCount(status: $s) } } }')).toEqual(['ATTENDED']);
    expect(asked('{ events { nodes { ... on Event { attendanceCount(status: REGISTERED) } } edges { node { attendanceCount(status: REGISTERED) } } } }')).toEqual(['REGISTERED']);
  });

  it('reads nothing ahead for counts the rows do not ask for, or a count asked with null', () => {
    expect(asked('{ events { nodes { id } } }')).toEqual([]);
    // A count of the events of another list below is that list's to read ahead.
    expect(asked('{ events { nodes { project { events { nodes { attendanceCount } } } } } }')).toEqual([]);
    expect(asked('query ($s: AttendanceStatus) { events { nodes { attendanceCount(status: $s) } } }', { s: null })).toEqual([]);
  });
});
