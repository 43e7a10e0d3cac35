import { request } from 'node:http';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test/harness.js';

/**
 * Graceful shutdown (issue 12): what SIGTERM does in main.ts, `app.close({ graceMs })`. At once
 * /readyz and every new request answer 503; requests and exports already running finish; then
 * the connections and the pool close. A request held open past the grace period is cut.
 */

/** A POST /graphql whose body is sent in two parts: in flight on the server until `finish()`. */
function heldRequest(server: TestServer): { finish(): Promise<{ status: number; body: string }>; response: Promise<{ status: number; body: string }> } {
  const body = JSON.stringify({ query: '{ fundingPeriods(first: 3) { totalCount } }' });
  const url = new URL(`${server.url}/graphql`);
  let respond!: (value: { status: number; body: string }) => void;
  let fail!: (error: Error) => void;
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    respond = resolve;
    fail = reject;
  });
  const req = request(
    { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${server.adminToken}` } },
    (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => respond({ status: res.statusCode ?? 0, body: text }));
      res.on('error', fail);
    },
  );
  req.on('error', fail);
  req.write(body.slice(0, 10));
  return {
    response,
    finish() {
      req.end(body.slice(10));
      return response;
    },
  };
}

/**
 * GET an export and read it under backpressure: the first chunk arrives, then the client stops
 * reading (`paused`) until `resume()`, so the server's socket fills up and the export stays in
 * flight (its generator waits for 'drain') for as long as the test likes.
 */
function slowExport(server: TestServer, path: string): Promise<{ status: number; firstChunk: number; resume(): Promise<string>; abandon(): void }> {
  const url = new URL(`${server.url}${path}`);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, headers: { authorization: `Bearer ${server.adminToken}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.once('data', (chunk: Buffer) => {
        chunks.push(chunk);
        res.pause();
        resolve({
          status: res.statusCode ?? 0,
          firstChunk: chunk.length,
          resume: () =>
            new Promise((done, fail) => {
              res.on('data', (more: Buffer) => chunks.push(more));
              res.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
              res.on('error', fail);
              res.resume();
            }),
          abandon: () => req.destroy(),
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Until the server has seen the held request (it counts it as in flight). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('graceful shutdown (app.close with graceMs, as on SIGTERM)', () => {
  it('answers 503 to /readyz and to new requests at once, lets a started export and a request in flight finish in full, then closes', async () => {
    const server = await startTestServer({ seed: 'demo' });
    try {
      const auth = { authorization: `Bearer ${server.adminToken}` };
      const reference = await (await fetch(`${server.url}/export/events.csv`, { headers: auth })).text();
      expect(reference.split('\r\n').length).toBeGreaterThan(600);

      const held = heldRequest(server);
      await settle();
      const exporting = await fetch(`${server.url}/export/events.csv`, { headers: auth });
      expect(exporting.status).toBe(200);

      let closed = false;
      const closing = server.app.close({ graceMs: 20_000 }).then(() => (closed = true));

      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'stopping' });
      const fresh = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify({ query: '{ __typename }' }) });
      expect(fresh.status).toBe(503);
      expect(fresh.headers.get('retry-after')).toBeTruthy();
      expect(((await fresh.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('SERVICE_UNAVAILABLE');
      expect((await fetch(`${server.url}/export/events.csv`, { headers: auth })).status).toBe(503);

      // The export started before the shutdown arrives whole.
      expect(await exporting.text()).toBe(reference);
      // The held request is still being waited for, and completes normally.
      await settle();
      expect(closed).toBe(false);
      const answer = await held.finish();
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ data: { fundingPeriods: { totalCount: 3 } } });

      await closing;
      await expect(fetch(`${server.url}/readyz`)).rejects.toThrow();
    } finally {
      await server.close();
    }
  });

  it('delivers a long export started before the shutdown in full (held in flight by a slow reader), while new requests get 503', async () => {
    // A fresh database with 20 000 audit events: an export of several megabytes, far more than the
    // socket buffers hold, so it cannot have been sent before the shutdown starts.
    const lines: string[] = [];
    const server = await startTestServer({ env: { LOG_LEVEL: 'info' }, logDestination: { write: (line: string) => void lines.push(line) } });
    const ROWS = 20_000;
    try {
      await server.app.db.orm.em.fork().execute(
        `insert into audit_event (action, actor_kind, actor_label, changes, entity, entity_id, operation)
         select 'UPDATE', 'SYSTEM', 'bulk-' || g || '-' || repeat('x', 200), '{}'::jsonb, 'PROJECT', gen_random_uuid(), 'shutdownTest'
           from generate_series(1, ${ROWS}) as g`,
        [],
        'run',
      );
      const exporting = await slowExport(server, '/export/audit.ndjson?operation=shutdownTest');
      expect(exporting.status).toBe(200);

      let closed = false;
      const closing = server.app.close({ graceMs: 60_000 }).then(() => (closed = true));
      // Draining: /readyz and new requests (another export too) are refused at once…
      expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
      const fresh = await fetch(`${server.url}/export/audit.csv`, { headers: { authorization: `Bearer ${server.adminToken}` } });
      expect(fresh.status).toBe(503);
      expect(fresh.headers.get('retry-after')).toBeTruthy();
      // …while the paused export is still in flight: the server counted it when the drain began,
      // and waits for it.
      const draining = lines.map((l) => JSON.parse(l) as { msg: string; inFlight?: number }).find((l) => l.msg === 'draining requests in flight');
      expect(draining?.inFlight).toBe(1);
      await settle();
      expect(closed).toBe(false);

      const text = await exporting.resume();
      const rows = text.trim().split('\n').map((line) => JSON.parse(line) as { actor_label: string; operation: string });
      expect(text.length).toBeGreaterThan(5_000_000);
      expect(exporting.firstChunk).toBeLessThan(text.length / 10);
      expect(rows).toHaveLength(ROWS);
      expect(new Set(rows.map((r) => r.actor_label)).size).toBe(ROWS);
      expect(rows.every((r) => r.operation === 'shutdownTest')).toBe(true);
      // Newest first: the last row inserted comes first, the first one last.
      expect(rows[0]!.actor_label).toMatch(new RegExp(`^bulk-${ROWS}-`));
      expect(rows.at(-1)!.actor_label).toMatch(/^bulk-1-/);

      await closing;
      expect(closed).toBe(true);
      await expect(fetch(`${server.url}/readyz`)).rejects.toThrow();
    } finally {
      await server.close();
    }
  }, 120_000);

  it('ends an export whose client left mid-stream (its cursor given back): the shutdown does not wait for it', async () => {
    const lines: string[] = [];
    const server = await startTestServer({ env: { LOG_LEVEL: 'info' }, logDestination: { write: (line: string) => void lines.push(line) } });
    try {
      await server.app.db.orm.em.fork().execute(
        `insert into audit_event (action, actor_kind, actor_label, changes, entity, entity_id, operation)
         select 'UPDATE', 'SYSTEM', 'left-' || g || '-' || repeat('x', 200), '{}'::jsonb, 'PROJECT', gen_random_uuid(), 'leftExport'
           from generate_series(1, 20000) as g`,
        [],
        'run',
      );
      const exporting = await slowExport(server, '/export/audit.ndjson?operation=leftExport');
      expect(exporting.status).toBe(200);
      // The client goes away while the export waits for its socket to drain.
      exporting.abandon();
      await settle();
      const started = Date.now();
      await server.app.close({ graceMs: 30_000 });
      expect(Date.now() - started).toBeLessThan(5_000);
      // A client leaving is no failure of the export.
      expect(lines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level >= 50)).toEqual([]);
    } finally {
      await server.close();
    }
  }, 120_000);

  it('cuts what is still running when the grace period is over', async () => {
    const server = await startTestServer();
    try {
      const held = heldRequest(server);
      await settle();
      const started = Date.now();
      await server.app.close({ graceMs: 500 });
      const waited = Date.now() - started;
      expect(waited).toBeGreaterThanOrEqual(450);
      expect(waited).toBeLessThan(5_000);
      await expect(held.response).rejects.toThrow();
    } finally {
      await server.close();
    }
  });

  it('stops at once without graceMs (tests) and answers the same promise when called twice', async () => {
    const server = await startTestServer();
    const held = heldRequest(server);
    await settle();
    const first = server.app.close();
    expect(server.app.close({ graceMs: 10_000 })).toBe(first);
    await first;
    await expect(held.response).rejects.toThrow();
    await server.close();
  });
});

describe.skipIf(!process.env.DATABASE_URL)('a request whose client left while it waited for the database (PostgreSQL)', () => {
  it('is waited for by the shutdown to its end, and never reaches a stopped GraphQL server', async () => {
    const lines: { level: number; msg: string }[] = [];
    const server = await startTestServer({ env: { LOG_LEVEL: 'info' }, logDestination: { write: (line: string) => void lines.push(JSON.parse(line) as never) } });
    const lock = new pg.Client({ connectionString: server.app.config.databaseUrl! });
    await lock.connect();
    try {
      // One call first (the session and the operation known); then the table the next request
      // reads is locked, and its read waits for the lock.
      await server.data('{ fundingPeriods(first: 1) { totalCount } }');
      await lock.query('begin');
      await lock.query('lock table funding_period in access exclusive mode');
      const body = JSON.stringify({ query: 'query LeftBehind { fundingPeriods(first: 3) { totalCount } }' });
      const url = new URL(`${server.url}/graphql`);
      const req = request({
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${server.adminToken}` },
      });
      req.on('error', () => undefined);
      req.end(body);
      await settle();
      // The client leaves while its request waits for the database.
      req.destroy();
      await settle();
      let closed = false;
      const closing = server.app.close({ graceMs: 20_000 }).then(() => (closed = true));
      await settle();
      expect(closed).toBe(false);
      await lock.query('commit');
      await closing;
      // The shutdown counted the request as in flight and waited for its end (into the closed
      // socket) before Apollo and the pool stopped: nothing failed on the way.
      expect(lines.find((l) => l.msg === 'draining requests in flight')).toMatchObject({ inFlight: 1 });
      expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    } finally {
      await lock.end();
      await server.close();
    }
  }, 60_000);
});
