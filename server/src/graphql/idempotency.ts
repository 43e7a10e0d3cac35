import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { type ApolloServer, HeaderMap, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from '@apollo/server';
import type { EntityManager } from '@mikro-orm/sql';
import { ERROR_CODES, IDEMPOTENCY, IDEMPOTENCY_KEY_PATTERN } from '@schoolmix/shared';
import type express from 'express';
import { type DocumentNode, getOperationAST, type OperationDefinitionNode, OperationTypeNode, parse, print } from 'graphql';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../db/orm.js';
import { resolveViewer } from '../modules/auth/auth.service.js';
import type { SessionSigner } from '../modules/auth/session.js';
import type { Viewer } from '../modules/auth/viewer.js';
import { rootFields } from './access-guard.js';
import { type Context, contextFor, type RequestSignal } from './context.js';
import { sendError } from './errors.js';
import { requestIdOf } from '../request-id.js';

/**
 * Idempotency keys for mutations (IETF draft-ietf-httpapi-idempotency-key-header, Stripe).
 *
 * A `POST /graphql` whose operation is a mutation and that carries `Idempotency-Key` is run here
 * instead of by Apollo's Express middleware:
 *
 * 1. The key is checked (1–255 printable ASCII characters, else 400 IDEMPOTENCY_KEY_INVALID) and
 *    the caller resolved: `user:<id>`, `apiKey:<id>`, or `address:<ip>` for anonymous callers
 *    (only `login` is open to them; a retried login then gets its first session instead of
 *    minting a second and counting a second attempt against the address). Keys are per caller:
 *    another caller's identical key is another key.
 * 2. One transaction holds the whole request. Its first statement inserts the key row
 *    (`idempotency_key`, primary key (caller, key hash)); the mutation's own `mutate()`
 *    transactions become savepoints inside it; Apollo's finished answer (status, content type,
 *    body) is written to the row; then it commits, and only then is the answer sent. The write
 *    and its stored answer commit together or not at all: a crash before the commit leaves no
 *    write and no key (the retry runs the mutation), a crash after it leaves both (the retry gets
 *    the stored answer). Nothing is ever written twice and no committed key lacks its answer.
 * 3. A request with the same key while the first is running blocks on that insert (PostgreSQL's
 *    unique-index wait on the first transaction's uncommitted row) — it waits rather than
 *    answering 409 at once, so a client's blind retry or a double click gets the real answer.
 *    Once the first commits, the insert finds the row and the waiter replays its answer,
 *    byte for byte, with `Idempotent-Replayed: true`; if the first rolled back, the waiter runs
 *    the mutation itself. The wait is bounded by `lock_timeout` (config.idempotencyWaitMs,
 *    10 s): after it the answer is 409 IN_PROGRESS with Retry-After, so waiters cannot pile up
 *    on the connection pool forever. The only state is the row, so this holds across any number
 *    of server instances on one database. On PGlite (one connection) the transaction holds the
 *    driver's connection mutex: a waiter waits for the mutex in JavaScript, not on a lock, so
 *    nothing deadlocks — as long as every statement of the request goes through the
 *    transaction's EntityManager (the context gets that one; never fork `db.orm.em` inside).
 * 4. The same key with a different request (query document as printed by graphql-js, operation
 *    name, variables with sorted keys: SHA-256) answers 422 IDEMPOTENCY_KEY_REUSED. A server
 *    error (status ≥ 500) rolls everything back, so it is not stored and a retry runs again.
 *
 * Keys live 24 hours (`created_at` from config.now()): an older row is treated as absent and
 * overwritten, and old rows are purged at most once a minute per instance. Queries ignore the
 * header. The key itself is stored only as its SHA-256, and the body is encrypted (AES-256-GCM)
 * under a key derived from the Idempotency-Key, so a stored createApiKey secret or login token
 * cannot be read back from the database without the client's key.
 */

const TTL_MS = IDEMPOTENCY.ttlHours * 3_600_000;
const PURGE_EVERY_MS = 60_000;
/** The document is parsed here before Apollo sees it: a cap so that parse cannot be abused. */
const MAX_TOKENS = 20_000;

interface MutationRequest {
  operation: string;
  requestHash: Buffer;
}

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

interface StoredRow {
  request_hash: string;
  status: number;
  content_type: string;
  body: string;
}

function sha256(...parts: string[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest();
}

/** JSON with object keys sorted at every level, so `{a,b}` and `{b,a}` hash alike. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The key from the header value: a bare token (Stripe) or an RFC 8941 string in double quotes
 * (the IETF draft). Null when it is not acceptable.
 */
export function parseIdempotencyKey(raw: string): string | null {
  const quoted = /^"(.*)"$/.exec(raw);
  const key = quoted ? quoted[1]!.replace(/\\(["\\])/g, '$1') : raw;
  if (key.length === 0 || key.length > IDEMPOTENCY.keyMaxLength || !IDEMPOTENCY_KEY_PATTERN.test(key)) return null;
  return key;
}

/** What identifies a mutation request, or null when the body is not one mutation (Apollo answers it as usual). */
function mutationRequest(body: unknown): MutationRequest | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const { query, operationName, variables } = body as Record<string, unknown>;
  if (typeof query !== 'string') return null;
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: MAX_TOKENS });
  } catch {
    return null;
  }
  const name = typeof operationName === 'string' ? operationName : null;
  const operation: OperationDefinitionNode | null | undefined = getOperationAST(document, name);
  if (!operation || operation.operation !== OperationTypeNode.MUTATION) return null;
  const label = `${operation.name?.value ?? 'mutation'}: ${rootFields(operation, document).join(', ')}`.slice(0, 255);
  return { operation: label, requestHash: sha256(print(document), name ?? '', canonicalJson(variables ?? {})) };
}

function callerOf(viewer: Viewer, address: string): string {
  return viewer.kind === 'anonymous' ? `address:${address}`.slice(0, 100) : `${viewer.kind}:${viewer.id}`;
}

/** AES-256-GCM under a key derived from the Idempotency-Key and the caller: iv ‖ tag ‖ ciphertext. */
function bodyKey(key: string, caller: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, caller, 'schoolmix idempotent answer v1', 32));
}

