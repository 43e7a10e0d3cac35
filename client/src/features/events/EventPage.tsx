import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { periodPhase, useProgressWords } from '../../app/progress';
import { useCan, useSession } from '../../app/SessionProvider';
import type { AttendanceOrderField, AttendanceStatus, EventDetailAttendancesQuery as AttendancesData } from '../../gql/graphql';
import { useT } from '../../i18n';
import { CsvButton } from '../../ui/CsvButton';
import { HistorySection } from '../audit/HistorySection';
import type { CsvColumn } from '../../ui/csv';
import { fmt } from '../../ui/format';
import { languageName as nameOfLanguage } from '../../ui/language-name';
import { PageHeader } from '../../ui/PageHeader';
import { Pager } from '../../ui/Pager';
import { Skeleton, TableSkeleton } from '../../ui/Skeleton';
import { ListEmpty, ListLoad, ListMeta } from '../../ui/ListStates';
import { ErrorState, NotFound } from '../../ui/States';
import { DataTable } from '../../ui/DataTable';
import { useToast } from '../../ui/Toast';
import { Consequences } from '../../ui/Consequences';
import { CancelEventPreviewQuery } from '../../ui/consequences.query';
import { fieldOf } from '../../ui/user-errors';
import { queryAllPages } from '../../ui/useAllPages';
import { useListState } from '../../ui/useListState';
import { listHref } from '../../ui/list-memory';
import { EventDetailAttendancesQuery } from './event-attendances.query';
import { EventDetailCancelMutation } from './event-cancel.mutation';
import { EventDetailQuery } from './event-detail.query';
import { DoorEventQuery } from '../door/door-event.query';
import { RecordAttendanceForm } from '../door/RecordAttendanceForm';
import { ATTENDANCE_STATUSES, AttendanceCards, EventState } from './parts';
import './events.i18n';
import './events.css';
import { paths } from '../../app/paths';
import { Breadcrumb } from '../../ui/Breadcrumb';
import { Options } from '../../ui/SelectField';

export default function EventPage() {
  const { id = '' } = useParams();
  const { t } = useT('events');
  const { viewer } = useSession();
  const words = useProgressWords();
  const canManage = useCan('ADMIN', 'COORDINATOR');
  const seesHouseholds = useCan('ADMIN', 'REVIEWER', 'COORDINATOR', 'INTEGRATOR');
  const [confirming, setConfirming] = useState(false);
  const { data, loading, error, refetch } = useQuery(EventDetailQuery, { variables: { id } });

  if (error && !data) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!data) return loading ? <Skeleton lines={8} label={t('detail.loading')} /> : null;
  const event = data.event;
  if (!event) return <NotFound />;

  const title = t('detail.title', { type: t(`eventType.${event.type}`), venue: event.venue });
  const counts = !event.cancelledAt && event.organizer.promotesSocialMix;
  // The period's state in the one vocabulary (app/progress.ts), as the project page says it (issue 18).
  const period = event.project.fundingPeriod;
  const phase = periodPhase(period);
  // The door form (issue 18) where recordAttendance would be accepted: coordinators and
  // administrators (the server's row rule: their own municipality's projects, the only events a
  // coordinator sees), an activity that is not cancelled, figures that are not frozen (closed
  // project or final period: server/src/modules/project/frozen.ts).
  const frozen = event.project.status === 'CLOSED' || period.reportStatus === 'FINAL';
  const door = canManage && !event.cancelledAt && !frozen;
  return (
    <>
      <Breadcrumb to={listHref(paths.events)}>{t('list.title')}</Breadcrumb>
      <PageHeader
        title={title}
        lead={
          <>
            <time dateTime={event.startsAt}>{fmt.dateTime(event.startsAt)}</time> · <EventState startsAt={event.startsAt} cancelledAt={event.cancelledAt} />
          </>
        }
      >
        {canManage && !event.cancelledAt && (
          <>
            <Link className="button" to={paths.attendance(event.id)}>
              {t('detail.record')}
            </Link>
            <Link className="button" to={paths.eventEdit(event.id)}>
              {t('actions.edit')}
            </Link>
            <button type="button" className="danger" aria-expanded={confirming} aria-controls="cancel-event" onClick={() => setConfirming(true)}>
              {t('detail.cancel')}
            </button>
          </>
        )}
      </PageHeader>

      {event.cancelledAt && (
        <p className="notice">
          {t('detail.cancelledOn', { date: fmt.date(event.cancelledAt) })}
          {event.cancellationReason && ` ${t('detail.cancelledReason', { reason: event.cancellationReason })}`}
        </p>
      )}

      {confirming && !event.cancelledAt && <CancelPanel eventId={event.id} version={event.version} onClose={() => setConfirming(false)} />}

      {/* The door first: on a phone the field is on screen without scrolling. */}
      {door && <EventDoor eventId={event.id} projectId={event.project.id} />}
      {canManage && !event.cancelledAt && frozen && <p className="notice">{t('detail.doorClosed')}</p>}

      <section aria-labelledby="event-facts">
        <h2 id="event-facts">{t('detail.facts')}</h2>
        <dl className="facts">
          <dt>{t('detail.type')}</dt>
          <dd>{t(`eventType.${event.type}`)}</dd>
          <dt>{t('detail.startsAt')}</dt>
          <dd>
            <time dateTime={event.startsAt}>{fmt.dateTime(event.startsAt)}</time>
          </dd>
          <dt>{t('detail.endsAt')}</dt>
          <dd>
            <time dateTime={event.endsAt}>{fmt.dateTime(event.endsAt)}</time>
          </dd>
          <dt>{t('detail.venue')}</dt>
          <dd>{event.venue}</dd>
          <dt>{t('detail.capacity')}</dt>
          <dd>{event.capacity == null ? t('detail.noCapacity') : fmt.int(event.capacity)}</dd>
          <dt>{t('detail.languages')}</dt>
          <dd>{event.languages.map((code) => languageName(code, t('detail.languageLocale'))).join(', ')}</dd>
          <dt>{t('detail.organizer')}</dt>
          <dd>
            {event.organizer.name}
            <br />
            <span className="hint">{event.organizer.promotesSocialMix ? t('detail.promotes') : t('detail.doesNotPromote')}</span>
          </dd>
          <dt>{t('detail.project')}</dt>
          <dd>
            <Link to={paths.project(event.project.id)}>{event.project.title}</Link> ({event.project.leadMunicipality.name})
          </dd>
          <dt>{t('detail.period')}</dt>
          <dd>
            {period.label} <span className={`period-phase ${phase}`}>({words.phase(phase)})</span>
            <br />
            <span className="hint">{words.phaseLong(phase, period)}</span>
          </dd>
          <dt>{t('detail.schools')}</dt>
          <dd>
            {event.schools.length === 0 ? (
              t('detail.noSchools')
            ) : (
              <ul className="plain">
                {event.schools.map((s) => (
                  <li key={s.id}>
                    <Link to={paths.school(s.id)}>{s.name}</Link>
                  </li>
                ))}
              </ul>
            )}
          </dd>
          <dt>{t('detail.countsForKpi')}</dt>
          <dd>{counts ? t('detail.countsYes') : event.cancelledAt ? t('detail.countsNoCancelled') : t('detail.countsNoOrganizer')}</dd>
        </dl>
      </section>

      <section aria-labelledby="event-counts">
        <h2 id="event-counts">{t('detail.attendance')}</h2>
        <div className="cards">
          <AttendanceCards counts={event} />
        </div>
      </section>

      <section aria-labelledby="event-households">
        <h2 id="event-households">{t('detail.households')}</h2>
        {!viewer ? <TableSkeleton columns={3} rows={4} /> : seesHouseholds ? <AttendanceList eventId={event.id} /> : <p>{t('detail.analystNoHouseholds')}</p>}
      </section>
      <HistorySection entityId={event.id} />
    </>
  );
}

