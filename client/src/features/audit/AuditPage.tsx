import { useApolloClient, useQuery } from '@apollo/client/react';
import { type FormEvent, useEffect, useState } from 'react';
import { useCan } from '../../app/SessionProvider';
import type { AuditEventFilter, AuditListQuery as AuditListData } from '../../gql/graphql';
import { useT } from '../../i18n';
import { CsvButton } from '../../ui/CsvButton';
import type { CsvColumn } from '../../ui/csv';
import { fmt } from '../../ui/format';
import { ListEmpty, ListLoad, ListMeta } from '../../ui/ListStates';
import { PageHeader } from '../../ui/PageHeader';
import { Pager } from '../../ui/Pager';
import { NotFound } from '../../ui/States';
import { TableWrap } from '../../ui/TableWrap';
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
  const [operation, setOperation] = useState(filters.operation);
  useEffect(() => setOperation(filters.operation), [filters.operation]);
  const { data, previousData, loading, error, refetch } = useQuery(AuditListQuery, { variables: { filter, ...list.paging }, fetchPolicy: 'cache-and-network' });
  const page = (data ?? previousData)?.auditEvents;

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

  function submitOperation(event: FormEvent) {
    event.preventDefault();
    list.setFilters({ operation: operation.trim() });
  }

  return (
    <>
      <PageHeader title={t('page.title')} lead={t('page.lead')} />
      <div className="filters">
        <label>
          {t('page.entity')}
          <select value={filters.entity} onChange={(e) => list.setFilters({ entity: e.target.value })}>
            <option value="">{t('page.allEntities')}</option>
            {ENTITIES.map((entity) => (
              <option key={entity} value={entity}>
                {t(`entity.${entity}`)}
              </option>
            ))}
          </select>
        </label>
        <form role="search" onSubmit={submitOperation} className="filters" aria-label={t('page.operation')}>
          <label>
            {t('page.operation')}
            <input type="search" value={operation} placeholder="recordAttendance" onChange={(e) => setOperation(e.target.value)} />
          </label>
          <button type="submit">{t('page.operation')}</button>
        </form>
        <label>
          {t('page.from')}
          <input type="date" value={filters.from} onChange={(e) => list.setFilters({ from: e.target.value })} />
        </label>
        <label>
          {t('page.to')}
          <input type="date" value={filters.to} min={filters.from || undefined} onChange={(e) => list.setFilters({ to: e.target.value })} />
        </label>
        {list.hasFilters && (
          <button type="button" onClick={list.clearFilters}>
            {t('page.clearFilters')}
          </button>
        )}
      </div>
      <ListLoad data={page} error={error} onRetry={refetch} columns={5}>
        {(page) => (
          <>
            <ListMeta count={t('page.results', { count: page.totalCount, formatted: fmt.int(page.totalCount) })}>
              {page.totalCount > 0 && <CsvButton name={t('page.csvName')} columns={csvColumns} load={loadAll} />}
            </ListMeta>
            {page.totalCount === 0 ? (
              <ListEmpty list={list} noMatch={{ title: t('page.emptyFiltered'), clear: t('page.clearFilters') }} title={t('page.empty')} />
            ) : (
              <>
                <TableWrap label={t('page.caption')} busy={loading}>
                  <table>
                    <caption>{t('page.caption')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('history.when')}</th>
                        <th scope="col">{t('history.who')}</th>
                        <th scope="col">{t('page.entityColumn')}</th>
                        <th scope="col">{t('history.what')}</th>
                        <th scope="col">{t('history.changes')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {page.nodes.map((row) => (
                        <tr key={row.id}>
                          <td>
                            <time dateTime={row.occurredAt}>{fmt.dateTime(row.occurredAt)}</time>
                          </td>
                          <td>{who(row)}</td>
                          <td>{t(`entity.${row.entity}`, { defaultValue: row.entity })}</td>
                          <td>{what(row)}</td>
                          <td>
                            <ChangeList changes={row.changes} />
                          </td>
                        </tr>
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