function seal(plain: string, key: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const encrypted = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), encrypted]);
}

function open(sealed: Buffer, key: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
}

async function bodyOf(response: HTTPGraphQLResponse): Promise<string> {
  if (response.body.kind === 'complete') return response.body.string;
  let text = '';
  for await (const chunk of response.body.asyncIterator) text += chunk;
  return text;
}

/** Thrown inside the transaction to roll it back while still answering with Apollo's response. */
class ServerFailure extends Error {
  constructor(readonly answer: Answer & { headers: HeaderMap }) {
    super(`answered ${answer.status}: rolled back, not stored`);
  }
}

/** PostgreSQL's lock_not_available: the wait for the first request ran out. */
function isLockTimeout(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } } | null;
  return e?.code === '55P03' || e?.cause?.code === '55P03';
}

export function idempotentMutations(options: {
  apollo: ApolloServer<Context>;
  db: Database;
  config: Config;
  signer: SessionSigner;
  logger: Logger;
}): express.RequestHandler {
  const { apollo, db, config, signer, logger } = options;
  let nextPurgeAt = 0;

  /** Old keys go, at most once a minute per instance, in their own statement (never waiting on a row another request holds). */
  async function purge(em: EntityManager, now: Date): Promise<void> {
    if (now.getTime() < nextPurgeAt) return;
    nextPurgeAt = now.getTime() + PURGE_EVERY_MS;
    await em.execute(
      `delete from idempotency_key where ctid in (
         select ctid from idempotency_key where created_at <= ? limit 1000 for update skip locked)`,
      [new Date(now.getTime() - TTL_MS)],
    );
  }

  return async (req, res, next) => {
    const raw = req.get(IDEMPOTENCY.header);
    if (raw === undefined || req.method !== 'POST') return next();
    const request = mutationRequest(req.body);
    if (!request) return next(); // a query (the header means nothing) or a body Apollo will refuse
    const key = parseIdempotencyKey(raw);
    if (!key) {
      return sendError(res, ERROR_CODES.IDEMPOTENCY_KEY_INVALID, `The ${IDEMPOTENCY.header} header must be 1 to ${IDEMPOTENCY.keyMaxLength} printable ASCII characters`);
    }
    try {
      const em = db.orm.em.fork({ clear: true, useContext: false }) as EntityManager;
      const now = config.now();
      let viewer: Viewer;
      try {
        viewer = await resolveViewer(em, signer, req.headers.authorization, now);
      } catch {
        return next(); // a bad credential: Apollo answers 401 as for any request
      }
      const clientAddress = req.ip ?? 'unknown';
      const caller = callerOf(viewer, clientAddress);
      const keyHash = sha256(key).toString('hex');
      await purge(em, now);

      const headers = new HeaderMap();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const httpGraphQLRequest: HTTPGraphQLRequest = { method: 'POST', headers, search: new URL(req.url, 'http://x').search, body: req.body };

      const outcome = await em.transactional(async (tem) => {
        const tx = tem;
        await tx.execute(`set local lock_timeout = ${Math.max(1, Math.floor(config.idempotencyWaitMs))}`);
        const claimed = await tx.execute<{ claimed: number }[]>(
          `insert into idempotency_key (caller, key_hash, operation, request_hash, created_at)
           values (?, decode(?, 'hex'), ?, decode(?, 'hex'), ?)
           on conflict (caller, key_hash) do update set
             operation = excluded.operation, request_hash = excluded.request_hash, created_at = excluded.created_at,
             status = null, content_type = null, body = null
           where idempotency_key.created_at <= ?
           returning 1 as claimed`,
          [caller, keyHash, request.operation, request.requestHash.toString('hex'), now, new Date(now.getTime() - TTL_MS)],
        );
        await tx.execute('set local lock_timeout to default');
        if (claimed.length === 0) {
          const [stored] = await tx.execute<StoredRow[]>(
            `select encode(request_hash, 'hex') as request_hash, status, content_type, encode(body, 'base64') as body
               from idempotency_key where caller = ? and key_hash = decode(?, 'hex')`,
            [caller, keyHash],
          );
          return { kind: 'stored' as const, stored: stored! };
        }
        const response = await apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest,
          context: () => Promise.resolve(contextFor(tx, viewer, clientAddress, config, signer, res.locals.signal as RequestSignal | undefined, requestIdOf(res))),
        });
        const answer = {
          status: response.status ?? 200,
          contentType: response.headers.get('content-type') ?? 'application/json; charset=utf-8',
          body: await bodyOf(response),
          headers: response.headers,
        };
        if (answer.status >= 500) throw new ServerFailure(answer);
        await tx.execute(`update idempotency_key set status = ?, content_type = ?, body = decode(?, 'base64') where caller = ? and key_hash = decode(?, 'hex')`, [
          answer.status,
          answer.contentType.slice(0, 100),
          seal(answer.body, bodyKey(key, caller)).toString('base64'),
          caller,
          keyHash,
        ]);
        return { kind: 'fresh' as const, answer };
      });

      if (outcome.kind === 'stored') {
        const { stored } = outcome;
        if (stored.request_hash !== request.requestHash.toString('hex')) {
          return sendError(
            res,
            ERROR_CODES.IDEMPOTENCY_KEY_REUSED,
            `This ${IDEMPOTENCY.header} was already used for a different request (${IDEMPOTENCY.ttlHours} h); send a new key for a new request`,
          );
        }
        res.status(stored.status).set('content-type', stored.content_type).set(IDEMPOTENCY.replayedHeader, 'true');
        res.send(open(Buffer.from(stored.body, 'base64'), bodyKey(key, caller)));
        return;
      }
      for (const [name, value] of outcome.answer.headers) res.setHeader(name, value);
      res.status(outcome.answer.status).send(outcome.answer.body);
    } catch (error) {
      if (error instanceof ServerFailure) {
        for (const [name, value] of error.answer.headers) res.setHeader(name, value);
        res.status(error.answer.status).send(error.answer.body);
        return;
      }
      if (isLockTimeout(error)) {
        logger.info({ caller: req.ip }, 'idempotent request still running; answered 409');
        return sendError(res, ERROR_CODES.IN_PROGRESS, `A request with this ${IDEMPOTENCY.header} is still running; retry in a moment`, { retryAfterSeconds: 1 });
      }
      next(error);
    }
  };
}
