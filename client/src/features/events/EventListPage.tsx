import { useApolloClient, useQuery } from '@apollo/client/react';
import { type FormEvent, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useCan, useSession } from '../../app/SessionProvider';
import type { EventFilter, EventListQuery as EventListData, EventOrderField, EventType } from '../../gql/graphql';
import { useT } from '../../i18n';
import { CsvButton } from '../../ui/CsvButton';
import type { CsvColumn } from '../../ui/csv';
import { fmt } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { Pager } from '../../ui/Pager';
import { SortHeader } from '../../ui/SortHeader';
import { TableWrap } from '../../ui/TableWrap';
import { ListEmpty, ListLoad, ListMeta } from '../../ui/ListStates';
import { Count, ErrorState } from '../../ui/States';
import { queryAllPages, useAllPages } from '../../ui/useAllPages';
import { useListState } from '../../ui/useListState';
import { addDays, fromBrusselsInput, isDay } from './brussels-time';
import { EventListProjectsQuery } from './event-list-projects.query';
import { EventListQuery } from './event-list.query';
import { EVENT_TYPES, EventState } from './parts';
import './events.i18n';
import './events.css';
import { paths } from '../../app/paths';

type Row = EventListData['events']['nodes'][number];

const FILTERS = ['search', 'project', 'type', 'from', 'to', 'cancelled'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;
const SORT_FIELDS: readonly EventOrderField[] = ['STARTS_AT', 'TYPE', 'VENUE', 'CREATED_AT'];

/**
 * The URL's filters as the API's EventFilter. Dates are Belgian calendar days: `from` starts at
 * its midnight in Brussels, `to` includes the whole day (before the next midnight).
 */
export function toEventFilter(filters: Filters): EventFilter | undefined {
  const filter: EventFilter = {};
  if (filters.search.trim()) filter.search = filters.search.trim();
  if (filters.project) filter.projectId = filters.project;
  if ((EVENT_TYPES as readonly string[]).includes(filters.type)) filter.types = [filters.type as EventType];
  if (isDay(filters.from)) filter.startsFrom = fromBrusselsInput(filters.from);
  if (isDay(filters.to)) filter.startsBefore = fromBrusselsInput(addDays(filters.to, 1));
  if (filters.cancelled === 'yes') filter.cancelled = true;
  if (filters.cancelled === 'no') filter.cancelled = false;
  return Object.keys(filter).length > 0 ? filter : undefined;
}

export default function EventListPage() {
  const { t } = useT('events');
  const client = useApolloClient();
  const { viewer } = useSession();
  const canCreate = useCan('ADMIN', 'COORDINATOR');
  const coordinator = useCan('COORDINATOR');
  const list = useListState({ filters: FILTERS, defaultSort: { field: 'STARTS_AT', direction: 'DESC' }, sortFields: SORT_FIELDS });
  const { filters } = list;
  const filter = toEventFilter(filters);
  const rangeInvalid = isDay(filters.from) && isDay(filters.to) && filters.to < filters.from;

  const [search, setSearch] = useState(filters.search);
  useEffect(() => setSearch(filters.search), [filters.search]);

  // Every project the viewer sees, for the project filter (all pages, cached).
  const projects = useAllPages(EventListProjectsQuery, (d) => d.projects, { enabled: Boolean(viewer) });
  const { data, previousData, loading, error, refetch } = useQuery(EventListQuery, { variables: { filter, ...list.paging } });
  const page = (data ?? previousData)?.events;

  function submitSearch(event: FormEvent) {
    event.preventDefault();
    list.setFilters({ search: search.trim() });
  }

  const csvColumns: CsvColumn<Row>[] = [
    { header: t('list.columns.venue'), value: (r) => r.venue },
    { header: t('list.columns.type'), value: (r) => t(`eventType.${r.type}`) },
    { header: t('list.columns.startsAt'), value: (r) => fmt.dateTime(r.startsAt) },
    { header: t('list.columns.endsAt'), value: (r) => fmt.dateTime(r.endsAt) },
    { header: t('list.columns.project'), value: (r) => r.project.title },
    { header: t('list.columns.organizer'), value: (r) => r.organizer.name },
    { header: t('list.columns.attended'), value: (r) => r.attendanceCount ?? t('state.withheld') },
    { header: t('list.columns.cancelled'), value: (r) => (r.cancelledAt ? fmt.date(r.cancelledAt) : null) },
  ];

  const loadAll = () => queryAllPages(client, EventListQuery, { filter, first: 100, orderBy: list.paging.orderBy }, (d) => d.events);

  const lead = coordinator && viewer?.municipality ? t('list.leadCoordinator', { municipality: viewer.municipality.name }) : t('list.lead');
  const newLink = filters.project ? paths.eventNew(filters.project) : paths.eventNew();

  return (
    <>
      <PageHeader title={t('list.title')} lead={lead}>
        {canCreate && (
          <Link className="button primary" to={newLink}>
            {t('list.add')}
          </Link>
        )}
      </PageHeader>

      <div className="filters">
        <form role="search" onSubmit={submitSearch} className="filters" aria-label={t('list.searchLabel')}>
          <label>
            {t('list.search')}
            <input type="search" name="search" value={search} onChange={(e) => setSearch(e.target.value)} />
          </label>
          <button type="submit">{t('list.searchButton')}</button>
        </form>
        <label>
          {t('list.project')}
          <select value={filters.project} onChange={(e) => list.setFilters({ project: e.target.value })}>
            <option value="">{t('list.allProjects')}</option>
            {projects?.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
            {filters.project && !projects?.some((p) => p.id === filters.project) && <option value={filters.project}>{t('state.loading')}</option>}
          </select>
        </label>
        <label>
          {t('list.type')}
          <select value={filters.type} onChange={(e) => list.setFilters({ type: e.target.value })}>
            <option value="">{t('list.allTypes')}</option>
            {EVENT_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`eventType.${type}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('list.from')}
          <input type="date" value={filters.from} onChange={(e) => list.setFilters({ from: e.target.value })} aria-describedby={rangeInvalid ? 'event-range-error' : undefined} />
        </label>
        <label>
          {t('list.to')}
          <input
            type="date"
            value={filters.to}
            min={filters.from || undefined}
            onChange={(e) => list.setFilters({ to: e.target.value })}
            aria-invalid={rangeInvalid || undefined}
            aria-describedby={rangeInvalid ? 'event-range-error' : undefined}
          />
        </label>
        <label>
          {t('list.cancelled')}
          <select value={filters.cancelled} onChange={(e) => list.setFilters({ cancelled: e.target.value })}>
            <option value="">{t('list.cancelledAll')}</option>
            <option value="no">{t('list.cancelledNo')}</option>
            <option value="yes">{t('list.cancelledYes')}</option>
          </select>
        </label>
        {list.hasFilters && (
          <button type="button" onClick={list.clearFilters}>
            {t('list.clearFilters')}
          </button>
        )}
      </div>
      {rangeInvalid && (
        <p id="event-range-error" className="field-error" role="alert">
          {t('list.rangeInvalid')}
        </p>
      )}

      <ListLoad data={page} error={error} onRetry={refetch} columns={7}>
        {(page) => (
          <>
            {error && <ErrorState error={error} onRetry={() => void refetch()} />}
            <ListMeta count={t('list.results', { count: page.totalCount, formatted: fmt.int(page.totalCount) })}>
              {page.totalCount > 0 && <CsvButton name={t('list.csvName')} columns={csvColumns} load={loadAll} />}
            </ListMeta>
            {page.totalCount === 0 ? (
              <ListEmpty
                list={list}
                noMatch={{ title: t('list.emptyFiltered'), text: t('list.emptyFilteredText'), clear: t('list.clearFilters') }}
                title={t('list.empty')}
              >
                <p>{canCreate ? t('list.emptyTextCoordinator') : t('list.emptyText')}</p>
                {canCreate && (
                  <Link className="button primary" to={newLink}>
                    {t('list.add')}
                  </Link>
                )}
              </ListEmpty>
            ) : (
              <>
                <TableWrap label={t('list.caption')} busy={loading}>
                  <table className="event-list">
                    <caption>{t('list.caption')}</caption>
                    <thead>
                      <tr>
                        <SortHeader field="VENUE" label={t('list.columns.venue')} sort={list.sort} onSort={list.toggleSort} />
                        <SortHeader field="TYPE" label={t('list.columns.type')} sort={list.sort} onSort={list.toggleSort} />
                        <SortHeader field="STARTS_AT" label={t('list.columns.date')} sort={list.sort} onSort={list.toggleSort} />
                        <th scope="col">{t('list.columns.project')}</th>
                        <th scope="col">{t('list.columns.organizer')}</th>
                        <th scope="col" className="num">
                          {t('list.columns.attended')}
                        </th>
                        <th scope="col">{t('list.columns.status')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {page.nodes.map((row) => (
                        <EventRow key={row.id} row={row} />
                      ))}
                    </tbody>
                  </table>
                </TableWrap>
                <Pager total={page.totalCount} page={list.page} pageSize={list.pageSize} searchForPage={list.searchForPage} />
              </>
            )}
          </>
        )}
      </ListLoad>
    </>
  );
}

function EventRow({ row }: { row: Row }) {
  const { t } = useT('events');
  return (
    <tr>
      <td>
        <Link to={paths.event(row.id)}>{row.venue}</Link>
      </td>
      <td>{t(`eventType.${row.type}`)}</td>
      <td>
        <time dateTime={row.startsAt}>{fmt.dateTime(row.startsAt)}</time>
      </td>
      <td>
        <Link to={paths.project(row.project.id)}>{row.project.title}</Link>
      </td>
      <td>{row.organizer.name}</td>
      <td className="num">
        <Count value={row.attendanceCount} />
      </td>
      <td>
        <EventState startsAt={row.startsAt} cancelledAt={row.cancelledAt} />
      </td>
    </tr>
  );
}
