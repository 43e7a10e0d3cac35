import type { AttendanceStatus, EventType } from '../../gql/graphql';
import { useT } from '../../i18n';

export const EVENT_TYPES: readonly EventType[] = ['PARENT_EVENING', 'SCHOOL_VISIT'];
export const ATTENDANCE_STATUSES: readonly AttendanceStatus[] = ['ATTENDED', 'NO_SHOW', 'REGISTERED'];

/** "Geannuleerd" as a badge: the word carries the meaning, the colour only helps. */
export function CancelledBadge() {
  const { t } = useT('events');
  return <span className="badge bad">{t('cancelledBadge')}</span>;
}

/** Cancelled, planned (still to come) or held (in the past), as words. */
export function EventState({ startsAt, cancelledAt, now = Date.now() }: { startsAt: string; cancelledAt: string | null; now?: number }) {
  const { t } = useT('events');
  if (cancelledAt) return <CancelledBadge />;
  return Date.parse(startsAt) > now ? <span className="badge ok">{t('planned')}</span> : <span className="muted">{t('held')}</span>;
}
