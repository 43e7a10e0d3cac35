import { useApolloClient, useQuery } from '@apollo/client/react';
import { Trans } from 'react-i18next';
import { Link } from 'react-router';
import type { MunicipalityFilter, MunicipalityListQuery as MunicipalityListData, MunicipalityOrderField, ProjectFilter } from '../../gql/graphql';
import { useT } from '../../i18n';
import { CsvButton } from '../../ui/CsvButton';
import type { CsvColumn } from '../../ui/csv';
import { fmt } from '../../ui/format';
import { FundingPeriodOptionsQuery } from '../../ui/funding-period-options.query';
import { type Columns, DataTable } from '../../ui/DataTable';
import { ListPage } from '../../ui/ListPage';
import { useListQuery } from '../../ui/useListQuery';
import { queryAllPages } from '../../ui/useAllPages';
import { useListState } from '../../ui/useListState';
import { MERGER_DAY, PROVINCES } from './constants';
import { MunicipalityListQuery } from './municipality-list.query';
import { SearchForm } from '../../ui/SearchForm';
import './municipalities.i18n';
import './municipalities.css';
import { Options, SelectField } from '../../ui/SelectField';
import { paths } from '../../app/paths';

type Row = MunicipalityListData['municipalities']['nodes'][number];

const FILTERS = ['search', 'province', 'validity', 'takingPart', 'period'] as const;
const SORT_FIELDS = ['NAME', 'NIS_CODE', 'PROVINCE', 'POPULATION'] as const satisfies readonly MunicipalityOrderField[];
type FilterName = (typeof FILTERS)[number];

/** The URL filters as the API's MunicipalityFilter (and the project filter of the count column). */
export function toFilter(filters: Record<FilterName, string>): { filter: MunicipalityFilter; projectFilter: ProjectFilter | null } {
  const filter: MunicipalityFilter = {};
  if (filters.search) filter.search = filters.search;
  if (filters.province) filter.province = filters.province;
  if (filters.validity !== 'all') filter.validOn = MERGER_DAY;
  const takingPart = filters.takingPart === 'yes' ? true : filters.takingPart === 'no' ? false : null;
  if (takingPart !== null) {
    filter.takingPart = takingPart;
    if (filters.period) filter.fundingPeriodId = filters.period;
  }
  const projectFilter = takingPart !== null && filters.period ? { fundingPeriodId: filters.period } : null;
  return { filter, projectFilter };
}

