import { useQuery } from '@apollo/client/react';
import { FINAL_REPORT_STATUSES } from '@schoolmix/shared';
import { Link } from 'react-router';
import type { FinalReportListQuery as FinalReportListData, FinalReportStatus } from '../../gql/graphql';
import { useT } from '../../i18n';
import { fmt } from '../../ui/format';
import { FundingPeriodOptionsQuery } from '../../ui/funding-period-options.query';
import { type Columns, DataTable } from '../../ui/DataTable';
import { FilterSelect, ListFilters, ListPage } from '../../ui/ListPage';
import { useListQuery } from '../../ui/useListQuery';
import { useListState } from '../../ui/useListState';
import { FinalReportListQuery } from './final-report.query';
import './final-reports.i18n';
import './final-reports.css';
import { paths } from '../../app/paths';
import { isId } from '../../ui/is-id';

type Row = FinalReportListData['finalReports']['nodes'][number];

const FILTERS = ['period', 'status'] as const;

/** `/eindrapporten`: the reviewers' list of final reports, by period and status (in the URL), a page at a time. */
export default function FinalReportsPage() {
  const { t } = useT('finalReports');
  const list = useListState({ filters: FILTERS, defaultSort: { field: 'UPDATED_AT', direction: 'DESC' }, sortFields: ['UPDATED_AT'] });
  const { filters } = list;
  const status = (FINAL_REPORT_STATUSES as readonly string[]).includes(filters.status) ? (filters.status as FinalReportStatus) : null;
  const periods = useQuery(FundingPeriodOptionsQuery, { fetchPolicy: 'cache-first' });
  const variables = { fundingPeriodId: isId(filters.period) ? filters.period : null, status, first: list.paging.first, after: list.paging.after };
  const result = useListQuery(FinalReportListQuery, { variables }, (d) => d.finalReports);

  const columns: Columns<Row> = [
    { key: 'project', header: t('list.project'), cell: (r) => <Link to={paths.project(r.project.id)}>{r.project.title}</Link> },
    { key: 'municipality', header: t('list.municipality'), cell: (r) => r.project.leadMunicipality.name },
    { key: 'period', header: t('list.period'), cell: (r) => r.project.fundingPeriod.label },
    { key: 'status', header: t('list.status'), cell: (r) => t(`status.${r.status}`) },
    { key: 'submittedAt', header: t('list.submittedAt'), cell: (r) => fmt.date(r.submittedAt) },
    { key: 'differences', header: t('list.differences'), numeric: true, cell: (r) => (r.differences.length === 0 ? t('list.noDifferences') : fmt.int(r.differences.length)) },
  ];

  return (
    <ListPage
      className="final-reports-screen"
      title={t('list.title')}
      lead={t('list.lead')}
      filters={
        <ListFilters list={list} clearLabel={t('list.clearFilters')}>
          <FilterSelect
            label={t('list.period')}
            {...list.bind('period')}
            all={t('list.allPeriods')}
            options={periods.data?.fundingPeriods.nodes.map((p) => ({ value: p.id, label: p.label }))}
          />
          <FilterSelect
            label={t('list.status')}
            {...list.bind('status')}
            all={t('list.allStatuses')}
            options={FINAL_REPORT_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          />
        </ListFilters>
      }
      list={list}
      result={result}
      skeletonColumns={6}
      count={(page) => t('list.results', { count: page.totalCount, formatted: fmt.int(page.totalCount) })}
      empty={{ title: t('list.empty'), text: t('list.emptyText'), noMatch: { title: t('list.emptyFiltered'), text: t('list.emptyFilteredText'), clear: t('list.clearFilters') } }}
      pagerLabel={t('list.pager')}
    >
      {(page) => <DataTable caption={t('list.caption')} captionHidden busy={result.loading} columns={columns} rows={page.nodes} rowKey={(r) => r.id} />}
    </ListPage>
  );
}
