import type { AttendanceStatus } from '../../gql/graphql';
import { useT } from '../../i18n';
import { Count } from '../../ui/States';

/** The attendance statuses in the order the screens offer them (the door's first choice first; shared's ATTENDANCE_STATUSES is the schema's order). */
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

/** An activity's families per attendance status, as KPI cards (inside a `.cards` box); withheld counts say so. */
export function AttendanceCards({ counts }: { counts: { attended: number | null; noShow: number | null; registered: number | null } }) {
  const { t } = useT();
  return (
    <>
      <div className="card">
        <span className="figure">
          <Count value={counts.attended} />
        </span>
        <span className="label">{t('attendanceStatus.ATTENDED')}</span>
      </div>
      <div className="card">
        <span className="figure">
          <Count value={counts.noShow} />
        </span>
        <span className="label">{t('attendanceStatus.NO_SHOW')}</span>
      </div>
      <div className="card">
        <span className="figure">
          <Count value={counts.registered} />
        </span>
        <span className="label">{t('attendanceStatus.REGISTERED')}</span>
      </div>
    </>
  );
}
