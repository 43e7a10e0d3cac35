import { useApolloClient } from '@apollo/client/react';
import { useCan } from '../../app/SessionProvider';
import type { AuditEventFilter, AuditListQuery as AuditListData } from '../../gql/graphql';
import { useT } from '../../i18n';
import { CsvButton } from '../../ui/CsvButton';
import type { CsvColumn } from '../../ui/csv';
import { fmt } from '../../ui/format';
import { type Columns, DataTable } from '../../ui/DataTable';
import { FilterSelect, ListFilters, ListPage } from '../../ui/ListPage';
import { useListQuery } from '../../ui/useListQuery';
import { SearchBox } from '../../ui/SearchForm';
import { NotFound } from '../../ui/States';
import { queryAllPages } from '../../ui/useAllPages';
import { useListState } from '../../ui/useListState';
import { addDays, fromBrusselsInput, isDay } from '../events/brussels-time';
import { AuditListQuery } from './audit-list.query';
import { ChangeList } from './HistorySection';
import './audit.i18n';
import './audit.css';

type Row = AuditListData['auditEvents']['nodes'][number];

const ENTITIES = ['PROJECT', 'EVENT', 'ATTENDANCE', 'HOUSEHOLD', 'ENROLLMENT', 'ORGANIZATION', 'FUNDING_PERIOD', 'USER', 'API_KEY'] as const;
const FILTERS = ['entity', 'operation', 'from', 'to'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

/** The URL's filters as the API's AuditEventFilter; days are Belgian calendar days. */
export function toAuditFilter(filters: Filters): AuditEventFilter | undefined {
  const filter: AuditEventFilter = {};
  if ((ENTITIES as readonly string[]).includes(filters.entity)) filter.entity = filters.entity;
  if (/^[A-Za-z]{1,100}$/.test(filters.operation.trim())) filter.operation = filters.operation.trim();
  if (isDay(filters.from)) filter.from = fromBrusselsInput(filters.from);
  if (isDay(filters.to)) filter.to = fromBrusselsInput(addDays(filters.to, 1));
  return Object.keys(filter).length > 0 ? filter : undefined;
}

/** /audit: the whole audit trail for administrators and reviewers, filtered, paged, as CSV. */
export default function AuditPage() {
  const allowed = useCan('ADMIN', 'REVIEWER');
  if (!allowed) return <NotFound />;
  return <AuditTrail />;
}

function AuditTrail() {
  const { t } = useT('audit');
  const client = useApolloClient();
  const list = useListState({ filters: FILTERS, defaultSort: { field: 'OCCURRED_AT', direction: 'DESC' }, sortFields: ['OCCURRED_AT'] as const });
  const { filters } = list;
  const filter = toAuditFilter(filters);
  const result = useListQuery(AuditListQuery, { variables: { filter, ...list.paging }, fetchPolicy: 'cache-and-network' }, (d) => d.auditEvents);

  const who = (r: Row) => (r.actorKind === 'SYSTEM' ? t('history.system', { label: r.actorLabel }) : r.actorLabel);
  const what = (r: Row) => `${t(`action.${r.action}`)}${r.operation ? ` (${t(`operation.${r.operation}`, { defaultValue: r.operation })})` : ''}`;
  const csvColumns: CsvColumn<Row>[] = [
    { header: t('history.when'), value: (r) => fmt.dateTime(r.occurredAt) },
    { header: t('history.who'), value: who },
    { header: t('page.entityColumn'), value: (r) => t(`entity.${r.entity}`, { defaultValue: r.entity }) },
    { header: 'id', value: (r) => r.entityId },
    { header: t('history.what'), value: what },
    { header: t('history.changes'), value: (r) => r.changes.map((c) => `${c.field}: ${c.withheld ? t('history.withheld') : `${c.before ?? '—'} → ${c.after ?? '—'}`}`).join('; ') },
    { header: t('page.requestId'), value: (r) => r.requestId },
  ];
  const loadAll = () => queryAllPages(client, AuditListQuery, { filter, first: 100, orderBy: list.paging.orderBy }, (d) => d.auditEvents);

  const columns: Columns<Row> = [
    { key: 'when', header: t('history.when'), cell: (row) => <time dateTime={row.occurredAt}>{fmt.dateTime(row.occurredAt)}</time> },
    { key: 'who', header: t('history.who'), cell: who },
    { key: 'entity', header: t('page.entityColumn'), cell: (row) => t(`entity.${row.entity}`, { defaultValue: row.entity }) },
    { key: 'what', header: t('history.what'), cell: what },
    { key: 'changes', header: t('history.changes'), cell: (row) => <ChangeList changes={row.changes} /> },
  ];

  return (
    <ListPage
      title={t('page.title')}
      lead={t('page.lead')}
      filters={
        <ListFilters list={list} clearLabel={t('page.clearFilters')}>
          <FilterSelect
            label={t('page.entity')}
            {...list.bind('entity')}
            all={t('page.allEntities')}
            options={ENTITIES.map((entity) => ({ value: entity, label: t(`entity.${entity}`) }))}
          />
          <SearchBox
            value={filters.operation}
            label={t('page.operation')}
            button={t('page.operation')}
            formLabel={t('page.operation')}
            name="operation"
            placeholder="recordAttendance"
            onSearch={(operation) => list.setFilters({ operation })}
          />
          <label>
            {t('page.from')}
            <input type="date" value={filters.from} onChange={(e) => list.setFilters({ from: e.target.value })} />
          </label>
          <label>
            {t('page.to')}
            <input type="date" value={filters.to} min={filters.from || undefined} onChange={(e) => list.setFilters({ to: e.target.value })} />
          </label>
        </ListFilters>
      }
      list={list}
      result={result}
      skeletonColumns={5}
      count={(page) => t('page.results', { count: page.totalCount, formatted: fmt.int(page.totalCount) })}
      tools={(page) => page.totalCount > 0 && <CsvButton name={t('page.csvName')} columns={csvColumns} load={loadAll} />}
      empty={{ title: t('page.empty'), noMatch: { title: t('page.emptyFiltered'), clear: t('page.clearFilters') } }}
    >
      {(page) => <DataTable caption={t('page.caption')} busy={result.loading} columns={columns} rows={page.nodes} rowKey={(row) => row.id} />}
    </ListPage>
  );
}
