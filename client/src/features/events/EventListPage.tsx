import { useApolloClient } from '@apollo/client/react';
import { EVENT_TYPES } from '@schoolmix/shared';
import { Link } from 'react-router';
import { useCan, useSession } from '../../app/SessionProvider';
import type { EventFilter, EventListQuery as EventListData, EventOrderField, EventType } from '../../gql/graphql';
import { useT } from '../../i18n';
import { CsvButton } from '../../ui/CsvButton';
import type { CsvColumn } from '../../ui/csv';
import { fmt } from '../../ui/format';
import { type Columns, DataTable } from '../../ui/DataTable';
import { FilterSelect, ListFilters, ListPage } from '../../ui/ListPage';
import { useListQuery } from '../../ui/useListQuery';
import { SearchBox } from '../../ui/SearchForm';
import { Count } from '../../ui/States';
import { queryAllPages, useAllPages } from '../../ui/useAllPages';
import { useListState } from '../../ui/useListState';
import { addDays, fromBrusselsInput, isDay } from './brussels-time';
import { EventListProjectsQuery } from './event-list-projects.query';
import { EventListQuery } from './event-list.query';
import { EventState } from './parts';
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

  // Every project the viewer sees, for the project filter (all pages, cached).
  const projects = useAllPages(EventListProjectsQuery, (d) => d.projects, { enabled: Boolean(viewer) });
  const result = useListQuery(EventListQuery, { variables: { filter, ...list.paging } }, (d) => d.events);

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

  const columns: Columns<Row, EventOrderField> = [
    { key: 'venue', header: t('list.columns.venue'), sort: 'VENUE', cell: (row) => <Link to={paths.event(row.id)}>{row.venue}</Link> },
    { key: 'type', header: t('list.columns.type'), sort: 'TYPE', cell: (row) => t(`eventType.${row.type}`) },
    { key: 'date', header: t('list.columns.date'), sort: 'STARTS_AT', cell: (row) => <time dateTime={row.startsAt}>{fmt.dateTime(row.startsAt)}</time> },
    { key: 'project', header: t('list.columns.project'), cell: (row) => <Link to={paths.project(row.project.id)}>{row.project.title}</Link> },
    { key: 'organizer', header: t('list.columns.organizer'), cell: (row) => row.organizer.name },
    { key: 'attended', header: t('list.columns.attended'), numeric: true, cell: (row) => <Count value={row.attendanceCount} /> },
    { key: 'status', header: t('list.columns.status'), cell: (row) => <EventState startsAt={row.startsAt} cancelledAt={row.cancelledAt} /> },
  ];

  return (
    <ListPage
      title={t('list.title')}
      lead={lead}
      actions={
        canCreate && (
          <Link className="button primary" to={newLink}>
            {t('list.add')}
          </Link>
        )
      }
      filters={
        <>
          <ListFilters list={list} clearLabel={t('list.clearFilters')}>
            <SearchBox value={filters.search} label={t('list.search')} button={t('list.searchButton')} formLabel={t('list.searchLabel')} onSearch={(search) => list.setFilters({ search })} />
            <FilterSelect
              label={t('list.project')}
              {...list.bind('project')}
              all={t('list.allProjects')}
              options={projects?.map((p) => ({ value: p.id, label: p.title }))}
              pending={t('state.loading')}
            />
            <FilterSelect
              label={t('list.type')}
              {...list.bind('type')}
              all={t('list.allTypes')}
              options={EVENT_TYPES.map((type) => ({ value: type, label: t(`eventType.${type}`) }))}
            />
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
            <FilterSelect
              label={t('list.cancelled')}
              {...list.bind('cancelled')}
              all={t('list.cancelledAll')}
              options={[
                { value: 'no', label: t('list.cancelledNo') },
                { value: 'yes', label: t('list.cancelledYes') },
              ]}
            />
          </ListFilters>
          {rangeInvalid && (
            <p id="event-range-error" className="field-error" role="alert">
              {t('list.rangeInvalid')}
            </p>
          )}
        </>
      }
      list={list}
      result={result}
      skeletonColumns={7}
      count={(page) => t('list.results', { count: page.totalCount, formatted: fmt.int(page.totalCount) })}
      tools={(page) => page.totalCount > 0 && <CsvButton name={t('list.csvName')} columns={csvColumns} load={loadAll} />}
      empty={{
        title: t('list.empty'),
        text: canCreate ? t('list.emptyTextCoordinator') : t('list.emptyText'),
        noMatch: { title: t('list.emptyFiltered'), text: t('list.emptyFilteredText'), clear: t('list.clearFilters') },
        children: canCreate && (
          <Link className="button primary" to={newLink}>
            {t('list.add')}
          </Link>
        ),
      }}
    >
      {(page) => <DataTable caption={t('list.caption')} className="event-list" busy={result.loading} columns={columns} rows={page.nodes} rowKey={(row) => row.id} sort={list.sort} onSort={list.toggleSort} />}
    </ListPage>
  );
}
