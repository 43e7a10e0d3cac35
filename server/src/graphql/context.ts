import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config.js';
import type { Viewer } from '../modules/auth/viewer.js';
import { Loaders } from './loaders.js';

/** Everything a resolver may use for one request, made fresh per request. */
export interface Context {
  em: EntityManager;
  viewer: Viewer;
  loaders: Loaders;
  config: Config;
}

export function createContext(em: EntityManager, viewer: Viewer, config: Config): Context {
  const fork = em.fork({ clear: true, useContext: false });
  return { em: fork, viewer, loaders: new Loaders(fork), config };
}