/**
 * The door form on the event page: the same form as on the attendance page (features/door), with
 * the activity's latest attendances (to know a family's current status). A recording moves the
 * counts on this page at once (the same fields of the same Event in the cache); after the
 * server's answer the counts and the list of families are read again.
 */
function EventDoor({ eventId, projectId }: { eventId: string; projectId: string }) {
  const client = useApolloClient();
  const { data, refetch } = useQuery(DoorEventQuery, { variables: { id: eventId } });
  const attendances = data?.event?.attendances;
  const latest = attendances?.nodes ?? [];
  return (
    <RecordAttendanceForm
      eventId={eventId}
      projectId={projectId}
      latest={latest}
      latestIncomplete={!attendances || attendances.totalCount > latest.length}
      onSaved={() => {
        void refetch();
        void client.refetchQueries({ include: [EventDetailAttendancesQuery] });
      }}
    />
  );
}

/** A language code as its name ("nl" → "Nederlands", "ber" → "Berbers (Tamazight)"): ui/language-name. */
function languageName(code: string, locale: string): string {
  return nameOfLanguage(code, locale);
}

/** Asks before cancelling (it cannot be undone), with an optional reason; sends the version back. */
function CancelPanel({ eventId, version, onClose }: { eventId: string; version: number; onClose: () => void }) {
  const { t } = useT('events');
  const toast = useToast();
  const [reason, setReason] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const [cancel, { loading, data, error }] = useMutation(EventDetailCancelMutation);
  // What cancelling would do to the figures, asked of the server before the user confirms (issue 18).
  const preview = useQuery(CancelEventPreviewQuery, { variables: { input: { id: eventId, version } }, fetchPolicy: 'network-only' });
  useEffect(() => heading.current?.focus(), []);

  async function confirm() {
    const result = await cancel({ variables: { input: { id: eventId, version, reason: reason.trim() || null } } }).catch(() => null);
    if (result?.data?.cancelEvent.event && result.data.cancelEvent.userErrors.length === 0) {
      toast(t('detail.cancelled'));
      onClose();
    }
  }

  const problems = data?.cancelEvent.userErrors ?? [];
  return (
    <section id="cancel-event" className="confirm-panel" aria-labelledby="cancel-title">
      <h2 id="cancel-title" ref={heading} tabIndex={-1}>
        {t('detail.cancelTitle')}
      </h2>
      <p>{t('detail.cancelText')}</p>
      <Consequences preview={preview.data?.previewCancelEvent} loading={preview.loading} failed={!!preview.error} />
      <label>
        {t('detail.cancelReason')}
        <textarea value={reason} maxLength={500} rows={2} onChange={(e) => setReason(e.target.value)} />
      </label>
      {(problems.length > 0 || error) && (
        <div role="alert">
          {error
            ? t('state.offline')
            : problems.map((p) => (
                <p key={`${fieldOf(p)}-${p.code}`}>{p.code === 'STALE_VERSION' ? t('form.stale') : p.code === 'EVENT_CANCELLED' ? t('detail.alreadyCancelled') : p.message}</p>
              ))}
        </div>
      )}
      <div className="form-actions">
        <button type="button" className="danger" onClick={() => void confirm()} disabled={loading} aria-busy={loading}>
          {loading ? t('state.saving') : t('detail.cancelConfirm')}
        </button>
        <button type="button" onClick={onClose}>
          {t('detail.cancelBack')}
        </button>
      </div>
    </section>
  );
}

