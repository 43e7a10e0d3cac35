import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { vi } from 'vitest';
import type { DestinationStream } from 'pino';
import type { Role } from '@schoolmix/shared';
import { type App, createApp } from '../app.js';
import { type Config, ConfigError, loadConfig } from '../config.js';
import { User } from '../modules/auth/auth.entity.js';
import { Municipality } from '../modules/municipality/municipality.entity.js';

/** A fixed "today" inside period 3 of the demo, so KPI "expected by now" is exact in tests. */
export const TEST_NOW = new Date('2025-04-01T10:00:00Z');

/** The problems loadConfig names when it refuses this environment (an error when it accepts it). */
export function configProblems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

/** A userError as the tests select it (`userErrors { field message code }`). */
export type UserErrorShape = { field: string[]; message: string; code: string };

/** A GraphQL response body as the server sends it. */
export interface GqlResponse<T> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, any>; path?: string[] }[];
}

/**
 * Request budgets so large no test reaches them (the clock stands still at TEST_NOW, so a window
 * never ends); the rate-limit tests pass their own `rateLimits`.
 */
export const UNLIMITED_REQUESTS: Config['rateLimits'] = {
  windowSeconds: 60,
  anonymous: 1_000_000,
  apiKey: 1_000_000,
  byRole: { ADMIN: 1_000_000, REVIEWER: 1_000_000, ANALYST: 1_000_000, COORDINATOR: 1_000_000, INTEGRATOR: 1_000_000 },
};

export interface TestServer {
  app: App;
  url: string;
  /** The session token of the administrator every call uses unless told otherwise. */
  adminToken: string;
  /**
   * A session token for a new user with this role (and municipality, for coordinators), made
   * straight in the database: for access tests that do not want to go through login.
   */
  tokenFor(role: Role, municipalityId?: string | null): Promise<string>;
  /**
   * POSTs a GraphQL operation over real HTTP as the administrator (or with the headers given:
   * `{ authorization: '' }` calls anonymously) and returns the parsed body.
   */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GqlResponse<T>>;
  /** Like gql, but fails the test on any GraphQL error. */
  data<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Boots the real app on port 0: embedded PGlite in memory, or — when DATABASE_URL is set — a
 * fresh database created on that PostgreSQL server and dropped afterwards.
 */
export async function startTestServer(
  options: {
    seed?: 'demo' | 'none';
    overrides?: Partial<Config>;
    env?: NodeJS.ProcessEnv;
    logDestination?: DestinationStream;
    /** PostgreSQL only: this many "read replicas" (DATABASE_REPLICA_URLS), each a second connection string to the test database. */
    replicas?: number;
  } = {},
): Promise<TestServer> {
  const serverUrl = process.env.DATABASE_URL;
  let databaseUrl: string | null = null;
  let dropDatabase: (() => Promise<void>) | null = null;
  if (serverUrl) {
    const name = `schoolmix_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }
  const config = loadConfig(
    // GRAPHQL_JIT and GRAPHQL_PUSHDOWN from the environment: CI runs the suite once with every query
    // compiled (GRAPHQL_JIT=1) and every administrator's read on the resolvers (GRAPHQL_PUSHDOWN=off).
    {
      NODE_ENV: 'test',
      SEED: options.seed ?? 'none',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
      GRAPHQL_JIT: process.env.GRAPHQL_JIT,
      GRAPHQL_PUSHDOWN: process.env.GRAPHQL_PUSHDOWN,
      ...options.env,
    },
    // Tests act as many clients from one machine by sending X-Forwarded-For from loopback.
    // Requests are counted in the process as in production, but written once a minute (and at
    // close), so no write of the counts lands inside a test's statement capture.
    { rateLimitFlushMs: 60_000, databaseUrl, databaseReplicaUrls: databaseUrl ? Array.from({ length: options.replicas ?? 0 }, () => databaseUrl) : [], dataDir: 'memory://', now: () => TEST_NOW, rateLimits: UNLIMITED_REQUESTS, trustProxy: ['loopback'], ...options.overrides },
  );
  const app = await createApp(config, { logDestination: options.logDestination });
  const { url } = await app.listen(0);
  let users = 0;
  const tokenFor = async (role: Role, municipalityId: string | null = null) => {
    const em = app.db.orm.em.fork();
    const user = em.create(User, {
      email: `${role.toLowerCase()}-${++users}@test.schoolmix`,
      passwordHash: 'scrypt$unusable',
      role,
      municipality: municipalityId ? em.getReference(Municipality, municipalityId) : null,
    });
    await em.flush();
    return (await app.signer.sign({ userId: user.id, tokenVersion: user.tokenVersion }, config.now())).token;
  };
  const adminToken = await tokenFor('ADMIN');
  async function gql<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<GqlResponse<T>> {
    const auth: Record<string, string> = { authorization: `Bearer ${adminToken}`, ...headers };
    if (!auth.authorization) delete auth.authorization;
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GqlResponse<T>;
  }
  return {
    app,
    url,
    adminToken,
    tokenFor,
    gql,
    async data<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<T> {
      const body = await gql<T>(query, variables);
      if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
      return body.data as T;
    },
    async close() {
      await app.close();
      await dropDatabase?.();
    },
  };
}

/** How many operations each executor has run so far (`schoolmix_graphql_executions_total` in /metrics: sql, graphql-jit, graphql-js). */
export async function executionCounts(server: TestServer): Promise<Record<string, number>> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const [, executor, n] of text.matchAll(/^schoolmix_graphql_executions_total\{executor="([^"]+)"\} (\d+)/gm)) counts[executor!] = Number(n);
  return counts;
}

/**
 * Makes every `findOne` of `entity` on the server's EntityManagers throw an unexpected error (a
 * failure no client code explains) until the returned function is called: for the tests of the
 * masked internal error.
 */
export function failFindOne(server: TestServer, entity: string, message = 'the disk caught fire'): () => void {
  const em = Object.getPrototypeOf(server.app.db.orm.em) as { findOne: (...args: unknown[]) => unknown };
  const original = em.findOne;
  const spy = vi.spyOn(em, 'findOne').mockImplementation(function (this: unknown, ...args: unknown[]) {
    if ((args[0] as { name?: string })?.name === entity) throw new Error(message);
    return original.apply(this, args);
  });
  return () => spy.mockRestore();
}
