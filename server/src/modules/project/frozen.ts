import type { EntityManager } from '@mikro-orm/sql';
import type { Problems } from '../../graphql/user-errors.js';
import { sqlArray } from '../../db/sql.js';

/**
 * Frozen figures (SPEC §9 step 7, issue 13), the service side in one place: a project's figures
 * are frozen when the project is CLOSED or its funding period's report is FINAL. Every write that
 * could change them (attendance, events, households, project edits and reviews, an organisation's
 * "promotes the social mix" flag) asks here first and answers `PERIOD_CLOSED` on the input field
 * the write is about. The database refuses the same writes (migration frozen_figures, SQLSTATE
 * SM001, mapped in graphql/user-errors.ts), so no code path can skip this.
 */

/** Why figures of a project are frozen, or null when they are not. */
export function frozenReason(project: { status: string; title: string }, period: { reportStatus: string; label: string }): string | null {
  if (period.reportStatus === 'FINAL') return `${period.label} is final: its figures can no longer change`;
  if (project.status === 'CLOSED') return `Project "${project.title}" is closed: its figures can no longer change`;
  return null;
}

/** Why no project can be added to a period (createProject), or null when it can. */
export function closedToNewProjects(period: { reportStatus: string; label: string }): string | null {
  return period.reportStatus === 'FINAL' ? `${period.label} is final: no project can be added to it` : null;
}

/** The frozen projects among `projectIds`, each with its reason; one statement. */
export async function frozenProjects(em: EntityManager, projectIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(projectIds)];
  if (ids.length === 0) return new Map();
  const rows = await em.execute<{ id: string; title: string; status: string; label: string; report_status: string }[]>(
    `select p.id, p.title, p.status, fp.label, fp.report_status
       from project p join funding_period fp on fp.id = p.funding_period_id
      where p.id = any(?::uuid[]) and (p.status = 'CLOSED' or fp.report_status = 'FINAL')`,
    [sqlArray(ids)],
  );
  return new Map(rows.map((r) => [r.id, frozenReason(r, { reportStatus: r.report_status, label: r.label })!]));
}

/**
 * Adds a `PERIOD_CLOSED` problem on `field` when the project's figures are frozen; answers
 * whether it did. The caller decides when to throw (usually at once).
 */
export async function refuseIfFrozen(em: EntityManager, p: Problems, field: string | string[], projectId: string): Promise<boolean> {
  const reason = (await frozenProjects(em, [projectId])).get(projectId);
  if (reason) p.add(field, reason, 'PERIOD_CLOSED');
  return reason != null;
}

/**
 * The frozen projects whose events an organisation organised: changing its "promotes the social
 * mix" flag would change their reached households. For updateOrganization (answer PERIOD_CLOSED
 * on `promotesSocialMix` when this is not empty).
 */
export async function frozenProjectsOrganizedBy(em: EntityManager, organizationId: string): Promise<Map<string, string>> {
  const rows = await em.execute<{ project_id: string }[]>('select distinct project_id from event where organizer_id = ?', [organizationId]);
  return frozenProjects(
    em,
    rows.map((r) => r.project_id),
  );
}