export default function MunicipalityListPage() {
  const { t } = useT('municipalities');
  const client = useApolloClient();
  const list = useListState({ filters: FILTERS, sortFields: SORT_FIELDS, defaultSort: { field: 'NAME', direction: 'ASC' } });
  const { filter, projectFilter } = toFilter(list.filters);
  const result = useListQuery(MunicipalityListQuery, {
    variables: { filter, projectFilter, ...list.paging },
  }, (d) => d.municipalities);
  const periods = useQuery(FundingPeriodOptionsQuery, { fetchPolicy: 'cache-first' });
  const inPeriod = projectFilter !== null;
  const periodLabel = periods.data?.fundingPeriods.nodes.find((p) => p.id === list.filters.period)?.label;

  const columns: CsvColumn<Row>[] = [
    { header: t('list.columns.name'), value: (r) => r.name },
    { header: t('list.columns.nisCode'), value: (r) => r.nisCode },
    { header: t('list.columns.province'), value: (r) => r.province },
    { header: t('list.columns.population'), value: (r) => r.population },
    { header: t('list.columns.validFrom'), value: (r) => r.validFrom },
    { header: t('list.columns.validTo'), value: (r) => r.validTo },
    { header: t('list.columns.mergedInto'), value: (r) => r.mergedInto?.name },
    { header: t('list.columns.mergedIntoNis'), value: (r) => r.mergedInto?.nisCode },
    { header: inPeriod ? `${t('list.columns.projectsInPeriod')} (${periodLabel ?? ''})` : t('list.columns.projects'), value: (r) => r.projects.totalCount },
  ];

  const loadAll = () => queryAllPages(client, MunicipalityListQuery, { filter, projectFilter, first: 100, orderBy: list.paging.orderBy }, (d) => d.municipalities);

  const tableColumns: Columns<Row, MunicipalityOrderField> = [
    { key: 'name', header: t('list.columns.name'), sort: 'NAME', cell: (row) => <Link to={paths.municipality(row.id)}>{row.name}</Link> },
    { key: 'nisCode', header: t('list.columns.nisCode'), sort: 'NIS_CODE', cell: (row) => row.nisCode },
    { key: 'province', header: t('list.columns.province'), sort: 'PROVINCE', cell: (row) => row.province },
    { key: 'population', header: t('list.columns.population'), sort: 'POPULATION', numeric: true, cell: (row) => fmt.int(row.population) },
    { key: 'merged', header: t('list.columns.merged'), cell: (row) => <MergerCell row={row} /> },
    { key: 'projects', header: inPeriod ? t('list.columns.projectsInPeriod') : t('list.columns.projects'), numeric: true, cell: (row) => fmt.int(row.projects.totalCount) },
  ];

  return (
    <ListPage
      title={t('list.title')}
      lead={t('list.lead')}
      actions={<CsvButton name={t('list.csvName')} columns={columns} load={loadAll} />}
      filters={
        <div className="filters filter-grid municipality-filters">
          <SearchForm value={list.filters.search} label={t('list.search')} button={t('list.searchButton')} onSearch={(search) => list.setFilters({ search })} />
          <SelectField label={t('list.province')} {...list.bind('province')}>
            <option value="">{t('list.allProvinces')}</option>
            <Options options={PROVINCES.map((p) => ({ value: p, label: p }))} />
          </SelectField>
          <SelectField label={t('list.validity')} value={list.filters.validity === 'all' ? 'all' : ''} onChange={(validity) => list.setFilters({ validity })}>
            <option value="">{t('list.validityCurrent')}</option>
            <option value="all">{t('list.validityAll')}</option>
          </SelectField>
          <SelectField
            label={t('list.takingPart')}
            value={list.filters.takingPart}
            describedBy="taking-part-help"
            onChange={(takingPart) => list.setFilters(takingPart ? { takingPart } : { takingPart: '', period: '' })}
          >
            <option value="">{t('list.takingPartAny')}</option>
            <option value="yes">{t('list.takingPartYes')}</option>
            <option value="no">{t('list.takingPartNo')}</option>
          </SelectField>
          <SelectField
            label={t('list.period')}
            value={list.filters.period}
            disabled={!list.filters.takingPart}
            describedBy="taking-part-help"
            onChange={(period) => list.setFilters({ period })}
          >
            <option value="">{t('list.allPeriods')}</option>
            <Options options={periods.data?.fundingPeriods.nodes.map((p) => ({ value: p.id, label: p.label }))} />
          </SelectField>
          <p id="taking-part-help" className="filter-help">
            {t('list.takingPartHelp')} {!list.filters.takingPart && t('list.periodNeedsTakingPart')}
          </p>
        </div>
      }
      list={list}
      result={result}
      skeletonColumns={6}
      empty={{ title: t('list.empty'), text: t('list.emptyText'), noMatch: { title: t('list.emptyFiltered'), text: t('list.emptyFilteredText'), clear: t('list.clearFilters') } }}
    >
      {(page) => (
        <DataTable
          caption={t('list.captionCount', { count: page.totalCount })}
          busy={result.loading}
          columns={tableColumns}
          rows={page.nodes}
          rowKey={(row) => row.id}
          sort={list.sort}
          onSort={list.toggleSort}
        />
      )}
    </ListPage>
  );
}

function MergerCell({ row }: { row: Row }) {
  const { t } = useT('municipalities');
  if (row.mergedInto) {
    return <Trans t={t} i18nKey="list.mergedInto" values={{ name: row.mergedInto.name }} components={{ successor: <Link to={paths.municipality(row.mergedInto.id)} /> }} />;
  }
  if (row.validFrom >= MERGER_DAY) return <>{t('list.newSince', { date: fmt.date(row.validFrom) })}</>;
  return <>{t('none')}</>;
}