type AttendanceRow = NonNullable<AttendancesData['event']>['attendances']['nodes'][number];
const ATTENDANCE_SORT: readonly AttendanceOrderField[] = ['RECORDED_AT', 'STATUS'];

/** The households recorded at the activity: status filter, sort and page in the URL. */
function AttendanceList({ eventId }: { eventId: string }) {
  const { t } = useT('events');
  const client = useApolloClient();
  const list = useListState({ filters: ['status'] as const, defaultSort: { field: 'RECORDED_AT', direction: 'DESC' }, sortFields: ATTENDANCE_SORT, pageSize: 25 });
  const status = (ATTENDANCE_STATUSES as readonly string[]).includes(list.filters.status) ? (list.filters.status as AttendanceStatus) : null;
  const filter = status ? { statuses: [status] } : undefined;
  const { data, previousData, loading, error, refetch } = useQuery(EventDetailAttendancesQuery, { variables: { id: eventId, filter, ...list.paging } });
  const page = (data ?? previousData)?.event?.attendances;

  const csvColumns: CsvColumn<AttendanceRow>[] = [
    { header: t('detail.columns.household'), value: (r) => r.household.reference },
    { header: t('detail.columns.status'), value: (r) => t(`attendanceStatus.${r.status}`) },
    { header: t('detail.columns.recordedAt'), value: (r) => fmt.dateTime(r.recordedAt) },
  ];
  const loadAll = () => queryAllPages(client, EventDetailAttendancesQuery, { id: eventId, filter, first: 100, orderBy: list.paging.orderBy }, (d) => d.event!.attendances);

  return (
    <>
      <div className="filters">
        <label>
          {t('detail.statusFilter')}
          <select value={list.filters.status} onChange={(e) => list.setFilters({ status: e.target.value })}>
            <option value="">{t('detail.allStatuses')}</option>
            <Options options={ATTENDANCE_STATUSES.map((s) => ({ value: s, label: t(`attendanceStatus.${s}`) }))} />
          </select>
        </label>
      </div>
      <ListLoad data={page} error={error} onRetry={refetch} columns={3} rows={4}>
        {(page) =>
          page.totalCount === 0 ? (
            <ListEmpty list={list} noMatch={{ title: t('detail.noAttendancesFiltered'), clear: t('list.clearFilters') }} title={t('detail.noAttendances')}>
              <p>{t('detail.noAttendancesText')}</p>
            </ListEmpty>
          ) : (
            <>
              <ListMeta count={t('detail.attendanceResults', { count: page.totalCount, formatted: fmt.int(page.totalCount) })}>
                <CsvButton name={t('detail.csvName')} columns={csvColumns} load={loadAll} />
              </ListMeta>
              <DataTable
                caption={t('detail.attendanceCaption')}
                busy={loading}
                rows={page.nodes}
                rowKey={(a) => a.id}
                sort={list.sort}
                onSort={list.toggleSort}
                columns={[
                  { key: 'household', header: t('detail.columns.household'), className: 'reference', cell: (a) => a.household.reference },
                  { key: 'status', header: t('detail.columns.status'), sort: 'STATUS', cell: (a) => t(`attendanceStatus.${a.status}`) },
                  { key: 'recordedAt', header: t('detail.columns.recordedAt'), sort: 'RECORDED_AT', cell: (a) => <time dateTime={a.recordedAt}>{fmt.dateTime(a.recordedAt)}</time> },
                ]}
              />
              <Pager total={page.totalCount} page={list.page} pageSize={list.pageSize} searchForPage={list.searchForPage} />
            </>
          )
        }
      </ListLoad>
    </>
  );
}
