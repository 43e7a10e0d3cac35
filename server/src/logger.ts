import { pino, type Logger } from 'pino';
import type { Config } from './config.js';

/** Structured JSON logs (pino); silent in tests unless LOG_LEVEL says otherwise. */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, base: { service: 'schoolmix' } });
}
