import type { EntityManager } from '@mikro-orm/sql';
import type { Config } from '../config.js';
import { resolveViewer } from '../modules/auth/auth.service.js';
import type { SessionSigner } from '../modules/auth/session.js';
import type { Viewer } from '../modules/auth/viewer.js';
import { Loaders } from './loaders.js';

/** Everything a resolver may use for one request, made fresh per request. */
export interface Context {
  em: EntityManager;
  viewer: Viewer;
  loaders: Loaders;
  config: Config;
  signer: SessionSigner;
  /** The client's address (for login rate limits). */
  clientAddress: string;
  /** Fires when the request's time budget has passed or its client went away (deadline.ts). */
  signal?: AbortSignal;
}

/** Forks the EntityManager, resolves the viewer from the Authorization header, makes fresh loaders. */
export async function createContext(
  em: EntityManager,
  request: { authorization: string | undefined; clientAddress: string; signal?: AbortSignal },
  config: Config,
  signer: SessionSigner,
): Promise<Context> {
  const fork = em.fork({ clear: true, useContext: false });
  const viewer = await resolveViewer(fork, signer, request.authorization, config.now());
  return { em: fork, viewer, loaders: new Loaders(fork), config, signer, clientAddress: request.clientAddress, signal: request.signal };
}
