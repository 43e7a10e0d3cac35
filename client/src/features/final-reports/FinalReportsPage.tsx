import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import type { FinalReportStatus } from '../../gql/graphql';
import { useT } from '../../i18n';
import { fmt } from '../../ui/format';
import { FundingPeriodOptionsQuery } from '../../ui/funding-period-options.query';
import { ListEmpty, ListLoad, ListMeta } from '../../ui/ListStates';
import { PageHeader } from '../../ui/PageHeader';
import { Pager } from '../../ui/Pager';
import { ErrorState } from '../../ui/States';
import { TableWrap } from '../../ui/TableWrap';
import { useListState } from '../../ui/useListState';
import { FinalReportListQuery } from './final-report.query';
import './final-reports.i18n';
import './final-reports.css';
import { paths } from '../../app/paths';

const STATUSES: readonly FinalReportStatus[] = ['DRAFT', 'SUBMITTED', 'CHANGES_REQUESTED', 'ACCEPTED', 'WAIVED'];
const FILTERS = ['period', 'status'] as const;
const isId = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/** `/eindrapporten`: the reviewers' list of final reports, by period and status (in the URL), a page at a time. */
export default function FinalReportsPage() {
  const { t } = useT('finalReports');
  const list = useListState({ filters: FILTERS, defaultSort: { field: 'UPDATED_AT', direction: 'DESC' }, sortFields: ['UPDATED_AT'] });
  const { filters } = list;
  const status = (STATUSES as readonly string[]).includes(filters.status) ? (filters.status as FinalReportStatus) : null;
  const periods = useQuery(FundingPeriodOptionsQuery, { fetchPolicy: 'cache-first' });
  const variables = { fundingPeriodId: isId(filters.period) ? filters.period : null, status, first: list.paging.first, after: list.paging.after };
  const { data, previousData, loading, error, refetch } = useQuery(FinalReportListQuery, { variables });
  const page = (data ?? previousData)?.finalReports;

  return (
    <div className="final-reports-screen">
      <PageHeader title={t('list.title')} lead={t('list.lead')} />
      <div className="filters">
        <label>
          {t('list.period')}
          <select value={filters.period} onChange={(e) => list.setFilters({ period: e.target.value })}>
            <option value="">{t('list.allPeriods')}</option>
            {periods.data?.fundingPeriods.nodes.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('list.status')}
          <select value={filters.status} onChange={(e) => list.setFilters({ status: e.target.value })}>
            <option value="">{t('list.allStatuses')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        {list.hasFilters && (
          <button type="button" onClick={list.clearFilters}>
            {t('list.clearFilters')}
          </button>
        )}
      </div>
      <ListLoad data={page} error={error} onRetry={refetch} columns={6}>
        {(page) => (
          <>
            {error && <ErrorState error={error} onRetry={() => void refetch()} />}
            <ListMeta count={t('list.results', { count: page.totalCount, formatted: fmt.int(page.totalCount) })} />
            {page.totalCount === 0 ? (
              <ListEmpty list={list} noMatch={{ title: t('list.emptyFiltered'), text: t('list.emptyFilteredText'), clear: t('list.clearFilters') }} title={t('list.empty')}>
                <p>{t('list.emptyText')}</p>
              </ListEmpty>
            ) : (
              <>
                <TableWrap label={t('list.caption')} busy={loading}>
                  <table>
                    <caption className="visually-hidden">{t('list.caption')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('list.project')}</th>
                        <th scope="col">{t('list.municipality')}</th>
                        <th scope="col">{t('list.period')}</th>
                        <th scope="col">{t('list.status')}</th>
                        <th scope="col">{t('list.submittedAt')}</th>
                        <th scope="col" className="num">
                          {t('list.differences')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {page.nodes.map((r) => (
                        <tr key={r.id}>
                          <td>
                            <Link to={paths.project(r.project.id)}>{r.project.title}</Link>
                          </td>
                          <td>{r.project.leadMunicipality.name}</td>
                          <td>{r.project.fundingPeriod.label}</td>
                          <td>{t(`status.${r.status}`)}</td>
                          <td>{fmt.date(r.submittedAt)}</td>
                          <td className="num">{r.differences.length === 0 ? t('list.noDifferences') : fmt.int(r.differences.length)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableWrap>
                <Pager total={page.totalCount} page={list.page} pageSize={list.pageSize} searchForPage={list.searchForPage} label={t('list.pager')} />
              </>
            )}
          </>
        )}
      </ListLoad>
    </div>
  );
}
