import { useQuery } from '@apollo/client/react';
import { Link, useParams } from 'react-router';
import { useCan, useSession } from '../../app/SessionProvider';
import { useT } from '../../i18n';
import { fmt } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { Skeleton } from '../../ui/Skeleton';
import { Count, EmptyState, ErrorState, NotFound } from '../../ui/States';
import { DataTable } from '../../ui/DataTable';
import { listHref } from '../../ui/list-memory';
import { AttendanceCards } from '../events/parts';
import { AttendancePageQuery } from './attendance-page.query';
import { ImportAttendances } from './ImportAttendances';
import { RecordAttendanceForm } from '../door/RecordAttendanceForm';
import './attendance.i18n';
import './attendance.css';
import { paths } from '../../app/paths';

/**
 * Recording attendance at one activity (coordinators and administrators): one family at a time
 * with the door form (features/door, also on the event page), shown at once (optimistic), or many
 * from a CSV file that is checked row by row (a dry run on
 * the server) before anything is written.
 */
export default function AttendancePage() {
  const { id = '' } = useParams();
  const { t } = useT('attendance');
  const { viewer } = useSession();
  const allowed = useCan('ADMIN', 'COORDINATOR');
  const { data, loading, error, refetch } = useQuery(AttendancePageQuery, { variables: { id }, skip: !allowed });

  if (!viewer) return <Skeleton lines={8} label={t('loading')} />;
  if (!allowed) {
    return (
      <>
        <PageHeader title={t('title')} />
        <p role="alert">{t('notAllowed')}</p>
      </>
    );
  }
  if (error && !data) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!data) return loading ? <Skeleton lines={8} label={t('loading')} /> : null;
  const event = data.event;
  if (!event) return <NotFound />;

  const eventName = t('eventName', { type: t(`eventType.${event.type}`), venue: event.venue, date: fmt.date(event.startsAt) });
  const latest = event.attendances.nodes;
  return (
    <>
      <nav aria-label={t('breadcrumb')} className="breadcrumb">
        <Link to={listHref(paths.events)}>{t('events')}</Link> › <Link to={paths.event(event.id)}>{eventName}</Link>
      </nav>
      <PageHeader title={t('title')} lead={eventName} />

      {/* The door form first: on a phone it is on screen without scrolling. */}
      {event.cancelledAt ? (
        <p className="notice">{t('cancelled')}</p>
      ) : (
        <RecordAttendanceForm eventId={event.id} projectId={event.project.id} latest={latest} latestIncomplete={event.attendances.totalCount > latest.length} onSaved={() => void refetch()} />
      )}

      <section aria-labelledby="attendance-counts">
        <h2 id="attendance-counts">{t('counts')}</h2>
        <div className="cards">
          <AttendanceCards counts={event} />
          <div className="card">
            <span className="figure">
              <Count value={event.project.kpi.reached} />
            </span>
            <span className="label">{t('projectReached', { target: fmt.int(event.project.kpi.target), project: event.project.title })}</span>
          </div>
        </div>
      </section>


      {!event.cancelledAt && <ImportAttendances eventId={event.id} onImported={() => void refetch()} />}

      <section aria-labelledby="attendance-latest">
        <h2 id="attendance-latest">{t('latest')}</h2>
        {latest.length === 0 ? (
          <EmptyState title={t('noneYet')}>
            <p>{event.cancelledAt ? t('cancelled') : t('noneYetText')}</p>
          </EmptyState>
        ) : (
          <>
            <p className="hint">
              {event.attendances.totalCount > latest.length
                ? t('latestSome', { shown: fmt.int(latest.length), total: fmt.int(event.attendances.totalCount) })
                : t('latestAll', { count: event.attendances.totalCount, formatted: fmt.int(event.attendances.totalCount) })}{' '}
              <Link to={paths.event(event.id)}>{t('toEvent')}</Link>
            </p>
            <DataTable
              caption={t('latestCaption')}
              rows={latest}
              rowKey={(a) => a.household.id}
              columns={[
                { key: 'household', header: t('columns.household'), className: 'reference', cell: (a) => a.household.reference },
                { key: 'status', header: t('columns.status'), cell: (a) => t(`attendanceStatus.${a.status}`) },
                { key: 'recordedAt', header: t('columns.recordedAt'), cell: (a) => <time dateTime={a.recordedAt}>{fmt.dateTime(a.recordedAt)}</time> },
              ]}
            />
          </>
        )}
      </section>
    </>
  );
}
