import 'reflect-metadata';
import cluster from 'node:cluster';
import { timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import compression from 'compression';
import cors from 'cors';
import express, { type IRoute } from 'express';
import helmet from 'helmet';
import type { DestinationStream, Logger } from 'pino';
import { ERROR_CODES, IDEMPOTENCY } from '@schoolmix/shared';
import type { Config } from './config.js';
import { type Database, openDatabase } from './db/orm.js';
import { PreparedReads } from './db/prepared.js';
import { seedDemo, type DemoSummary } from './db/seed/demo.js';
import { bootstrapAdministrator } from './modules/auth/first-admin.js';
import { type Context, createContext, requestOf } from './graphql/context.js';
import { createFormatError } from './graphql/format-error.js';
import { httpErrorHandler, notFoundHandler, sendError } from './graphql/errors.js';
import { executorGateway } from './graphql/executor.js';
import { graphqlHandler } from './graphql/front-door.js';
import { getSchema } from './graphql/schema.js';
import { createLogger, pathOf, requestLog, requestScope } from './logger.js';
import { allWorkersMetrics, createMetrics, shareWithPrimary } from './metrics.js';
import { SessionSigner } from './modules/auth/session.js';
import { exportRouter } from './modules/report/export.route.js';
import { requestLimiter } from './modules/auth/request-limit.js';
import { SessionCache } from './modules/auth/session-check.js';
import { RequestTallies } from './modules/auth/request-tallies.js';
import { purgeExpired } from './modules/auth/rate-limit.js';
import { operationGate, rowsForStatement } from './graphql/access-guard.js';
import { introspectionGate } from './graphql/introspection.js';
import { inputGuard } from './graphql/input-rules.js';
import { idempotentMutations } from './graphql/idempotency.js';
import { costBudgetPlugin, queryLimitGate } from './graphql/query-limits.js';
import { deadlinePlugin, requestDeadline } from './graphql/deadline.js';
import { requestPlugin } from './graphql/request-hooks.js';
import { requestIds } from './request-id.js';
import { JobRunner } from './jobs/runner.js';
import { createMailer } from './jobs/mailer.js';
import { reminderEveryMs, reminderJob } from './jobs/reminders.js';
import { householdRetentionJob } from './jobs/retention.js';
import { availabilityPlugin, DatabaseAvailability, isDatabaseUnavailable, RETRY_AFTER_SECONDS, unavailableError } from './db/availability.js';
import { publishedTableStats } from './modules/kpi/kpi-table.js';

/** The metrics label of a path no Express route claimed (bounded: never the path itself). */
function routeOf(path: string): string {
  if (path === '/graphql' || path.startsWith('/graphql/')) return '/graphql';
  if (path.startsWith('/export/')) return '/export';
  return 'other';
}

/** Paths whose answers are JSON for programs, never a page a browser renders (the security headers of an API). */
function isApiPath(path: string): boolean {
  return path === '/graphql' || path === '/healthz' || path === '/readyz' || path === '/metrics';
}

/** The 503 of a server that is shutting down: the client should go elsewhere and come back. */
function refuseStopping(res: express.Response, path: string, database: string): void {
  res.setHeader('connection', 'close');
  res.setHeader('retry-after', String(RETRY_AFTER_SECONDS));
  // The probe of a load balancer gets its own short answer, so it stops sending traffic here.
  if (path === '/readyz') return void res.status(503).json({ status: 'stopping', database });
  sendError(res, ERROR_CODES.SERVICE_UNAVAILABLE, 'The server is shutting down; try again.');
}

/**
 * Sends an answer written in pieces (pushdown.ts `RawJson.around`) without joining them: its length,
 * then the pieces, each written as it is. Node encodes a string into memory it frees once the socket
 * took it, where one Buffer of the whole answer stayed until V8 collected it. (Not corked: corked,
 * the compression middleware waits for a drain that never comes and sends nothing.) An answer under
 * 16 kB (or the answer to HEAD, which sends no body) is joined and sent by Express (`send`).
 */
function sendPieces(res: express.Response, pieces: readonly string[], send: (body: string) => express.Response): express.Response {
  const length = pieces.reduce((chars, piece) => chars + piece.length, 0);
  if (length < 16_384 || res.req.method === 'HEAD') return send(pieces.join(''));
  res.setHeader('content-length', pieces.reduce((bytes, piece) => bytes + Buffer.byteLength(piece), 0));
  for (const piece of pieces.slice(0, -1)) res.write(piece);
  res.end(pieces.at(-1));
  return res;
}

/** Compares two secrets in constant time (a different length is simply unequal). */
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface App {
  config: Config;
  db: Database;
  logger: Logger;
  express: express.Express;
  /** Signs session tokens (login; tests use it to act as a given user). */
  signer: SessionSigner;
  /** Filled when the demo data set was loaded into an empty database at start. */
  seeded: DemoSummary | null;
  /** The scheduled jobs (jobs/runner.ts): started unless JOBS=off; tests call `jobs.runOnce(name)`. */
  jobs: JobRunner;
  /** Writes the requests this process counted itself to the budgets in the database now (request-tallies.ts; tests). */
  flushRequestCounts(): Promise<void>;
  listen(port?: number): Promise<{ server: Server; url: string }>;
  /**
   * Stops the app. With `graceMs` it drains first: /readyz and every new request answer 503 at
   * once, requests and exports in flight may finish for up to `graceMs`; then the remaining
   * connections are closed, then the database pool. Without it (tests) it stops at once.
   * Calling it again returns the same promise.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

/**
 * What a database needs before the app serves from it, once per start (the primary does it for
 * all workers, cluster.ts): the demo data set when SEED=demo and the database is empty, and the
 * first administrator from ADMIN_EMAIL + ADMIN_PASSWORD_FILE. Migrations are `openDatabase`'s.
 */
export async function prepareData(db: Database, config: Config, logger: Logger): Promise<DemoSummary | null> {
  let seeded: DemoSummary | null = null;
  if (config.seed === 'demo') {
    seeded = await seedDemo(db.orm.em.fork());
    if (seeded) logger.info({ counts: seeded }, 'demo data set loaded');
  }
  await bootstrapAdministrator(db.orm.em.fork(), config, logger);
  return seeded;
}

/**
 * Builds the whole application: database (migrated, seeded when asked), GraphQL, health,
 * metrics and the SPA. Used by main.ts and by every test, so tests run the real thing.
 */
export async function createApp(config: Config, options: { logDestination?: DestinationStream } = {}): Promise<App> {
  const logger = createLogger(config, options.logDestination);
  const db = await openDatabase(config, { statementTimeoutMs: config.requestTimeoutMs, migrations: config.migrateOnStart ? 'apply' : 'require-current' });
  let seeded: DemoSummary | null;
  try {
    seeded = await prepareData(db, config, logger);
  } catch (error) {
    await db.close();
    throw error;
  }
  const metrics = createMetrics(db.statements, publishedTableStats);
  // A worker of several (cluster.ts) serves /metrics for all of them: the primary gathers them.
  if (cluster.isWorker) shareWithPrimary(metrics.registry);
  const signer = new SessionSigner(config.sessionSecret);
  // Repeated reads planned once per connection on a PostgreSQL server (db/prepared.ts).
  const prepared = new PreparedReads(db, {
    after: 2,
    max: 50,
    track: 2_000,
    enabled: config.preparedStatements,
    onRefused: (error) => logger.warn({ err: error }, 'the database connection cannot keep prepared statements (a pooler in transaction mode?): sending every statement unprepared; set PREPARED_STATEMENTS=off'),
  });
  const development = config.nodeEnv === 'development';
  const availability = new DatabaseAvailability(db, logger);

  const app = express();
  app.disable('x-powered-by');
  // Every request gets an id first (X-Request-Id), so the 503 while draining carries one too.
  app.use(requestIds());
  // One access log line per request, with that id (logger.ts).
  app.use(requestLog(logger));
  // Shutdown (close with graceMs): requests in flight are counted; once draining, every new
  // request — /readyz included, so a load balancer stops sending traffic — answers 503 at once.
  let draining = false;
  let inFlight = 0;
  let drained: (() => void) | null = null;
  app.use((req, res, next) => {
    if (draining) {
      return refuseStopping(res, req.path, db.kind);
    }
    inFlight += 1;
    let counted = true;
    const done = () => {
      if (!counted) return;
      counted = false;
      inFlight -= 1;
      if (inFlight === 0) drained?.();
    };
    // A request is done when its answer is ended ('close' follows), not when its client leaves: a
    // request whose client went away while it waited for the database still runs on, to its end
    // (into a closed socket), and must not find the GraphQL server or the pool already stopped.
    res.once('close', () => {
      if (res.writableEnded) return done();
      const end = res.end.bind(res) as (...args: unknown[]) => express.Response;
      const destroy = res.destroy.bind(res);
      res.end = ((...args: unknown[]) => {
        done();
        return end(...args);
      }) as typeof res.end;
      // An export whose client left ends by destroying its answer (export.route.ts).
      res.destroy = ((error?: Error) => {
        done();
        return destroy(error);
      }) as typeof res.destroy;
    });
    next();
  });
  // Whose X-Forwarded-For to believe for the client's address (TRUST_PROXY; by default nobody's).
  app.set('trust proxy', config.trustProxy);
  // No ETag on API answers (`res.send` hashed every answer of POST /graphql for a header no client
  // uses); static files keep theirs (express.static and sendFile set their own).
  app.set('etag', false);
  app.use((req, res, next) => {
    const end = metrics.httpDuration.startTimer({ method: req.method });
    // originalUrl: inside a mounted middleware (/graphql) req.path is only the rest of the path.
    res.on('finish', () => end({ route: (req.route as IRoute | undefined)?.path ?? routeOf(pathOf(req.originalUrl)), status: res.statusCode }));
    next();
  });
  // Pages (the SPA, GraphiQL, exports) get helmet's whole set. The API's JSON answers get the set
  // OWASP's REST Security Cheat Sheet names for APIs: a policy that allows nothing and no framing,
  // HSTS, nosniff, no referrer, same-origin resources. The headers that steer a page a browser
  // renders (DNS prefetch, the opener, old IE's download and XSS switches, Flash's cross-domain
  // policy, origin keying) say nothing to a client of JSON.
  const pageHeaders = helmet({ contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:'] } } });
  const apiHeaders = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] } },
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xFrameOptions: { action: 'deny' },
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  });
  app.use((req, res, next) => (isApiPath(req.path) ? apiHeaders(req, res, next) : pageHeaders(req, res, next)));

  // gzip for API answers, the SPA and its map (112 kB → 39 kB); exports stream uncompressed. A
  // GraphQL answer to a client that accepts no encoding (many integrators' HTTP libraries) skips the
  // middleware, which would negotiate and wrap the answer only to send it as it is (its `no-store`
  // answers vary by nothing a cache keeps).
  const compress = compression({ filter: (req, res) => !req.path.startsWith('/export/') && compression.filter(req, res) });
  app.use((req, res, next) => (req.headers['accept-encoding'] === undefined && req.path === '/graphql' ? next() : compress(req, res, next)));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    // An outage is logged once by `availability`, not on every probe of the orchestrator.
    if (await availability.check()) return void res.json({ status: 'ready', database: db.kind });
    res.status(503).setHeader('retry-after', String(RETRY_AFTER_SECONDS));
    res.json({ status: 'unavailable', database: db.kind });
  });
  // Prometheus scrapes with `Authorization: Bearer <METRICS_TOKEN>`; production without a token
  // serves no metrics at all (they name operations, error rates and the database's load).
  app.get('/metrics', async (req, res) => {
    if (config.metricsToken ? !sameSecret(req.headers.authorization ?? '', `Bearer ${config.metricsToken}`) : config.nodeEnv === 'production') {
      if (!config.metricsToken) return sendError(res, ERROR_CODES.NOT_FOUND, 'Nothing at GET /metrics');
      res.setHeader('www-authenticate', 'Bearer realm="metrics"');
      return sendError(res, ERROR_CODES.UNAUTHENTICATED, 'Metrics need the METRICS_TOKEN bearer token');
    }
    if (cluster.isWorker) return void res.type(metrics.registry.contentType).send(await allWorkersMetrics());
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  let httpServer: Server | null = null;
  let closing: Promise<void> | null = null;
  let apolloStopped = false;
  const schema = await getSchema();
  // Our executor (graphql/executor.ts) unless both of its ways are off: only it checks a session
  // taken from the cache before any resolver runs, so only then may the limiter take one.
  const ownExecutor = !(config.jitCompileAfter === null && !config.pushdown);
  const apollo = new ApolloServer<Context>({
    // An administrator's read in one statement (GRAPHQL_PUSHDOWN), other queries compiled by
    // graphql-jit from their GRAPHQL_JIT-th run (graphql/executor.ts).
    ...(!ownExecutor
      ? { schema }
      : {
          gateway: executorGateway(schema, {
            compileAfter: config.jitCompileAfter,
            // Only where the row and field rules would change nothing in what the statement reads for
            // this viewer but the rows of its scope (access-guard.ts): otherwise they run on the
            // resolvers. Read per request (pushdown.test.ts compares both answers).
            pushdown: {
              on: () => config.pushdown,
              rows: (context, reads) => rowsForStatement(context.viewer, reads),
              // A repeated statement is planned once per connection (db/prepared.ts).
              read: (em, sql, rowMode, values) => prepared.all(em, sql, rowMode, values),
            },
            executed: metrics.executed,
          }),
        }),
    // In production only for signed-in callers (introspection.ts): GraphiQL needs it.
    introspection: true,
    includeStacktraceInErrorResponses: development,
    formatError: createFormatError(logger, development, availability),
    csrfPrevention: true,
    // main.ts owns shutdown; Apollo's own signal handlers would race it and keep the process alive.
    stopOnTerminationSignals: false,
    // Every document is checked against the query limits on the way in (query-limits.ts);
    // automatic persisted queries would let a hash stand for a document that gate never saw.
    persistedQueries: false,
    // No Apollo landing page in any environment: its page loads a CDN script that the CSP blocks;
    // a browser asking GET /graphql for HTML goes to the self-hosted GraphiQL instead (below).
    // No cache hints: every answer is `no-store` (set below). Apollo's default cache-control plugin
    // would compute hints on every field of every answer only to say the same.
    // Our concerns run as one plugin, in this order (graphql/request-hooks.ts). No inline traces:
    // Apollo adds that plugin for federated subgraphs, which this schema is not.
    plugins: [
      requestPlugin([
        metrics.plugin,
        costBudgetPlugin,
        operationGate,
        introspectionGate(config.nodeEnv === 'production'),
        inputGuard,
        deadlinePlugin,
        availabilityPlugin,
      ]),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
    ],
  });
  await apollo.start();
  // A browser opening /graphql (it asks for HTML before JSON) gets the IDE; API clients, which
  // accept JSON or anything, are not redirected.
  app.get('/graphql', (req, res, next) => {
    if (req.accepts(['application/json', 'text/html']) === 'text/html') return void res.redirect(302, '/graphiql');
    next();
  });
  app.use(
    '/graphql',
    // Answers name families and figures of one viewer: no shared or browser cache may keep them.
    (_req, res, next) => {
      res.setHeader('cache-control', 'no-store');
      next();
    },
    // The time budget starts when the request arrives (deadline.ts).
    requestDeadline(config.requestTimeoutMs),
    // Browsers may call the API only from the configured origins; the SPA itself is same-origin.
    cors({ origin: config.corsOrigins, methods: ['GET', 'POST'], maxAge: 600, exposedHeaders: [IDEMPOTENCY.replayedHeader, 'x-request-id'] }),
    availability.gate(),
    express.json({ limit: '2mb' }),
    // The body parser resumes outside the request's log scope; back into it (logger.ts).
    requestScope(),
    // Query limits before anything reads the database, authentication included (query-limits.ts).
    queryLimitGate(schema, logger),
  );
  // Every caller of the API and the exports is counted before any work is done (429 over budget);
  // far from their budget in this process, written every RATE_LIMIT_FLUSH_MS (request-tallies.ts).
  const tallies = new RequestTallies({ flushEveryMs: config.rateLimitFlushMs, maxKeys: 50_000 });
  const flushRequestCounts = () => tallies.flush(db.orm.em.fork(), config.rateLimits.windowSeconds, config.now());
  const flushTimer = tallies.enabled
    ? setInterval(() => void (tallies.busy ? undefined : flushRequestCounts().catch((error: unknown) => logger.warn({ err: error }, 'writing the request counts failed'))), config.rateLimitFlushMs)
    : null;
  flushTimer?.unref();
  // The sessions this process last found standing: a query's read checks its own (session-check.ts).
  const limiter = requestLimiter(db, signer, config, logger, { tallies, prepared, sessions: ownExecutor ? new SessionCache() : null });
  app.use(['/graphql', '/export'], limiter.middleware);
  app.use(
    '/graphql',
    // A request that reaches this point after the shutdown stopped Apollo (its grace period is over
    // and its client has long gone) gets the 503 of a stopping server, not Apollo's internal error.
    (req, res, next) => {
      if (apolloStopped) return refuseStopping(res, req.path, db.kind);
      next();
    },
    // Mutations with an Idempotency-Key run here, in one transaction with their stored answer.
    idempotentMutations({ apollo, db, config, signer, logger }),
    // An answer written by one statement is spliced into Apollo's serialised answer as JSON text
    // (pushdown.ts `RawJson`): parsed and serialised again, it cost a quarter of the CPU of a
    // nested list (docs/PERFORMANCE.md section 9).
    (_req, res, next) => {
      const send = res.send.bind(res);
      res.send = (body?: unknown) => {
        const raw = (res.locals.splice as Context['splice'])?.raw;
        const pieces = raw && typeof body === 'string' ? raw.around(body) : null;
        return pieces ? sendPieces(res, pieces, send) : send(body);
      };
      next();
    },
    graphqlHandler(apollo, {
      again: limiter.again,
      context: async (req, res) => {
        try {
          const context = await createContext(db.orm.em, requestOf(req, res), config, signer);
          context.splice = { raw: null };
          res.locals.splice = context.splice;
          return context;
        } catch (error) {
          if (!isDatabaseUnavailable(error)) throw error;
          availability.failed(error);
          throw unavailableError();
        }
      },
    }),
  );

  app.use('/export', availability.gate());
  app.use(exportRouter(db, signer, config, logger, availability));

  if (existsSync(join(config.clientDist, 'index.html'))) {
    // Hashed assets never change; index.html and the map are revalidated.
    app.use('/assets', express.static(join(config.clientDist, 'assets'), { index: false, immutable: true, maxAge: '1y' }));
    app.use(express.static(config.clientDist, { index: false, maxAge: 0 }));
    // The self-hosted GraphiQL (client/graphiql.html, built with the SPA): same origin, same CSP.
    if (existsSync(join(config.clientDist, 'graphiql.html'))) {
      app.get('/graphiql', (_req, res) => {
        res.sendFile(join(config.clientDist, 'graphiql.html'), { headers: { 'cache-control': 'no-cache' } });
      });
    }
    // Client-side routes get the SPA; a missing asset stays a 404 (not HTML served as a script).
    app.get(/^\/(?!graphql|healthz|readyz|metrics|export\/|assets\/).*/, (_req, res) => {
      res.sendFile(join(config.clientDist, 'index.html'), { headers: { 'cache-control': 'no-cache' } });
    });
  }

  // Nothing claimed the path: 404; errors outside GraphQL (a body that is not JSON): a short JSON
  // answer, never Express's HTML page with its stack trace (graphql/errors.ts).
  app.use(notFoundHandler);
  app.use(httpErrorHandler(logger));

  // Expired rate-limit rows and revoked sessions whose token has expired anyway are deleted
  // now and then (by every instance; deleting twice is harmless).
  const purge = () =>
    purgeExpired(db.orm.em.fork(), config.now()).catch((error: unknown) => logger.warn({ err: error }, 'purging expired rate-limit rows failed'));
  const purgeTimer = setInterval(() => void purge(), config.purgeIntervalMs);
  purgeTimer.unref();

  // Scheduled jobs: the final-report reminders (e-mail through SMTP_URL, else the log) and the household retention.
  const mailer = createMailer(config, logger);
  // The household retention (HOUSEHOLD_RETENTION_MONTHS after the period's settlement): hourly, after the reminders.
  const jobs = new JobRunner(
    db,
    [
      reminderJob({ mailer, publicUrl: config.publicUrl, logger, everyMs: reminderEveryMs(config.jobIntervalMs) }),
      householdRetentionJob({ months: config.householdRetentionMonths, everyMs: 60 * 60_000 }),
    ],
    config.now,
    logger,
  );
  if (config.jobs) jobs.start(config.jobIntervalMs);

  return {
    config,
    db,
    logger,
    express: app,
    signer,
    seeded,
    jobs,
    flushRequestCounts,
    listen(port = config.port) {
      return new Promise((resolve, reject) => {
        const server = app.listen(port, '0.0.0.0', (error?: Error) => {
          if (error) return reject(error);
          httpServer = server;
          const address = server.address();
          const actual = typeof address === 'object' && address ? address.port : port;
          resolve({ server, url: `http://localhost:${actual}` });
        });
      });
    },
    close({ graceMs = 0 } = {}) {
      closing ??= (async () => {
        draining = true;
        if (inFlight > 0 && graceMs > 0) {
          logger.info({ inFlight, graceMs }, 'draining requests in flight');
          let timer: NodeJS.Timeout | undefined;
          await new Promise<void>((resolve) => {
            drained = resolve;
            timer = setTimeout(resolve, graceMs);
          });
          clearTimeout(timer);
          if (inFlight > 0) logger.warn({ inFlight }, 'shutdown grace period over: closing the requests still in flight');
        }
        clearInterval(purgeTimer);
        await jobs.stop();
        mailer.close();
        availability.close();
        if (httpServer) {
          const closed = new Promise((resolve) => httpServer!.close(resolve));
          httpServer.closeAllConnections();
          await closed;
        }
        apolloStopped = true;
        await apollo.stop();
        // The requests counted here since the last write still count (another instance may go on).
        if (flushTimer) clearInterval(flushTimer);
        await flushRequestCounts().catch((error: unknown) => logger.warn({ err: error }, 'writing the request counts failed'));
        await db.close();
      })();
      return closing;
    },
  };
}
