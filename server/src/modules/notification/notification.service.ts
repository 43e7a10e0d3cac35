import type { EntityManager } from '@mikro-orm/sql';
import { sqlArray } from '../../db/sql.js';
import { type Window, windowBounds } from '../../graphql/connection.js';

/** One reminder as one user received it, as stored. */
export interface NotificationRow {
  id: string;
  kind: string;
  subject: string;
  body: string;
  link: string;
  due_on: string;
  created_at: string | Date;
  read_at: string | Date | null;
  delivery: string;
  project_id: string;
}

/** How many of this user's notifications are unread. */
export async function unreadCount(em: EntityManager, userId: string): Promise<number> {
  const [row] = await em.execute<{ n: number }[]>(`select count(*)::int as n from "notification_recipient" where "user_id" = ? and "read_at" is null`, [userId]);
  return row?.n ?? 0;
}

/** One page of this user's notifications, newest first: the count, then the page (no second statement when it is empty). */
export async function notificationPage(em: EntityManager, userId: string, unreadOnly: boolean, window: Window): Promise<{ rows: NotificationRow[]; lower: number; total: number }> {
  const where = `r."user_id" = ?${unreadOnly ? ' and r."read_at" is null' : ''}`;
  const total = (await em.execute<{ total: number }[]>(`select count(*)::int as total from "notification_recipient" r where ${where}`, [userId]))[0]?.total ?? 0;
  const { lower, upper } = windowBounds(window, total);
  if (upper <= lower) return { rows: [], lower, total };
  const rows = await em.execute<NotificationRow[]>(
    `select r."id", n."kind", n."subject", n."body", n."link", n."due_on"::text as due_on, r."created_at", r."read_at", r."delivery", n."project_id"
       from "notification_recipient" r join "notification" n on n."id" = r."notification_id"
      where ${where} order by r."created_at" desc, r."id" offset ? limit ?`,
    [userId, lower, upper - lower],
  );
  return { rows, lower, total };
}

/** Marks these of the user's notifications read (others' ids are ignored); answers how many became read now. */
export async function markRead(em: EntityManager, userId: string | null, ids: readonly string[], now: Date): Promise<number> {
  const marked = await em.execute<{ id: string }[]>(
    `update "notification_recipient" set "read_at" = ? where "user_id" = ? and "id" = any(?::uuid[]) and "read_at" is null returning "id"`,
    [now.toISOString(), userId, sqlArray(ids)],
  );
  return marked.length;
}
