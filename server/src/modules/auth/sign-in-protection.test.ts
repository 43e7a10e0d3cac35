import type { EntityManager } from '@mikro-orm/sql';
import { AUTH_LIMITS } from '@schoolmix/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../config.js';
import { startTestServer, TEST_NOW, type TestServer } from '../../test/harness.js';
import { addressKey, pairKey, purgeExpired } from './rate-limit.js';

/**
 * Fair sign-in protection over real HTTP (SPEC section 6, issue 11): failures count per
 * (account, address) and per address, never per account alone; progressive delays instead of a
 * lock; an administrator unlocks; old rows are purged; no input overflows anything.
 */

const LOGIN = `mutation($input: LoginInput!) {
  login(input: $input) { token retryAfter userErrors { field message code } }
}`;
const UNLOCK = `mutation($input: UnlockLoginInput!) { unlockLogin(input: $input) { cleared userErrors { field code } } }`;
const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id email } userErrors { field code } } }`;
const PASSWORD = 'correct horse battery staple';

type LoginAnswer = { token: string | null; retryAfter: number | null; userErrors: { field: string[]; message: string; code: string }[] };

describe('sign-in protection', () => {
  let server: TestServer;
  let clock = new Date(TEST_NOW);
  let addresses = 0;
  let users = 0;

  beforeAll(async () => {
    server = await startTestServer({ overrides: { now: () => clock } });
  });
  afterAll(() => server?.close());

  const advance = (seconds: number) => {
    clock = new Date(clock.getTime() + seconds * 1000);
  };
  const newAddress = () => `198.51.100.${++addresses}`;
  const em = () => server.app.db.orm.em.fork() as EntityManager;

  async function post(query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
    const started = performance.now();
    const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
    return { status: response.status, body: (await response.json()) as { data?: Record<string, any>; errors?: { extensions?: Record<string, unknown> }[] }, ms: performance.now() - started };
  }

  async function login(email: string, password: string, address: string): Promise<LoginAnswer> {
    const { status, body } = await post(LOGIN, { input: { email, password } }, { 'x-forwarded-for': address });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    return body.data!.login as LoginAnswer;
  }

  const codes = (answer: LoginAnswer) => answer.userErrors.map((e) => e.code);

  async function createUser(role = 'ADMIN'): Promise<string> {
    const email = `person.${++users}@example.org`;
    const { createUser: payload } = await server.data(CREATE_USER, { input: { email, password: PASSWORD, role } });
    expect(payload.userErrors).toEqual([]);
    return email;
  }

  async function bucket(key: string): Promise<{ count: number; blocked_until: Date | null } | undefined> {
    const [row] = await em().execute<{ count: number; blocked_until: Date | null }[]>('select count, blocked_until from rate_limit_bucket where key = ?', [key]);
    return row;
  }

  it('six wrong passwords no longer lock the account: the attacker’s address waits, the owner logs in from their own address', async () => {
    const admin = await createUser('ADMIN');
    const [attacker, owner] = [newAddress(), newAddress()];
    for (let i = 1; i <= 6; i++) await login(admin, `guess ${i}`, attacker);
    const blocked = await login(admin, PASSWORD, attacker);
    expect(blocked).toMatchObject({ token: null, userErrors: [{ field: ['input', 'email'], code: 'RATE_LIMITED' }] });
    expect(blocked.retryAfter).toBeGreaterThan(0);

    const own = await login(admin, PASSWORD, owner);
    expect(own.userErrors).toEqual([]);
    expect(own.token).toBeTruthy();
    // Still, 15 minutes later, nothing from the attacker's address ever touched the owner's.
    expect(await bucket(pairKey(admin, owner))).toBeUndefined();
  });

  it('after 5 failures each next attempt of the pair waits 2, 4, 8 … seconds, up to 15 minutes; told at once with retryAfter, never kept waiting', async () => {
    const victim = await createUser('ANALYST');
    const from = newAddress();
    for (let i = 1; i <= AUTH_LIMITS.loginPairFreeFailures; i++) {
      expect(codes(await login(victim, `guess ${i}`, from)), `attempt ${i}`).toEqual(['INVALID_CREDENTIALS']);
    }
    const waits: number[] = [];
    for (let step = 0; step < 11; step++) {
      const started = performance.now();
      const refused = await login(victim, PASSWORD, from);
      expect(performance.now() - started, 'answered at once, not by sleeping').toBeLessThan(1000);
      expect(codes(refused)).toEqual(['RATE_LIMITED']);
      waits.push(refused.retryAfter!);
      // One second short of the wait: still refused, with the one second left.
      advance(refused.retryAfter! - 1);
      expect(await login(victim, PASSWORD, from)).toMatchObject({ retryAfter: 1, userErrors: [{ code: 'RATE_LIMITED', message: 'Too many failed logins from your address; try again in 1 second' }] });
      advance(1);
      expect(codes(await login(victim, `late guess ${step}`, from))).toEqual(['INVALID_CREDENTIALS']);
    }
    expect(waits).toEqual([2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]);
    // The owner, from home, is untouched throughout.
    expect((await login(victim, PASSWORD, newAddress())).userErrors).toEqual([]);
  });

  it('attempts refused while waiting are not counted, and a success forgets the pair’s failures', async () => {
    const person = await createUser('REVIEWER');
    const from = newAddress();
    for (let i = 1; i <= 5; i++) await login(person, `typo ${i}`, from);
    for (let i = 0; i < 10; i++) expect(codes(await login(person, `hammer ${i}`, from))).toEqual(['RATE_LIMITED']);
    expect(await bucket(pairKey(person, from))).toMatchObject({ count: 5 });
    advance(2);
    expect((await login(person, PASSWORD, from)).userErrors).toEqual([]);
    expect(await bucket(pairKey(person, from))).toBeUndefined();
    // Five fresh tries again, as for anyone.
    for (let i = 1; i <= 5; i++) expect(codes(await login(person, `typo again ${i}`, from))).toEqual(['INVALID_CREDENTIALS']);
    expect((await login(person, PASSWORD, from)).retryAfter).toBe(2);
  });

  it('an address failing over many accounts waits on all of them; once blocked its attempts stop counting; other addresses are not affected', async () => {
    const person = await createUser('ANALYST');
    const sprayer = newAddress();
    for (let i = 1; i <= AUTH_LIMITS.loginAddressFreeFailures; i++) {
      expect(codes(await login(`guess.${i}@example.org`, PASSWORD, sprayer)), `attempt ${i}`).toEqual(['INVALID_CREDENTIALS']);
    }
    const refused = await login(person, PASSWORD, sprayer);
    expect(refused).toMatchObject({ token: null, retryAfter: 2, userErrors: [{ code: 'RATE_LIMITED' }] });
    for (let i = 0; i < 20; i++) await login(`more.${i}@example.org`, PASSWORD, sprayer);
    expect(await bucket(addressKey(sprayer))).toMatchObject({ count: AUTH_LIMITS.loginAddressFreeFailures });
    // The blocked address's attempts did not count against the accounts it tried either.
    expect(await bucket(pairKey(person, sprayer))).toBeUndefined();
    expect((await login(person, PASSWORD, newAddress())).userErrors).toEqual([]);
  });

  it('unlockLogin (administrators): lifts the delays of an account from every address, and of an address when given', async () => {
    const person = await createUser('ANALYST');
    const [a, b] = [newAddress(), newAddress()];
    for (let i = 1; i <= 6; i++) {
      await login(person, `guess ${i}`, a);
      await login(person, `guess ${i}`, b);
    }
    expect(codes(await login(person, PASSWORD, a))).toEqual(['RATE_LIMITED']);
    const { unlockLogin } = await server.data(UNLOCK, { input: { email: ` ${person.toUpperCase()} ` } });
    expect(unlockLogin).toEqual({ cleared: 2, userErrors: [] });
    expect((await login(person, PASSWORD, a)).userErrors).toEqual([]);
    expect((await login(person, PASSWORD, b)).userErrors).toEqual([]);

    const sprayer = newAddress();
    for (let i = 1; i <= 30; i++) await login(`spray.${i}@example.org`, PASSWORD, sprayer);
    expect(codes(await login(person, PASSWORD, sprayer))).toEqual(['RATE_LIMITED']);
    expect((await server.data(UNLOCK, { input: { email: person, address: sprayer } })).unlockLogin).toEqual({ cleared: 1, userErrors: [] });
    expect((await login(person, PASSWORD, sprayer)).userErrors).toEqual([]);

    const analyst = await server.tokenFor('ANALYST');
    const denied = await post(UNLOCK, { input: { email: person } }, { authorization: `Bearer ${analyst}` });
    expect(denied.status).toBe(403);
    expect(denied.body.errors!.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('refuses e-mails over 254 characters (also 10 KB) and control characters with a user error naming the field, never a 500', async () => {
    const from = newAddress();
    const long = `${'a'.repeat(230)}@example.org`; // 242 characters: overflowed the rate-limit key before
    expect(long.length).toBeGreaterThan(240);
    expect(codes(await login(long, PASSWORD, from))).toEqual(['INVALID_CREDENTIALS']);
    for (const email of [`${'b'.repeat(243)}@example.org`, `${'c'.repeat(10 * 1024)}@example.org`]) {
      const answer = await login(email, PASSWORD, from);
      expect(answer).toEqual({ token: null, retryAfter: null, userErrors: [{ field: ['input', 'email'], code: 'TOO_LONG', message: 'At most 254 characters' }] });
    }
    expect((await login('nul\u0000@example.org', PASSWORD, from)).userErrors).toEqual([{ field: ['input', 'email'], code: 'INVALID', message: 'Control characters are not allowed here' }]);
    expect((await login('someone@example.org', 'p'.repeat(10 * 1024), from)).userErrors).toEqual([{ field: ['input', 'password'], code: 'TOO_LONG', message: 'At most 200 characters' }]);
    const { unlockLogin } = await server.data(UNLOCK, { input: { email: 'd'.repeat(10 * 1024), address: 'x\u0000' } });
    expect(unlockLogin).toEqual({ cleared: null, userErrors: [{ field: ['input', 'email'], code: 'TOO_LONG' }, { field: ['input', 'address'], code: 'INVALID' }] });
    // A long forwarded address does not overflow a key either.
    expect(codes(await login('someone@example.org', 'wrong password', `2001:db8::${'f'.repeat(300)}`))).toEqual(['INVALID_CREDENTIALS']);
  });

  it('purges rows whose failures are forgotten (an hour after the last attempt) and revoked sessions whose token has expired', async () => {
    const person = await createUser('ANALYST');
    advance(AUTH_LIMITS.loginFailureMemorySeconds + 1);
    await purgeExpired(em(), clock); // what earlier tests left
    const from = newAddress();
    await login(person, 'wrong password', from);
    expect(await bucket(pairKey(person, from))).toMatchObject({ count: 1 });
    await em().execute(`insert into revoked_session (id, user_id, expires_at) select gen_random_uuid(), id, ? from app_user limit 1`, [new Date(clock.getTime() + 30 * 60_000)]);

    expect(await purgeExpired(em(), clock)).toEqual({ buckets: 0, sessions: 0 });
    advance(AUTH_LIMITS.loginFailureMemorySeconds + 1);
    const purged = await purgeExpired(em(), clock);
    expect(purged.buckets).toBeGreaterThanOrEqual(2);
    expect(purged.sessions).toBe(1);
    expect(await bucket(pairKey(person, from))).toBeUndefined();
    expect(await bucket(addressKey(from))).toBeUndefined();
    const [left] = await em().execute<{ n: number }[]>('select count(*)::int as n from rate_limit_bucket where expires_at <= ?', [clock]);
    expect(left!.n).toBe(0);
  });

  it('every instance purges on its own, every purgeIntervalMs (10 minutes by default)', async () => {
    expect(loadConfig({ NODE_ENV: 'test' }).purgeIntervalMs).toBe(10 * 60_000);
    const quick = await startTestServer({ overrides: { purgeIntervalMs: 50 } });
    try {
      const db = () => quick.app.db.orm.em.fork() as EntityManager;
      await db().execute(`insert into rate_limit_bucket (key, window_started_at, count, expires_at) values ('login:address:old', ?, 3, ?), ('login:address:current', ?, 3, ?)`, [
        new Date(TEST_NOW.getTime() - 7200_000),
        new Date(TEST_NOW.getTime() - 3600_000),
        TEST_NOW,
        new Date(TEST_NOW.getTime() + 3600_000),
      ]);
      await vi.waitFor(async () => {
        const rows = await db().execute<{ key: string }[]>(`select key from rate_limit_bucket where key like 'login:address:%' order by key`);
        expect(rows.map((r) => r.key)).toEqual(['login:address:current']);
      }, { timeout: 5000, interval: 50 });
    } finally {
      await quick.close();
    }
  });
});
