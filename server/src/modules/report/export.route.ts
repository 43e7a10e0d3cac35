import { once } from 'node:events';
import { ERROR_CODES } from '@schoolmix/shared';
import { stringify } from 'csv-stringify';
import express from 'express';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import { type DatabaseAvailability, isDatabaseUnavailable, sendUnavailable } from '../../db/availability.js';
import { type Database, reportReader } from '../../db/orm.js';
import { createContext, requestOf } from '../../graphql/context.js';
import { INTERNAL_MESSAGE, sendError, sendGraphQLError } from '../../graphql/errors.js';
import { EXPORT_ACCESS } from '../auth/access.js';
import type { SessionSigner } from '../auth/session.js';
import { EXPORT_DICTIONARY, type ExportRow } from './export-dictionary.js';
import { EXPORT_REPORTS } from './export-reports.js';
import { writeParquet } from './export-parquet.js';

/** The client of an export left before its end (see `drained`). */
class ClientGone extends Error {}

/**
 * Until `stream` (the answer or the CSV writer in front of it) may take more. Rejects with
 * `ClientGone` when the client leaves first: a closed socket never drains, and an export that waited
 * for it would hold its database cursor, and the server's shutdown, forever.
 */
async function drained(stream: NodeJS.EventEmitter, res: express.Response): Promise<void> {
  if (res.destroyed) throw new ClientGone();
  const gone = new AbortController();
  const onClose = () => gone.abort();
  res.once('close', onClose);
  try {
    await once(stream, 'drain', { signal: gone.signal });
  } catch (error) {
    if (gone.signal.aborted) throw new ClientGone();
    throw error;
  } finally {
    res.off('close', onClose);
  }
}

/** A CSV cell as Excel with Dutch settings reads it: decimal comma, ja/nee, reasons spelled out, no formulas. */
function csvValue(value: ExportRow[string]): string | number | null {
  if (value === null) return null;
  if (typeof value === 'number') return String(value).replace('.', ',');
  if (typeof value === 'boolean') return value ? 'ja' : 'nee';
  if (typeof value === 'object') return Object.entries(value).map(([column, reason]) => `${column}: ${reason}`).join(', ');
  // Text typed by users (a venue, a title) must not run as a spreadsheet formula (CSV injection).
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * GET /export/<report>.csv, .ndjson and .parquet: the reports as files, streamed batch by batch, with the
 * same authentication, access table (access.ts EXPORT_ACCESS), row scopes and disclosure control
 * as the API: its request context comes from the same `createContext` as GraphQL's, and its
 * refusals are shaped by graphql/errors.ts. CSV is for Excel with Dutch settings: `;`, decimal comma, UTF-8 BOM.
 */
export function exportRouter(db: Database, signer: SessionSigner, config: Config, logger: Logger, availability?: DatabaseAvailability): express.Router {
  const router = express.Router();
  // The data dictionary: columns only, no data, so no sign-in (integrators read it before they have a key).
  router.get('/export/schema.json', (_req, res) => {
    res.setHeader('cache-control', 'public, max-age=300');
    res.json({
      description: 'Every export of GET /export/<report>.csv|.ndjson|.parquet: its columns in file order, with type, unit and suppression rule (docs/REPORTS.md)',
      formats: ['csv', 'ndjson', 'parquet'],
      reports: Object.fromEntries(
        Object.entries(EXPORT_REPORTS).map(([name, report]) => [name, { url: `/export/${name}.csv`, columns: report.columns.map((column) => ({ name: column, ...EXPORT_DICTIONARY[name]![column]! })) }]),
      ),
    });
  });
  router.get('/export/:file', async (req, res) => {
    const match = /^([a-z-]+)\.(csv|ndjson|parquet)$/.exec(req.params.file);
    const report = match ? EXPORT_REPORTS[match[1]!] : undefined;
    if (!match || !report) {
      return sendError(res, ERROR_CODES.NOT_FOUND, `Unknown export; use one of ${Object.keys(EXPORT_REPORTS).map((r) => `${r}.csv`).join(', ')} (or .ndjson, .parquet)`);
    }
    const [, name, format] = match as unknown as [string, string, 'csv' | 'ndjson' | 'parquet'];
    let rows: AsyncGenerator<ExportRow[]>;
    let first: IteratorResult<ExportRow[]>;
    try {
      // The request's context, as GraphQL's: who is asking is read on the primary (a session
      // revoked a moment ago may still be on a replica); the report itself is read on a read
      // replica when DATABASE_REPLICA_URLS is set (db/orm.ts).
      const context = await createContext(db.orm.em, { ...requestOf(req, res), reads: reportReader(db) }, config, signer);
      const { role } = context.viewer;
      if (!role) return sendError(res, ERROR_CODES.UNAUTHENTICATED, 'Send "Authorization: Bearer <token or API key>"');
      if (!EXPORT_ACCESS[name]!.includes(role)) return sendError(res, ERROR_CODES.FORBIDDEN, `A ${role.toLowerCase()} may not export ${name}`);
      const query = new URLSearchParams(req.url.split('?')[1] ?? '');
      rows = report.rows({ ...context, now: config.now(), query });
      first = await rows.next();
    } catch (error) {
      if (error instanceof GraphQLError) return sendGraphQLError(res, error);
      if (availability && isDatabaseUnavailable(error)) {
        availability.failed(error);
        return sendUnavailable(res);
      }
      logger.error({ err: error }, 'export failed');
      return sendError(res, ERROR_CODES.INTERNAL_SERVER_ERROR, INTERNAL_MESSAGE);
    }

    const filename = `schoolmix-${name}-${config.now().toISOString().slice(0, 10)}.${format}`;
    res.setHeader('content-disposition', `attachment; filename="${filename}"`);
    res.setHeader('cache-control', 'no-store');
    if (format === 'parquet') {
      res.type('application/vnd.apache.parquet');
      // The first batch was read above (to answer errors with a status); the rest streams after it.
      async function* batches(): AsyncGenerator<ExportRow[]> {
        for (let batch = first; !batch.done; batch = await rows.next()) yield batch.value;
      }
      try {
        await writeParquet(name, report.columns, batches(), (chunk) => (res.write(chunk) ? undefined : drained(res, res)));
        res.end();
      } catch (error) {
        await rows.return(undefined).catch(() => undefined);
        if (!(error instanceof ClientGone)) logger.error({ err: error }, 'export failed while streaming');
        res.destroy(error instanceof ClientGone ? undefined : (error as Error));
      }
      return;
    }
    const out =
      format === 'csv'
        ? stringify({ header: true, columns: [...report.columns], delimiter: ';', bom: true, record_delimiter: 'windows' })
        : null;
    res.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
    if (out) out.pipe(res);
    const write = async (row: ExportRow) => {
      if (out) {
        const record = Object.fromEntries(report.columns.map((c) => [c, csvValue(row[c] ?? null)]));
        if (!out.write(record)) await drained(out, res);
      } else if (!res.write(`${JSON.stringify(row)}\n`)) await drained(res, res);
    };
    try {
      for (let batch = first; !batch.done; batch = await rows.next()) {
        for (const row of batch.value) await write(row);
      }
      if (out) out.end();
      else res.end();
    } catch (error) {
      // The cursor is given back whatever stopped the export (the generator's own finally).
      await rows.return(undefined).catch(() => undefined);
      if (!(error instanceof ClientGone)) logger.error({ err: error }, 'export failed while streaming');
      res.destroy(error instanceof ClientGone ? undefined : (error as Error));
    }
  });
  return router;
}
