import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sql';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { addressKey } from '../modules/auth/rate-limit.js';
import type { Municipality } from '../modules/municipality/municipality.entity.js';
import type { Organization } from '../modules/organization/organization.entity.js';
import type { Project } from '../modules/project/project.entity.js';
import * as f from '../test/factories.js';
import { startTestServer, TEST_NOW, type TestServer } from '../test/harness.js';

/**
 * Idempotency keys over real HTTP (SPEC section 6: "an integrator may retry any mutation with
 * the same Idempotency-Key header and gets the same answer, with nothing written twice"), on
 * PGlite (one connection) and on PostgreSQL.
 */

const CREATE_EVENT = `mutation CreateEvent($input: CreateEventInput!) {
  createEvent(input: $input) { event { id venue startsAt } userErrors { field message code } }
}`;
const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id prefix } userErrors { field code } } }`;
const REGISTER = `mutation($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { household { id reference } userErrors { field code } } }`;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { token userErrors { field code } } }`;

interface Answer {
  status: number;
  text: string;
  body: { data?: Record<string, any>; errors?: { message: string; extensions?: Record<string, any> }[] };
  replayed: string | null;
  retryAfter: string | null;
}

describe('Idempotency-Key on mutations', () => {
  let server: TestServer;
  let em: EntityManager;
  let municipality: Municipality;
  let project: Project;
  let partner: Organization;
  /** The app's clock: tests move it to see a key forgotten after 24 hours. */
  let clock = TEST_NOW;

  beforeAll(async () => {
    // A fixed session secret, so a second instance (below) accepts the same sessions.
    server = await startTestServer({ overrides: { now: () => clock, sessionSecret: 'idempotency-test-secret-'.repeat(2) } });
    em = f.em(server);
    // Households live in a municipality of the reference data (checked on registration).
    await f.municipality(em, { nisCode: '44021', name: 'Gent' });
    municipality = await f.municipality(em);
    partner = await f.organization(em, municipality);
    project = await f.project(em, { lead: municipality, partners: [partner] });
  });

  afterAll(() => server?.close());

  afterEach(() => {
    clock = TEST_NOW;
  });

  async function post(query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}, url = server.url): Promise<Answer> {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}`, ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text), replayed: response.headers.get('idempotent-replayed'), retryAfter: response.headers.get('retry-after') };
  }

  async function count(sql: string, params: unknown[] = []): Promise<number> {
    const [row] = await f.em(server).getConnection().execute<{ n: string | number }[]>(sql, params);
    return Number(row!.n);
  }

  // Venues carry a random UUID to be unique; its digits become letters, because a run of digits
  // across its dashes can look like a phone or national number, which a venue may not hold
  // (CONTAINS_IDENTIFIER) — a refusal that would make these tests fail at random.
  const lettersOnly = (venue: string) => venue.replace(/\d/g, (d) => 'ghijklmnop'[Number(d)]!);
  const eventInput = (venue: string) => ({
    projectId: project.id,
    type: 'PARENT_EVENING',
    organizerId: partner.id,
    startsAt: '2025-02-10T18:00:00Z',
    endsAt: '2025-02-10T20:00:00Z',
    venue: lettersOnly(venue),
  });
  const eventsAt = (venue: string) => count('select count(*) as n from event where venue = ?', [lettersOnly(venue)]);
  const keyRows = () => count('select count(*) as n from idempotency_key');

  it('createEvent sent 10 times at once with one key: 1 event, 10 byte-identical 200 answers, 9 of them replayed', async () => {
    const key = randomUUID();
    const venue = `Buurthuis ${key}`;
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(CREATE_EVENT, { input: eventInput(venue) }, { 'idempotency-key': key })));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(answers[0]!.body.data!.createEvent.event.venue).toBe(lettersOnly(venue));
    expect(answers[0]!.body.data!.createEvent.userErrors).toEqual([]);
    expect(answers.filter((a) => a.replayed === 'true')).toHaveLength(9);
    expect(await eventsAt(venue)).toBe(1);
  });

  it('without a key the same 10 requests write 10 events (what the key prevents)', async () => {
    const venue = `Zonder sleutel ${randomUUID()}`;
    await Promise.all(Array.from({ length: 10 }, () => post(CREATE_EVENT, { input: eventInput(venue) })));
    expect(await eventsAt(venue)).toBe(10);
  });

  it('createApiKey sent 10 times at once with one key: 1 API key, the same secret in all 10 answers', async () => {
    const key = randomUUID();
    const name = `Koppeling ${key.slice(0, 8)}`;
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(CREATE_KEY, { input: { name, municipalityId: municipality.id } }, { 'idempotency-key': key })));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    const secrets = new Set(answers.map((a) => a.body.data!.createApiKey.secret as string));
    expect(secrets.size).toBe(1);
    expect([...secrets][0]).toMatch(/^smx_[a-z0-9]{12}_/);
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(await count('select count(*) as n from api_key where name = ?', [name])).toBe(1);
    // The secret works, and is nowhere in the database in clear (the stored answer is encrypted).
    const secret = [...secrets][0]!;
    const viewer = await post('{ viewer { kind } }', {}, { authorization: `Bearer ${secret}` });
    expect(viewer.body.data!.viewer.kind).toBe('apiKey');
    expect(await count(`select count(*) as n from idempotency_key where position(convert_to(?, 'UTF8') in body) > 0`, [secret.slice(-43)])).toBe(0);
    expect(await count(`select count(*) as n from idempotency_key where position(convert_to(?, 'UTF8') in key_hash) > 0`, [key])).toBe(0);
  });

  it('a retried registerHousehold gets its first answer, not DUPLICATE; without the key the retry is DUPLICATE', async () => {
    const reference = `IK-${randomUUID().slice(0, 8)}`;
    const input = { projectId: project.id, reference, residenceNisCode: '44021', postcode: '9000', children: 2 };
    const key = randomUUID();
    const first = await post(REGISTER, { input }, { 'idempotency-key': key });
    const retry = await post(REGISTER, { input }, { 'idempotency-key': key });
    expect(first.status).toBe(200);
    expect(first.body.data!.registerHousehold.userErrors).toEqual([]);
    expect(first.replayed).toBeNull();
    expect(retry.replayed).toBe('true');
    expect(retry.text).toBe(first.text);
    expect(await count('select count(*) as n from household where reference = ?', [reference])).toBe(1);

    const withoutKey = await post(REGISTER, { input });
    expect(withoutKey.body.data!.registerHousehold.userErrors.map((e: { code: string }) => e.code)).toEqual(['DUPLICATE']);
    const newKey = await post(REGISTER, { input }, { 'idempotency-key': randomUUID() });
    expect(newKey.body.data!.registerHousehold.userErrors.map((e: { code: string }) => e.code)).toEqual(['DUPLICATE']);
  });

  it('the same key with different variables answers 422 IDEMPOTENCY_KEY_REUSED and writes nothing', async () => {
    const key = randomUUID();
    const venue = `Eerste ${key}`;
    const first = await post(CREATE_EVENT, { input: eventInput(venue) }, { 'idempotency-key': key });
    expect(first.status).toBe(200);
    const other = await post(CREATE_EVENT, { input: eventInput(`Tweede ${key}`) }, { 'idempotency-key': key });
    expect(other.status).toBe(422);
    expect(other.body.errors![0]!.extensions!.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await eventsAt(`Tweede ${key}`)).toBe(0);
    // Another operation under the same key is a different request too.
    const otherOperation = await post(CREATE_KEY, { input: { name: 'x', municipalityId: municipality.id } }, { 'idempotency-key': key });
    expect(otherOperation.status).toBe(422);
    // Whitespace and variable order do not make a different request.
    const reformatted = `mutation CreateEvent($input: CreateEventInput!) {
        createEvent(input: $input) {
          event { id venue startsAt }
          userErrors { field message code }
        }
      }`;
    const { venue: v, ...rest } = eventInput(venue);
    const same = await post(reformatted, { input: { venue: v, ...rest } }, { 'idempotency-key': key });
    expect(same.status).toBe(200);
    expect(same.text).toBe(first.text);
    expect(await eventsAt(venue)).toBe(1);
  });

  it('keys are per caller: another caller with the same key and request gets its own answer', async () => {
    const key = randomUUID();
    const venue = `Per beller ${key}`;
    const other = await server.tokenFor('ADMIN');
    const a = await post(CREATE_EVENT, { input: eventInput(venue) }, { 'idempotency-key': key });
    const b = await post(CREATE_EVENT, { input: eventInput(venue) }, { 'idempotency-key': key, authorization: `Bearer ${other}` });
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.replayed).toBeNull();
    expect(b.body.data!.createEvent.event.id).not.toBe(a.body.data!.createEvent.event.id);
    expect(await eventsAt(venue)).toBe(2);
  });

  it('an anonymous login is keyed by address: a retry is replayed and counted once against the address', async () => {
    const key = randomUUID();
    const address = '198.51.100.77';
    const input = { email: `nobody-${key.slice(0, 8)}@test.schoolmix`, password: 'wrong password here' };
    const anonymous = { authorization: '', 'idempotency-key': key };
    const first = await post(LOGIN, { input }, { ...anonymous, 'x-forwarded-for': address });
    const retry = await post(LOGIN, { input }, { ...anonymous, 'x-forwarded-for': address });
    expect(first.body.data!.login.userErrors[0].code).toBe('INVALID_CREDENTIALS');
    expect(retry.replayed).toBe('true');
    expect(retry.text).toBe(first.text);
    expect(await count('select count as n from rate_limit_bucket where key = ?', [addressKey(address)])).toBe(1);
    // Another address with the same key is another caller: its attempt runs and counts.
    const elsewhere = await post(LOGIN, { input }, { ...anonymous, 'x-forwarded-for': '198.51.100.78' });
    expect(elsewhere.replayed).toBeNull();
    expect(await count('select count as n from rate_limit_bucket where key = ?', [addressKey('198.51.100.78')])).toBe(1);
  });

  it('refuses a key that is empty, longer than 255 characters or has control characters with 400, before any write', async () => {
    const venue = `Slechte sleutel ${randomUUID()}`;
    for (const bad of ['', ' ', 'a'.repeat(256), 'tab\there', 'caf\u00e9', '""']) {
      const answer = await post(CREATE_EVENT, { input: eventInput(venue) }, { 'idempotency-key': bad });
      expect(answer.status, JSON.stringify(bad)).toBe(400);
      expect(answer.body.errors![0]!.extensions!.code).toBe('IDEMPOTENCY_KEY_INVALID');
    }
    expect(await eventsAt(venue)).toBe(0);
    const longest = await post(CREATE_EVENT, { input: eventInput(venue) }, { 'idempotency-key': 'k'.repeat(255) });
    expect(longest.status).toBe(200);
    // The IETF draft's form: a structured-field string in double quotes is the same key.
    const quoted = await post(CREATE_EVENT, { input: eventInput(venue) }, { 'idempotency-key': `"${'k'.repeat(255)}"` });
    expect(quoted.replayed).toBe('true');
    expect(await eventsAt(venue)).toBe(1);
  });

  it('queries ignore the header, even an invalid one, and store nothing', async () => {
    const before = await keyRows();
    const answer = await post('query Who { viewer { kind } }', {}, { 'idempotency-key': 'x'.repeat(300) });
    expect(answer.status).toBe(200);
    expect(answer.body.data!.viewer.kind).toBe('user');
    const again = await post('query Who { viewer { kind } }', {}, { 'idempotency-key': randomUUID() });
    expect(again.replayed).toBeNull();
    expect(await keyRows()).toBe(before);
  });

  it('a refused mutation (GraphQL validation, 400) is answered as usual and its answer kept for the key', async () => {
    const key = randomUUID();
    const bad = await post(CREATE_EVENT, { input: { venue: 'only a venue' } }, { 'idempotency-key': key });
    expect(bad.status).toBe(400);
    const retry = await post(CREATE_EVENT, { input: { venue: 'only a venue' } }, { 'idempotency-key': key });
    expect(retry.status).toBe(400);
    expect(retry.replayed).toBe('true');
    expect(retry.text).toBe(bad.text);
  });

  it('the write and its stored answer commit together: when the answer cannot be stored, nothing is written, and the retry runs once', async () => {
    const conn = f.em(server).getConnection();
    await conn.execute(`create function refuse_answer() returns trigger language plpgsql as $$ begin raise exception 'answer not stored'; end $$`);
    await conn.execute(`create trigger refuse_answer before update on idempotency_key for each row when (new.operation like 'FailStore%') execute function refuse_answer()`);
    const key = randomUUID();
    const venue = `Niet bewaard ${key}`;
    const failing = CREATE_EVENT.replace('mutation CreateEvent', 'mutation FailStore');
    try {
      const crashed = await post(failing, { input: eventInput(venue) }, { 'idempotency-key': key });
      expect(crashed.status).toBe(500);
      expect(await eventsAt(venue)).toBe(0);
      expect(await keyRows()).toBeGreaterThan(0);
      expect(await count(`select count(*) as n from idempotency_key where operation like 'FailStore%'`)).toBe(0);
    } finally {
      await conn.execute('drop trigger refuse_answer on idempotency_key');
      await conn.execute('drop function refuse_answer()');
    }
    const retried = await post(failing, { input: eventInput(venue) }, { 'idempotency-key': key });
    expect(retried.status).toBe(200);
    expect(retried.replayed).toBeNull();
    const again = await post(failing, { input: eventInput(venue) }, { 'idempotency-key': key });
    expect(again.replayed).toBe('true');
    expect(await eventsAt(venue)).toBe(1);
  });

  it('mutations with other keys, plain queries and /readyz go on while keyed mutations wait (no deadlock on PGlite’s one connection)', async () => {
    const key = randomUUID();
    const venue = `Gemengd ${key}`;
    const started = Date.now();
    const results = await Promise.all([
      ...Array.from({ length: 5 }, () => post(CREATE_EVENT, { input: eventInput(venue) }, { 'idempotency-key': key })),
      ...Array.from({ length: 3 }, (_, i) => post(CREATE_EVENT, { input: eventInput(`${venue} ${i}`) }, { 'idempotency-key': randomUUID() })),
      post('{ viewer { kind } }', {}),
      fetch(`${server.url}/readyz`).then(async (r) => ({ status: r.status, text: await r.text() }) as Answer),
    ]);
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(await eventsAt(venue)).toBe(1);
    for (const i of [0, 1, 2]) expect(await eventsAt(`${venue} ${i}`)).toBe(1);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  /** The administrator's id (the caller of every default request) and a session of theirs signed at the clock's time (sessions last 8 hours). */
  async function admin(): Promise<{ id: string; headers: Record<string, string> }> {
    const [row] = await f.em(server).getConnection().execute<{ id: string; token_version: number }[]>(`select id, token_version from app_user where email = 'admin-1@test.schoolmix'`);
    const { token } = await server.app.signer.sign({ userId: row!.id, tokenVersion: row!.token_version }, clock);
    return { id: row!.id, headers: { authorization: `Bearer ${token}` } };
  }

  it('after 24 hours a key is forgotten: the same request runs again, old rows are purged, an expired row is taken over', async () => {
    const key = randomUUID();
    const venue = `Morgen ${key}`;
    const first = await post(CREATE_EVENT, { input: eventInput(venue) }, { 'idempotency-key': key });
    clock = new Date(TEST_NOW.getTime() + 23 * 3_600_000);
    const withinADay = await post(CREATE_EVENT, { input: eventInput(venue) }, { 'idempotency-key': key, ...(await admin()).headers });
    expect(withinADay.replayed).toBe('true');
    expect(withinADay.text).toBe(first.text);
    expect(await eventsAt(venue)).toBe(1);

    clock = new Date(TEST_NOW.getTime() + 24 * 3_600_000 + 1_000);
    const nextDay = await post(CREATE_EVENT, { input: eventInput(venue) }, { 'idempotency-key': key, ...(await admin()).headers });
    expect(nextDay.status).toBe(200);
    expect(nextDay.replayed).toBeNull();
    expect(nextDay.body.data!.createEvent.event.id).not.toBe(first.body.data!.createEvent.event.id);
    expect(await eventsAt(venue)).toBe(2);
    // Every row written at TEST_NOW is gone; the one just written stays.
    expect(await count('select count(*) as n from idempotency_key where created_at < ?', [new Date(clock.getTime() - 24 * 3_600_000)])).toBe(0);
    expect(await count('select count(*) as n from idempotency_key where created_at = ?', [clock])).toBe(1);

    // An expired row the purge has not reached yet (it runs at most once a minute) counts as absent too.
    const { id, headers } = await admin();
    const stale = randomUUID();
    await f.em(server).getConnection().execute(
      `insert into idempotency_key (caller, key_hash, operation, request_hash, created_at, status, content_type, body)
       values (?, decode(?, 'hex'), 'old', decode(?, 'hex'), ?, 200, 'application/json', '\\x00')`,
      [`user:${id}`, createHash('sha256').update(stale).update('\0').digest('hex'), '00'.repeat(32), new Date(clock.getTime() - 25 * 3_600_000)],
    );
    const takenOver = await post(CREATE_EVENT, { input: eventInput(`${venue} oud`) }, { 'idempotency-key': stale, ...headers });
    expect(takenOver.status).toBe(200);
    expect(takenOver.replayed).toBeNull();
    expect(await eventsAt(`${venue} oud`)).toBe(1);
  });

  describe.runIf(process.env.DATABASE_URL)('on a PostgreSQL server', () => {
    it('two server instances on one database share the keys: 10 requests over both → 1 event, 10 identical answers', async () => {
      const second = await createApp({ ...server.app.config });
      const { url } = await second.listen(0);
      try {
        const key = randomUUID();
        const venue = `Twee instanties ${key}`;
        const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => post(CREATE_EVENT, { input: eventInput(venue) }, { 'idempotency-key': key }, i % 2 ? url : server.url)));
        expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
        expect(new Set(answers.map((a) => a.text)).size).toBe(1);
        expect(await eventsAt(venue)).toBe(1);
      } finally {
        await second.close();
      }
    });

    it('a request still running past the wait answers 409 IN_PROGRESS with Retry-After; once it rolls back, the key runs', async () => {
      const key = randomUUID();
      const venue = `Bezet ${key}`;
      const { id: adminId } = await admin();
      const keyHash = createHash('sha256').update(key).update('\0').digest('hex');
      // Another instance's transaction holding the key, as a slow first request would.
      const holder = new pg.Client({ connectionString: server.app.config.databaseUrl! });
      await holder.connect();
      const savedWait = server.app.config.idempotencyWaitMs;
      server.app.config.idempotencyWaitMs = 300;
      try {
        await holder.query('begin');
        await holder.query(
          `insert into idempotency_key (caller, key_hash, operation, request_hash, created_at) values ($1, decode($2, 'hex'), 'held', decode($3, 'hex'), $4)`,
          [`user:${adminId}`, keyHash, '00'.repeat(32), TEST_NOW],
        );
        const started = Date.now();
        const busy = await post(CREATE_EVENT, { input: eventInput(venue) }, { 'idempotency-key': key });
        expect(busy.status).toBe(409);
        expect(busy.body.errors![0]!.extensions!.code).toBe('IN_PROGRESS');
        expect(busy.retryAfter).toBe('1');
        expect(Date.now() - started).toBeLessThan(3_000);
        expect(await eventsAt(venue)).toBe(0);
        await holder.query('rollback');
        const after = await post(CREATE_EVENT, { input: eventInput(venue) }, { 'idempotency-key': key });
        expect(after.status).toBe(200);
        expect(after.replayed).toBeNull();
        expect(await eventsAt(venue)).toBe(1);
      } finally {
        server.app.config.idempotencyWaitMs = savedWait;
        await holder.end();
      }
    });
  });
});
