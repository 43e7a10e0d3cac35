import type { ProjectStatus } from '../gql/graphql';
import { useT } from '../i18n';

const TONE: Record<ProjectStatus, string> = { DRAFT: '', SUBMITTED: 'warn', APPROVED: 'ok', REJECTED: 'bad', CLOSED: '' };

/** A project's status as a badge: the word carries the meaning, the colour only helps. */
export function StatusBadge({ status }: { status: ProjectStatus }) {
  const { t } = useT();
  return <span className={`badge ${TONE[status]}`.trim()}>{t(`status.${status}`)}</span>;
}

/** Whether a project's KPI progress means anything yet: only once it is approved (or closed after approval). */
export function isFunded(status: ProjectStatus): boolean {
  return status === 'APPROVED' || status === 'CLOSED';
}
