/**
 * `pnpm retention:dry-run`: what the household-retention job would erase now, without erasing
 * anything — per settled (FINAL) period, counts only (never a reference or any family data).
 * Reads the same plan as the job and the `retentionReport` query (modules/household/retention.ts).
 * HOUSEHOLD_RETENTION_MONTHS and the database are read from the environment like the server's.
 */
import 'reflect-metadata';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/orm.js';
import { formatRetentionPlan, retentionPlan } from '../modules/household/retention.js';

const config = loadConfig();
const db = await openDatabase(config);
try {
  const now = config.now();
  const plan = await retentionPlan(db.orm.em.fork(), now, config.householdRetentionMonths);
  console.log(formatRetentionPlan(plan, now, config.householdRetentionMonths));
} finally {
  await db.close();
}
