/**
 * PostGraphile 5 (amber preset) on the bench database, as `pnpm bench:api` compares Schoolmix
 * with it: a production server (no GraphiQL, no explain, no watch) on PORT for DATABASE_URL.
 * The pool is our own so the statements PostGraphile sends can be counted: `GET /` on
 * STATEMENTS_PORT answers the running total.
 */
import { createServer } from 'node:http';
import pg from 'pg';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

const connectionString = process.env.DATABASE_URL;
const port = Number(process.env.PORT ?? 5678);
if (!connectionString) throw new Error('DATABASE_URL is required');

let statements = 0;
const pool = new pg.Pool({ connectionString, max: 10 });
pool.on('connect', (client) => {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    statements += 1;
    return query(...args);
  };
});

const preset: GraphileConfig.Preset = {
  extends: [PostGraphileAmberPreset],
  // Order by any column (amber exposes only indexed ones), so both servers can sort the same way.
  disablePlugins: ['PgIndexBehaviorsPlugin'],
  pgServices: [makePgService({ pool, schemas: ['public'] })],
  grafserv: { graphiql: false, watch: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
const counter = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ statements }));
});
counter.listen(Number(process.env.STATEMENTS_PORT ?? port + 1), '127.0.0.1');
serv.addTo(server).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => console.log(`PostGraphile listening on http://127.0.0.1:${port}/graphql`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close();
    counter.close();
    void Promise.resolve(pgl.release()).then(() => pool.end()).then(() => process.exit(0));
  });
}
