import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { AUTH_LIMITS, RATE_LIMITS, ROLES, type Role } from '@schoolmix/shared';

export type SeedChoice = 'demo' | 'none';

/** Everything the server reads from its environment, parsed and validated once at boot. */
export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  /** A PostgreSQL server URL; unset means the embedded database (PGlite) in `dataDir`. */
  databaseUrl: string | null;
  /**
   * Read replicas of `databaseUrl` (DATABASE_REPLICA_URLS). Only the exports read from them
   * (db/orm.ts `reportReader`); everything else, sessions and mutations above all, reads the primary.
   */
  databaseReplicaUrls: string[];
  /** Embedded database folder; `memory://` keeps it in memory (tests). */
  dataDir: string;
  seed: SeedChoice;
  sessionSecret: string | null;
  /** Origins allowed to call the API from a browser (CORS). */
  corsOrigins: string[];
  /** Folder of the built SPA served at `/`, when it exists. */
  clientDist: string;
  logLevel: string;
  /** Requests per window and caller (README "Rate limits and sign-in protection"). */
  rateLimits: RateLimits;
  /**
   * How often a process writes the requests it counted itself to the budgets in the database
   * (ms; RATE_LIMIT_FLUSH_MS). 0: every request is counted in the database (request-tallies.ts).
   */
  rateLimitFlushMs: number;
  /**
   * Repeated reads as named prepared statements on a PostgreSQL server (PREPARED_STATEMENTS;
   * db/prepared.ts). Off behind a pooler that cannot keep them (PgBouncer before 1.21 in
   * transaction mode, or without `max_prepared_statements`).
   */
  preparedStatements: boolean;
  /** Progressive delays after failed logins. */
  loginLimits: LoginLimits;
  /** How often expired rate-limit rows and revoked sessions are deleted (tests shorten it). */
  purgeIntervalMs: number;
  /**
   * Time budget of one API request (ms): no field starts resolving after it, and on PostgreSQL
   * it is every connection's `statement_timeout`.
   */
  requestTimeoutMs: number;
  /** Express's `trust proxy`: false (the default: X-Forwarded-For is ignored), a hop count, or addresses/subnets. */
  trustProxy: boolean | number | string[];
  /**
   * Bearer token that `/metrics` asks for. Production without one serves no metrics (404);
   * outside production `/metrics` is open unless a token is set.
   */
  metricsToken: string | null;
  /** The clock; tests pin it so KPI "expected by now" figures are exact. */
  now: () => Date;
  /**
   * How long a mutation with an Idempotency-Key waits for a request with the same key that is
   * still running, before answering 409 IN_PROGRESS (graphql/idempotency.ts).
   */
  idempotencyWaitMs: number;
  /**
   * ADMIN_EMAIL + ADMIN_PASSWORD_FILE: the first administrator, created at boot while no active
   * administrator exists and ignored afterwards (modules/auth/first-admin.ts).
   */
  /** SHUTDOWN_GRACE_MS: how long SIGTERM lets requests and exports in flight finish (main.ts). */
  shutdownGraceMs: number;
  adminEmail: string | null;
  adminPasswordFile: string | null;
  /**
   * MIGRATE_ON_START (default true): apply pending migrations at boot. With false the server
   * refuses to start while migrations are pending (`pnpm db:migrate` first; docs/OPERATIONS.md).
   */
  migrateOnStart: boolean;
  /**
   * WEB_CONCURRENCY (default 1; a number or `auto` = the CPUs this process may use): how many
   * server processes share the port (cluster.ts). More than one needs DATABASE_URL — the embedded
   * database belongs to one process.
   */
  workers: number;
  /**
   * GRAPHQL_JIT (default 2; a whole number, or `off`): a query is executed by graphql-jit, compiled
   * once, from the Nth time its document runs (graphql/executor.ts); before that, and with `off`
   * always, by graphql-js. Mutations and queries with input-object variables always run on graphql-js.
   */
  jitCompileAfter: number | null;
  /**
   * GRAPHQL_PUSHDOWN (on, the default, or off): an administrator's query over the declared lists,
   * their columns and references is answered by one SQL statement that builds the JSON in
   * PostgreSQL (graphql/pushdown.ts). Read per request, so a test can compare both answers.
   */
  pushdown: boolean;
  /**
   * JOBS (on/off; default on, off when NODE_ENV=test): the in-process scheduled jobs
   * (jobs/runner.ts: the final-report reminders). Tests run a job themselves with `runOnce`.
   */
  jobs: boolean;
  /** JOB_INTERVAL_MS (default 900000 = 15 min, at least 1000): how often each instance looks whether a job is due. */
  jobIntervalMs: number;
  /** SMTP_URL (smtp:// or smtps://): where reminder e-mails go; unset = the log and the in-app list only. */
  smtpUrl: string | null;
  /** MAIL_FROM: the sender of those e-mails. */
  mailFrom: string;
  /** PUBLIC_URL: the address users reach the SPA at, for links in e-mails (default http://localhost:PORT). */
  publicUrl: string;
  /**
   * HOUSEHOLD_RETENTION_MONTHS (default 24, 1 … 120): households are erased (the tombstone of
   * eraseHousehold) this many months after their period's settlement — the moment its report
   * became FINAL (`funding_period.finalized_at`) — by the `household-retention` job.
   */
  householdRetentionMonths: number;
}

