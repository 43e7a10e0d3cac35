import { type EntityManager, ref } from '@mikro-orm/sql';
import { RATE_LIMITS } from '@schoolmix/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../app.js';
import { ConfigError, loadConfig, type RateLimits } from '../../config.js';
import * as f from '../../test/factories.js';
import { startTestServer, TEST_NOW, type TestServer } from '../../test/harness.js';
import { keyPart } from './rate-limit.js';
import { checkSessionAndCount } from './request-limit.js';
import { viewerOfSession } from './auth.service.js';

/**
 * Every caller is rate-limited (SPEC section 6): per user by role, per API key, per address when
 * anonymous, with RateLimit / RateLimit-Policy headers (draft-ietf-httpapi-ratelimit-headers) and
 * 429 + Retry-After, counted in PostgreSQL so that every instance shares the count.
 */

const LIMITS: RateLimits = {
  windowSeconds: 60,
  anonymous: 3,
  apiKey: 5,
  byRole: { ADMIN: 1000, REVIEWER: 6, ANALYST: 4, COORDINATOR: 4, INTEGRATOR: 4 },
};
const VIEWER = `{ viewer { kind } }`;

describe('a request budget for every caller', () => {
  let server: TestServer;
  let clock = new Date(TEST_NOW);
  let gentId: string;
  let addresses = 0;

  beforeAll(async () => {
    server = await startTestServer({ overrides: { now: () => clock, rateLimits: LIMITS } });
    gentId = (await f.municipality(f.em(server), { nisCode: '44021', name: 'Gent' })).id;
  });
  afterAll(() => server?.close());

  /** A new window for every test: budgets start full. */
  const nextWindow = () => {
    clock = new Date(clock.getTime() + LIMITS.windowSeconds * 1000);
  };
  const advance = (seconds: number) => {
    clock = new Date(clock.getTime() + seconds * 1000);
  };
  const newAddress = () => `192.0.2.${++addresses}`;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  async function call(headers: Record<string, string>, query = VIEWER, url = server.url) {
    const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
    return {
      status: response.status,
      policy: response.headers.get('ratelimit-policy'),
      limit: response.headers.get('ratelimit'),
      retryAfter: response.headers.get('retry-after'),
      body: (await response.json()) as { data?: Record<string, any>; errors?: { message: string; extensions?: Record<string, unknown> }[] },
    };
  }

  it('every answer carries RateLimit-Policy and RateLimit; over the budget 429 with Retry-After, until the window ends', async () => {
    nextWindow();
    const coordinator = bearer(await server.tokenFor('COORDINATOR', gentId));
    for (let i = 1; i <= 4; i++) {
      const answer = await call(coordinator);
      expect(answer.status, `request ${i}`).toBe(200);
      expect(answer.policy).toBe('"coordinator";q=4;w=60');
      expect(answer.limit).toBe(`"coordinator";r=${4 - i};t=60`);
      expect(answer.retryAfter).toBeNull();
    }
    const refused = await call(coordinator);
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).toBe('60');
    expect(refused.policy).toBe('"coordinator";q=4;w=60');
    expect(refused.limit).toBe('"coordinator";r=0;t=60');
    expect(refused.body).toEqual({
      errors: [
        {
          message: 'Too many requests: 4 per 60 seconds (coordinator); try again in 60 seconds',
          extensions: { code: 'RATE_LIMITED', policy: 'coordinator', limit: 4, windowSeconds: 60, retryAfter: 60 },
        },
      ],
    });
    advance(45);
    const later = await call(coordinator);
    expect([later.status, later.retryAfter, later.limit]).toEqual([429, '15', '"coordinator";r=0;t=15']);
    advance(15);
    const fresh = await call(coordinator);
    expect([fresh.status, fresh.limit]).toEqual([200, '"coordinator";r=3;t=60']);
  });

  it('budgets are per user, by role: another user of the same role is untouched, a reviewer has more', async () => {
    nextWindow();
    const [one, two] = [bearer(await server.tokenFor('ANALYST')), bearer(await server.tokenFor('ANALYST'))];
    for (let i = 0; i < 4; i++) await call(one);
    expect((await call(one)).status).toBe(429);
    expect((await call(two)).status).toBe(200);
    const reviewer = bearer(await server.tokenFor('REVIEWER'));
    const answers = [];
    for (let i = 0; i < 7; i++) answers.push((await call(reviewer)).status);
    expect(answers).toEqual([200, 200, 200, 200, 200, 200, 429]);
    expect((await call(reviewer)).policy).toBe('"reviewer";q=6;w=60');
  });

  it('an API key has its own budget, apart from the coordinator who made it', async () => {
    nextWindow();
    const coordinator = bearer(await server.tokenFor('COORDINATOR', gentId));
    const { body } = await call(coordinator, `mutation { createApiKey(input: { name: "Sync", municipalityId: "${gentId}" }) { secret } }`);
    const key = bearer(body.data!.createApiKey.secret);
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await call(key)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect((await call(key)).policy).toBe('"api-key";q=5;w=60');
    expect((await call(coordinator)).status).toBe(200);
  });

  it('anonymous calls, and calls with a refused credential, count per client address', async () => {
    nextWindow();
    const [a, b] = [newAddress(), newAddress()];
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call({ 'x-forwarded-for': a })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await call({ 'x-forwarded-for': a })).policy).toBe('"anonymous";q=3;w=60');
    expect((await call({ 'x-forwarded-for': b })).status).toBe(200);

    const c = newAddress();
    const guesses = [];
    for (let i = 0; i < 4; i++) guesses.push((await call({ 'x-forwarded-for': c, authorization: 'Bearer not-a-token' })).status);
    expect(guesses).toEqual([401, 401, 401, 429]);
  });

  it('a refused request does no work: a login over the anonymous budget is answered 429 and not even counted as an attempt', async () => {
    nextWindow();
    const from = newAddress();
    for (let i = 0; i < 3; i++) await call({ 'x-forwarded-for': from });
    const { result: refused, statements } = await server.app.db.statements.capture(() =>
      call({ 'x-forwarded-for': from }, `mutation { login(input: { email: "someone@example.org", password: "a guess" }) { token } }`),
    );
    expect(refused.status).toBe(429);
    expect(statements.filter((s) => s.includes('rate_limit_bucket'))).toHaveLength(1);
    expect(statements.some((s) => /app_user/.test(s))).toBe(false);
    const em = server.app.db.orm.em.fork() as EntityManager;
    const [row] = await em.execute<{ n: number }[]>(`select count(*)::int as n from rate_limit_bucket where key = ?`, [`login:address:${keyPart(from)}`]);
    expect(row!.n).toBe(0);
  });

  it('costs one statement per request: the session check and the upsert of the caller’s bucket together', async () => {
    nextWindow();
    const analyst = bearer(await server.tokenFor('ANALYST'));
    const { statements } = await server.app.db.statements.capture(() => call(analyst));
    const limiter = statements.filter((s) => s.includes('rate_limit_bucket') || s.includes('app_user'));
    expect(limiter).toEqual([expect.stringMatching(/^with u as \(select u\.id.*from app_user u where u\.id = .*insert into rate_limit_bucket .* on conflict \(key\) do update/s)]);
  });

  it('far from the budget a request is counted in the process: the session check alone (a read), the counts written later in one statement', async () => {
    nextWindow();
    const token = await server.tokenFor('ADMIN');
    const { sub: userId } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string };
    const spent = async () => {
      const [row] = await f.em(server).execute<{ count: number }[]>('select count from rate_limit_bucket where key = ?', [`req:user:${userId}`]);
      return row ? Number(row.count) : 0;
    };
    const budgetWrites = (statements: string[]) => statements.filter((s) => s.includes('rate_limit_bucket'));
    const first = await server.app.db.statements.capture(() => call(bearer(token)));
    expect(first.result.limit).toBe('"admin";r=999;t=60');
    expect(budgetWrites(first.statements)).toHaveLength(1);
    for (let i = 2; i <= 11; i++) {
      const { result, statements } = await server.app.db.statements.capture(() => call(bearer(token)));
      expect(result.limit, `request ${i}`).toBe(`"admin";r=${1000 - i};t=60`);
      expect(budgetWrites(statements)).toEqual([]);
      expect(statements.filter((s) => /from app_user u where u\.id = /.test(s))).toHaveLength(1);
    }
    expect(await spent()).toBe(1);
    const flushed = await server.app.db.statements.capture(() => server.app.flushRequestCounts());
    expect(flushed.statements).toHaveLength(1);
    expect(await spent()).toBe(11);
    // The next request knows the database's count again.
    expect((await call(bearer(token))).limit).toBe('"admin";r=988;t=60');
  });

  it('a logged-out session of a user takes nothing off the requests of the user counted in the process', async () => {
    nextWindow();
    const token = await server.tokenFor('ADMIN');
    const session = await server.app.signer.verify(token, clock);
    if (typeof session === 'string') throw new Error(session);
    const other = (await server.app.signer.sign({ userId: session.userId, tokenVersion: session.tokenVersion }, clock)).token;
    const otherSession = await server.app.signer.verify(other, clock);
    if (typeof otherSession === 'string') throw new Error(otherSession);
    await f.em(server).execute('insert into revoked_session (id, user_id, expires_at) values (?, ?, ?)', [otherSession.sessionId, session.userId, new Date(clock.getTime() + 3_600_000)]);
    // 1 in the database, then 1000 / 20 = 50 counted in the process.
    for (let i = 0; i < 51; i++) expect((await call(bearer(token))).status).toBe(200);
    // The logged-out session's request goes to the database (the process holds all it may) and is
    // counted against the address; the user's 50 stay the user's.
    const refused = await call({ ...bearer(other), 'x-forwarded-for': newAddress() });
    expect([refused.status, refused.limit]).toEqual([401, '"anonymous";r=2;t=60']);
    expect((await call(bearer(token))).limit).toBe('"admin";r=948;t=60');
    await server.app.flushRequestCounts();
    const [row] = await f.em(server).execute<{ count: number }[]>('select count from rate_limit_bucket where key = ?', [`req:user:${session.userId}`]);
    expect(Number(row!.count)).toBe(52);
  });

  it('a signed token that is refused (logged out, or its user changed) counts against the client address, never its user', async () => {
    nextWindow();
    const token = await server.tokenFor('ANALYST');
    const { sub: userId, jti: sessionId } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string; jti: string };
    const spent = async () => {
      const [row] = await f.em(server).execute<{ count: number }[]>('select count from rate_limit_bucket where key = ?', [`req:user:${userId}`]);
      return row ? Number(row.count) : 0;
    };
    const address = newAddress();
    expect((await call({ ...bearer(token), 'x-forwarded-for': address })).limit).toBe('"analyst";r=3;t=60');
    expect(await spent()).toBe(1);

    await f.em(server).execute('insert into revoked_session (id, user_id, expires_at) values (?, ?, ?)', [sessionId, userId, new Date(clock.getTime() + 3_600_000)]);
    const loggedOut = await call({ ...bearer(token), 'x-forwarded-for': address });
    expect(loggedOut.status).toBe(401);
    expect(loggedOut.body.errors![0]!.message).toMatch(/logged out/);
    expect(loggedOut.policy).toBe('"anonymous";q=3;w=60');
    expect(loggedOut.limit).toBe('"anonymous";r=2;t=60');
    await f.em(server).execute('delete from revoked_session where id = ?', [sessionId]);

    await f.em(server).execute('update app_user set token_version = token_version + 1 where id = ?', [userId]);
    const changed = await call({ ...bearer(token), 'x-forwarded-for': address });
    expect(changed.status).toBe(401);
    expect(changed.limit).toBe('"anonymous";r=1;t=60');
    expect(await spent()).toBe(1);
  });

  it('the same statement gives a coordinator the municipalities merged into theirs (Borsbeek into Antwerpen)', async () => {
    nextWindow();
    const em = f.em(server);
    const antwerpen = await f.municipality(em, { name: 'Antwerpen' });
    const borsbeek = await f.municipality(em, { name: 'Borsbeek', validTo: '2024-12-31', mergedInto: ref(antwerpen) });
    const token = await server.tokenFor('COORDINATOR', antwerpen.id);
    const session = await server.app.signer.verify(token, clock);
    if (typeof session === 'string') throw new Error(session);
    const { user, counted } = await checkSessionAndCount(f.em(server), session, 'req:address:test', LIMITS.windowSeconds, clock);
    expect(counted.count).toBe(1);
    const viewer = viewerOfSession(user, session);
    expect(viewer.ownedMunicipalityIds).toEqual([antwerpen.id, borsbeek.id]);
    expect(() => viewerOfSession(user, { ...session, tokenVersion: session.tokenVersion + 1 })).toThrow(/ended/);
  });

  it('GET /export is limited by the same budget', async () => {
    nextWindow();
    const coordinator = bearer(await server.tokenFor('COORDINATOR', gentId));
    for (let i = 0; i < 3; i++) await call(coordinator);
    const last = await fetch(`${server.url}/export/events.csv`, { headers: coordinator });
    expect(last.status).toBe(200);
    expect(last.headers.get('ratelimit')).toBe('"coordinator";r=0;t=60');
    await last.arrayBuffer();
    const refused = await fetch(`${server.url}/export/events.csv`, { headers: coordinator });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(((await refused.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('RATE_LIMITED');
  });

  it.runIf(process.env.DATABASE_URL)('two instances on one PostgreSQL share the count', async () => {
    nextWindow();
    const second: App = await createApp({ ...server.app.config });
    try {
      const { url } = await second.listen(0);
      // Anonymous calls from one address, alternating between the instances: one budget of 3.
      const from = { 'x-forwarded-for': newAddress() };
      const statuses = [(await call(from)).status, (await call(from, VIEWER, url)).status, (await call(from)).status, (await call(from, VIEWER, url)).status];
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await second.close();
    }
  });
});

describe('near its budget every request is counted in the database', () => {
  it('40 anonymous requests a minute: counted two at a time in the process up to half, then each in the database; the 41st is refused', async () => {
    const server = await startTestServer({ overrides: { rateLimits: { ...LIMITS, anonymous: 40 } } });
    try {
      const answers: { status: number; limit: string | null; written: boolean }[] = [];
      for (let i = 1; i <= 41; i++) {
        const { result, statements } = await server.app.db.statements.capture(() =>
          fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.7' }, body: JSON.stringify({ query: VIEWER }) }),
        );
        await result.arrayBuffer();
        answers.push({ status: result.status, limit: result.headers.get('ratelimit'), written: statements.some((s) => s.includes('rate_limit_bucket')) });
      }
      expect(answers.map((a) => a.status)).toEqual([...Array<number>(40).fill(200), 429]);
      expect(answers.map((a) => a.limit)).toEqual(answers.map((_, i) => `"anonymous";r=${Math.max(0, 39 - i)};t=60`));
      // 40 / 20 = 2 counted here between writes while at most half of the budget is spent; then every one.
      expect(answers.map((a) => a.written)).toEqual(answers.map((_, i) => i + 1 > 20 || (i + 1) % 3 === 1));
      const [row] = await f.em(server).execute<{ count: number }[]>('select count from rate_limit_bucket where key = ?', [`req:address:${keyPart('198.51.100.7')}`]);
      expect(Number(row!.count)).toBe(41);
    } finally {
      await server.close();
    }
  });
});

describe('the request budgets’ configuration', () => {
  it('defaults to shared/src/constants/limits.ts, generous for a person using the SPA', () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    expect(config.rateLimits).toEqual({
      windowSeconds: 60,
      anonymous: RATE_LIMITS.anonymous,
      apiKey: RATE_LIMITS.apiKey,
      byRole: { ADMIN: 600, REVIEWER: 300, ANALYST: 300, COORDINATOR: 300, INTEGRATOR: 300 },
    });
    expect(RATE_LIMITS).toMatchObject({ anonymous: 60, apiKey: 600 });
  });

  it('each number can be set in the environment; a bad one stops the server with the variable named', () => {
    const config = loadConfig({ NODE_ENV: 'test', RATE_LIMIT_COORDINATOR: '50', RATE_LIMIT_ANONYMOUS: '10', RATE_LIMIT_WINDOW_SECONDS: '30', LOGIN_PAIR_FREE_FAILURES: '3' });
    expect(config.rateLimits).toMatchObject({ windowSeconds: 30, anonymous: 10, byRole: { COORDINATOR: 50, ADMIN: 600 } });
    expect(config.loginLimits.pairFreeFailures).toBe(3);
    expect([loadConfig({ NODE_ENV: 'test' }).rateLimitFlushMs, loadConfig({ NODE_ENV: 'test', RATE_LIMIT_FLUSH_MS: '0' }).rateLimitFlushMs]).toEqual([1000, 0]);
    expect(() => loadConfig({ NODE_ENV: 'test', RATE_LIMIT_FLUSH_MS: 'often' })).toThrow(/RATE_LIMIT_FLUSH_MS must be a whole number of milliseconds from 0 to 60000/);
    expect(() => loadConfig({ NODE_ENV: 'test', RATE_LIMIT_API_KEY: '0', LOGIN_MAX_DELAY_SECONDS: 'soon' })).toThrow(ConfigError);
    try {
      loadConfig({ NODE_ENV: 'test', RATE_LIMIT_API_KEY: '0' });
    } catch (error) {
      expect((error as ConfigError).problems).toEqual(['RATE_LIMIT_API_KEY must be a whole number of at least 1 (got "0")']);
    }
  });
});
