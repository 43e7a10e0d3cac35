import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sql';
import type express from 'express';
import type { Config } from '../config.js';
import { resolveViewer } from '../modules/auth/auth.service.js';
import type { SessionSigner } from '../modules/auth/session.js';
import type { SessionCheck } from '../modules/auth/session-check.js';
import { type Identified, identified } from '../modules/auth/request-limit.js';
import { requestIdOf } from '../request-id.js';
import type { Viewer } from '../modules/auth/viewer.js';
import { Loaders } from './loaders.js';
import type { RawJson } from './pushdown.js';

/** What the work of a request asks of its time budget (deadline.ts): an AbortSignal's `aborted` and `reason`. */
export interface RequestSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
}

/** Everything a resolver may use for one request, made fresh per request. */
export interface Context {
  em: EntityManager;
  viewer: Viewer;
  /** This request's loader registry (loaders.ts): typed keys, byId, children, manyToMany. */
  loaders: Loaders<Context>;
  config: Config;
  signer: SessionSigner;
  /** The client's address (for login rate limits). */
  clientAddress: string;
  /** Aborted once the request's time budget has passed or its client has gone away (deadline.ts). */
  signal?: RequestSignal;
  /** This request's id (X-Request-Id, request-id.ts): in the request log and the audit trail. */
  requestId: string;
  /**
   * Where the executor leaves the JSON text of an answer written by one statement (pushdown.ts
   * `RawJson`), for the front door to splice into the serialised answer (app.ts /graphql). Absent
   * where nobody splices: the executor then hands Apollo the parsed answer. A holder, not a field of
   * its own: Apollo may hand the executor a copy of the context.
   */
  splice?: { raw: RawJson | null };
  /** The root mutation field being resolved (set by `mutationName`, mutation.ts): the audit trail's `operation`. */
  operation?: string;
  /**
   * The viewer's session when the request limiter took its row from the cache and the read checks
   * it (modules/auth/session-check.ts): the executor runs no resolver before it is checked.
   */
  session?: SessionCheck;
}

/** What `createContext` takes from a request. */
export interface ContextRequest {
  authorization: string | undefined;
  clientAddress: string;
  identified?: Identified;
  signal?: RequestSignal;
  requestId?: string;
  /**
   * The EntityManager the request reads its data with, when not the primary: the exports read a
   * replica (db/orm.ts `reportReader`). Who is asking is always read on the primary.
   */
  reads?: EntityManager;
}

/** The request as `createContext` takes it, for /graphql and /export alike. */
export function requestOf(req: express.Request, res: express.Response): ContextRequest {
  return { authorization: req.headers.authorization, clientAddress: req.ip ?? 'unknown', identified: identified(res), signal: res.locals.signal as RequestSignal | undefined, requestId: requestIdOf(res) };
}

/**
 * THE FRONT DOOR of every request (GraphQL and the exports): forks the EntityManager and resolves
 * the viewer from the Authorization header, or takes the request limiter's fork and answer, and
 * makes fresh loaders.
 */
export async function createContext(em: EntityManager, request: ContextRequest, config: Config, signer: SessionSigner): Promise<Context> {
  // The request limiter already asked who this is: its answer (or refusal) is used as it is, and
  // its EntityManager (a fork as this one, which holds at most what an API key's check read: the
  // key and references to its municipalities, read again where a resolver asks for them).
  const known = request.identified;
  const fork = known?.em ?? em.fork({ clear: true, useContext: false });
  if (known?.refused) throw known.refused;
  const viewer = known?.viewer ?? (await resolveViewer(fork, signer, request.authorization, config.now()));
  const context = contextFor(request.reads ?? fork, viewer, request.clientAddress, config, signer, request.signal, request.requestId);
  if (known?.check) context.session = known.check;
  return context;
}

/**
 * The context of a request whose viewer is already known, on the EntityManager given: the
 * idempotency middleware passes the EntityManager of its transaction, so every statement of the
 * request runs on that transaction's connection (on PGlite, the only one).
 */
export function contextFor(em: EntityManager, viewer: Viewer, clientAddress: string, config: Config, signer: SessionSigner, signal?: RequestSignal, requestId: string = randomUUID()): Context {
  // A fresh registry per context: its batches are given this very context.
  const context: Context = { em, viewer, loaders: new Loaders(em, () => context), config, signer, clientAddress, signal, requestId };
  return context;
}
