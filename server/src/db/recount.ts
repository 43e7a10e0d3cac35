/**
 * `pnpm db:recount`: rebuilds `project_kpi`, the KPI counts the database keeps per project, and
 * `event_attendance_count`, the counts per event and status, from the attendances (the same
 * functions the migrations and the triggers use). Needed only after a
 * restore or a repair made with the triggers disabled; the result never differs otherwise. It also
 * renews every project's `published_stamp` (past any stamp given before), so running servers
 * compute their published KPI tables again (a repair may have changed an input unseen).
 */
import 'reflect-metadata';
import { loadConfig } from '../config.js';
import { openDatabase } from './orm.js';

const db = await openDatabase(loadConfig());
try {
  const started = performance.now();
  const em = db.orm.em.fork();
  const [before] = await em.execute<{ differing: number }[]>(
    'select count(*)::int as differing from project p left join project_kpi k on k.project_id = p.id where k.project_id is null',
  );
  await em.transactional(async (tx) => {
    await tx.execute('select project_kpi_recount(array(select id from project))');
    await tx.execute('select event_attendance_recount(array(select id from event))');
    await tx.execute('select published_stamp_renew()');
  });
  const [after] = await em.execute<{ projects: number; reached: number }[]>('select count(*)::int as projects, coalesce(sum(reached), 0)::int as reached from project_kpi');
  const [events] = await em.execute<{ events: number; attended: number }[]>(
    'select count(*)::int as events, coalesce(sum(attended), 0)::int as attended from event_attendance_count',
  );
  console.log(`event_attendance_count rebuilt for ${events?.events} events (${events?.attended} attendances ATTENDED in all)`);
  console.log(
    `project_kpi rebuilt for ${after?.projects} projects (${after?.reached} reached households in all; ${before?.differing} had no row) in ${Math.round(performance.now() - started)} ms`,
  );
} finally {
  await db.close();
}