export interface RateLimits {
  windowSeconds: number;
  /** Per client address, for calls without credentials (or with a refused one). */
  anonymous: number;
  /** Per integrator API key. */
  apiKey: number;
  /** Per signed-in user, by role. */
  byRole: Record<Role, number>;
}

export interface LoginLimits {
  pairFreeFailures: number;
  addressFreeFailures: number;
  maxDelaySeconds: number;
  failureMemorySeconds: number;
}

/** A positive whole number from the environment, or the default; a bad value is a problem. */
function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number, problems: string[]): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    problems.push(`${name} must be a whole number of at least 1 (got "${env[name]}")`);
    return fallback;
  }
  return value;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses the environment, listing every problem at once instead of failing on the first. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const problems: string[] = [];
  const nodeEnv = (env.NODE_ENV ?? 'development') as Config['nodeEnv'];
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    problems.push(`NODE_ENV must be development, production or test (got "${env.NODE_ENV}")`);
  }
  const port = Number(env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`PORT must be a port number (got "${env.PORT}")`);
  }
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const databaseReplicaUrls = (env.DATABASE_REPLICA_URLS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (databaseReplicaUrls.length > 0 && !databaseUrl) {
    problems.push('DATABASE_REPLICA_URLS needs DATABASE_URL: read replicas are replicas of a PostgreSQL server (the embedded database has none)');
  }
  databaseReplicaUrls.forEach((url, i) => {
    if (!isPostgresUrl(url)) problems.push(`DATABASE_REPLICA_URLS entry ${i + 1} must be a postgres:// or postgresql:// URL with a host (got "${redactUrl(url)}")`);
  });
  const seed = (env.SEED ?? 'demo') as SeedChoice;
  if (!['demo', 'none'].includes(seed)) problems.push(`SEED must be demo or none (got "${env.SEED}")`);
  const sessionSecret = env.SESSION_SECRET?.trim() || null;
  if (nodeEnv === 'production' && !sessionSecret) {
    problems.push('SESSION_SECRET is required when NODE_ENV=production');
  } else if (nodeEnv === 'production' && sessionSecret!.length < 32) {
    problems.push('SESSION_SECRET must be at least 32 characters (e.g. `openssl rand -base64 48`)');
  }
  if (nodeEnv === 'production' && seed === 'demo') {
    problems.push('SEED=demo is refused when NODE_ENV=production (demo logins must never reach production); set SEED=none');
  }
  const rateLimits: RateLimits = {
    windowSeconds: positiveInt(env, 'RATE_LIMIT_WINDOW_SECONDS', RATE_LIMITS.windowSeconds, problems),
    anonymous: positiveInt(env, 'RATE_LIMIT_ANONYMOUS', RATE_LIMITS.anonymous, problems),
    apiKey: positiveInt(env, 'RATE_LIMIT_API_KEY', RATE_LIMITS.apiKey, problems),
    byRole: Object.fromEntries(ROLES.map((role) => [role, positiveInt(env, `RATE_LIMIT_${role}`, RATE_LIMITS[role], problems)])) as Record<Role, number>,
  };
  const rateLimitFlushMs = Number(env.RATE_LIMIT_FLUSH_MS?.trim() || 1_000);
  if (!Number.isInteger(rateLimitFlushMs) || rateLimitFlushMs < 0 || rateLimitFlushMs > 60_000) {
    problems.push(`RATE_LIMIT_FLUSH_MS must be a whole number of milliseconds from 0 to 60000 (got "${env.RATE_LIMIT_FLUSH_MS}")`);
  }
  const loginLimits: LoginLimits = {
    pairFreeFailures: positiveInt(env, 'LOGIN_PAIR_FREE_FAILURES', AUTH_LIMITS.loginPairFreeFailures, problems),
    addressFreeFailures: positiveInt(env, 'LOGIN_ADDRESS_FREE_FAILURES', AUTH_LIMITS.loginAddressFreeFailures, problems),
    maxDelaySeconds: positiveInt(env, 'LOGIN_MAX_DELAY_SECONDS', AUTH_LIMITS.loginMaxDelaySeconds, problems),
    failureMemorySeconds: AUTH_LIMITS.loginFailureMemorySeconds,
  };
  loginLimits.failureMemorySeconds = Math.max(loginLimits.failureMemorySeconds, loginLimits.maxDelaySeconds);
  const requestTimeoutMs = Number(env.REQUEST_TIMEOUT_MS ?? 10_000);
  if (!Number.isInteger(requestTimeoutMs) || requestTimeoutMs < 100 || requestTimeoutMs > 600_000) {
    problems.push(`REQUEST_TIMEOUT_MS must be a whole number of milliseconds from 100 to 600000 (got "${env.REQUEST_TIMEOUT_MS}")`);
  }
  const shutdownGraceMs = Number(env.SHUTDOWN_GRACE_MS ?? 25_000);
  if (!Number.isInteger(shutdownGraceMs) || shutdownGraceMs < 0 || shutdownGraceMs > 600_000) {
    problems.push(`SHUTDOWN_GRACE_MS must be a whole number of milliseconds from 0 to 600000 (got "${env.SHUTDOWN_GRACE_MS}")`);
  }
  const trustProxy = parseTrustProxy(env.TRUST_PROXY);
  if (trustProxy instanceof Error) problems.push(trustProxy.message);
  const metricsToken = env.METRICS_TOKEN?.trim() || null;
  if (metricsToken && metricsToken.length < 16) problems.push('METRICS_TOKEN must be at least 16 characters (e.g. `openssl rand -hex 24`)');
  const adminEmail = env.ADMIN_EMAIL?.trim() || null;
  const adminPasswordFile = env.ADMIN_PASSWORD_FILE?.trim() || null;
  if (adminEmail && !adminPasswordFile) problems.push('ADMIN_EMAIL needs ADMIN_PASSWORD_FILE: the path of a file holding the first administrator’s password');
  const migrateOnStart = (env.MIGRATE_ON_START?.trim() || 'true').toLowerCase();
  if (!['true', 'false', '1', '0'].includes(migrateOnStart)) problems.push(`MIGRATE_ON_START must be true or false (got "${env.MIGRATE_ON_START}")`);
  const jobsRaw = (env.JOBS?.trim() || (nodeEnv === 'test' ? 'off' : 'on')).toLowerCase();
  if (!['on', 'off', 'true', 'false', '1', '0'].includes(jobsRaw)) problems.push(`JOBS must be on or off (got "${env.JOBS}")`);
  const jobIntervalMs = Number(env.JOB_INTERVAL_MS?.trim() || 15 * 60_000);
  if (!Number.isInteger(jobIntervalMs) || jobIntervalMs < 1_000) problems.push(`JOB_INTERVAL_MS must be a whole number of milliseconds, at least 1000 (got "${env.JOB_INTERVAL_MS}")`);
  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (smtpUrl && (!/^smtps?:\/\//.test(smtpUrl) || !URL.canParse(smtpUrl))) problems.push(`SMTP_URL must be an smtp:// or smtps:// URL (got "${redactUrl(smtpUrl)}")`);
  const mailFrom = env.MAIL_FROM?.trim() || 'Schoolmix <no-reply@schoolmix.invalid>';
  const publicUrl = (env.PUBLIC_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\//.test(publicUrl) || !URL.canParse(publicUrl)) problems.push(`PUBLIC_URL must be an http:// or https:// URL (got "${env.PUBLIC_URL}")`);
  const householdRetentionMonths = Number(env.HOUSEHOLD_RETENTION_MONTHS?.trim() || 24);
  if (!Number.isInteger(householdRetentionMonths) || householdRetentionMonths < 1 || householdRetentionMonths > 120) {
    problems.push(`HOUSEHOLD_RETENTION_MONTHS must be a whole number of months from 1 to 120 (got "${env.HOUSEHOLD_RETENTION_MONTHS}")`);
  }
  const jitRaw = env.GRAPHQL_JIT?.trim() || '2';
  const jitCompileAfter = jitRaw === 'off' ? null : Number(jitRaw);
  if (jitCompileAfter !== null && (!Number.isInteger(jitCompileAfter) || jitCompileAfter < 1 || jitCompileAfter > 1000)) {
    problems.push(`GRAPHQL_JIT must be off or a whole number from 1 to 1000 (got "${env.GRAPHQL_JIT}")`);
  }
  const preparedRaw = env.PREPARED_STATEMENTS?.trim() || 'on';
  if (preparedRaw !== 'on' && preparedRaw !== 'off') problems.push(`PREPARED_STATEMENTS must be on or off (got "${env.PREPARED_STATEMENTS}")`);
  const pushdownRaw = env.GRAPHQL_PUSHDOWN?.trim() || 'on';
  if (pushdownRaw !== 'on' && pushdownRaw !== 'off') problems.push(`GRAPHQL_PUSHDOWN must be on or off (got "${env.GRAPHQL_PUSHDOWN}")`);
  const workersRaw = env.WEB_CONCURRENCY?.trim() || '1';
  const workers = workersRaw === 'auto' ? availableParallelism() : Number(workersRaw);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) problems.push(`WEB_CONCURRENCY must be auto or a whole number from 1 to 64 (got "${env.WEB_CONCURRENCY}")`);
  else if (workers > 1 && !databaseUrl) problems.push('WEB_CONCURRENCY above 1 needs DATABASE_URL: the embedded database can be opened by one process only');
  if (problems.length > 0) throw new ConfigError(problems);
  const repoRoot = resolve(import.meta.dirname, '../..');
  return {
    nodeEnv,
    port,
    databaseUrl,
    databaseReplicaUrls,
    dataDir: env.DATA_DIR ?? resolve(repoRoot, '.data'),
    seed,
    sessionSecret,
    corsOrigins: (env.CORS_ORIGINS ?? 'http://localhost:5173').split(',').map((s) => s.trim()).filter(Boolean),
    clientDist: env.CLIENT_DIST ? resolve(env.CLIENT_DIST) : resolve(repoRoot, 'client/dist'),
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    rateLimits,
    rateLimitFlushMs,
    loginLimits,
    purgeIntervalMs: 10 * 60_000,
    requestTimeoutMs,
    trustProxy: trustProxy as Config['trustProxy'],
    metricsToken,
    now: () => new Date(),
    idempotencyWaitMs: 10_000,
    shutdownGraceMs,
    adminEmail,
    adminPasswordFile: adminPasswordFile ? resolve(adminPasswordFile) : null,
    migrateOnStart: migrateOnStart === 'true' || migrateOnStart === '1',
    workers,
    jitCompileAfter,
    pushdown: pushdownRaw === 'on',
    preparedStatements: preparedRaw === 'on',
    jobs: ['on', 'true', '1'].includes(jobsRaw),
    jobIntervalMs,
    smtpUrl,
    mailFrom,
    publicUrl,
    householdRetentionMonths,
    ...overrides,
  };
}

function isPostgresUrl(value: string): boolean {
  if (!/^postgres(ql)?:\/\//.test(value) || !URL.canParse(value)) return false;
  return new URL(value).hostname !== '';
}

/** A URL for an error message, its password replaced by `***`. */
function redactUrl(value: string): string {
  return value.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

const NAMED_SUBNETS = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY: unset, empty, `false` or `none` trusts no proxy (the client's address is the
 * socket's); `true` trusts every hop; a whole number trusts that many hops; otherwise a
 * comma-separated list of addresses, CIDR subnets or loopback/linklocal/uniquelocal.
 */
export function parseTrustProxy(value: string | undefined): Config['trustProxy'] | Error {
  const raw = value?.trim() ?? '';
  if (raw === '' || raw === 'false' || raw === 'none') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = entries.filter((entry) => {
    if (NAMED_SUBNETS.has(entry)) return false;
    const [address, prefix, ...rest] = entry.split('/');
    const version = isIP(address ?? '');
    if (version === 0 || rest.length > 0) return true;
    if (prefix === undefined) return false;
    return !/^\d+$/.test(prefix) || Number(prefix) > (version === 4 ? 32 : 128);
  });
  if (bad.length > 0 || entries.length === 0) {
    return new Error(`TRUST_PROXY must be none, true, a hop count, or addresses/subnets (CIDR, loopback, linklocal, uniquelocal), comma-separated (got "${value}")`);
  }
  return entries;
}
