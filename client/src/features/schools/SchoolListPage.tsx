import { useApolloClient } from '@apollo/client/react';
import { SCHOOL_LEVELS, SCHOOL_NETWORKS } from '@schoolmix/shared';
import { Link } from 'react-router';
import type { SchoolFilter, SchoolListQuery as SchoolListData, SchoolOrderField } from '../../gql/graphql';
import { useT } from '../../i18n';
import { CsvButton } from '../../ui/CsvButton';
import type { CsvColumn } from '../../ui/csv';
import { fmt } from '../../ui/format';
import { type Columns, DataTable } from '../../ui/DataTable';
import { ListPage } from '../../ui/ListPage';
import { useListQuery } from '../../ui/useListQuery';
import { MunicipalityOptionsQuery } from '../../ui/municipality-options.query';
import { queryAllPages, useAllPages } from '../../ui/useAllPages';
import { useListState } from '../../ui/useListState';
import { SearchForm } from '../../ui/SearchForm';
import { SchoolListQuery } from './school-list.query';
import './schools.i18n';
import '../municipalities/municipalities.css';
import { Options, SelectField } from '../../ui/SelectField';
import { paths } from '../../app/paths';

type Row = SchoolListData['schools']['nodes'][number];

const FILTERS = ['search', 'municipality', 'level', 'network'] as const;
const SORT_FIELDS = ['NAME', 'INSTITUTION_NUMBER', 'POSTCODE', 'CAPACITY'] as const satisfies readonly SchoolOrderField[];

/** The URL filters as the API's SchoolFilter (unknown enum values in the URL are ignored). */
export function toSchoolFilter(filters: Record<(typeof FILTERS)[number], string>): SchoolFilter {
  const filter: SchoolFilter = {};
  if (filters.search) filter.search = filters.search;
  if (filters.municipality) filter.municipalityId = filters.municipality;
  const level = SCHOOL_LEVELS.find((l) => l === filters.level);
  if (level) filter.levels = [level];
  const network = SCHOOL_NETWORKS.find((n) => n === filters.network);
  if (network) filter.networks = [network];
  return filter;
}

export default function SchoolListPage() {
  const { t } = useT('schools');
  const client = useApolloClient();
  const list = useListState({ filters: FILTERS, sortFields: SORT_FIELDS, defaultSort: { field: 'NAME', direction: 'ASC' } });
  const filter = toSchoolFilter(list.filters);
  const result = useListQuery(SchoolListQuery, { variables: { filter, ...list.paging } }, (d) => d.schools);
  // Every municipality for the filter (4 pages of 100, once per session: the answer is cached).
  const municipalities = useAllPages(MunicipalityOptionsQuery, (d) => d.municipalities);
  // A municipality in the URL that the options do not (yet) hold still shows as chosen.
  const chosenMissing = list.filters.municipality && !municipalities?.some((m) => m.id === list.filters.municipality);

  const columns: CsvColumn<Row>[] = [
    { header: t('list.columns.name'), value: (r) => r.name },
    { header: t('list.columns.institutionNumber'), value: (r) => r.institutionNumber },
    { header: t('list.columns.level'), value: (r) => t(`level.${r.level}`) },
    { header: t('list.columns.network'), value: (r) => t(`network.${r.network}`) },
    { header: t('list.columns.municipality'), value: (r) => r.municipality.name },
    { header: t('list.columns.municipalityNis'), value: (r) => r.municipality.nisCode },
    { header: t('list.columns.postcode'), value: (r) => r.postcode },
    { header: t('list.columns.capacity'), value: (r) => r.capacity },
  ];

  const loadAll = () => queryAllPages(client, SchoolListQuery, { filter, first: 100, orderBy: list.paging.orderBy }, (d) => d.schools);

  const tableColumns: Columns<Row, SchoolOrderField> = [
    { key: 'name', header: t('list.columns.name'), sort: 'NAME', cell: (row) => <Link to={paths.school(row.id)}>{row.name}</Link> },
    { key: 'institutionNumber', header: t('list.columns.institutionNumberHead'), sort: 'INSTITUTION_NUMBER', cell: (row) => row.institutionNumber },
    { key: 'level', header: t('list.columns.level'), cell: (row) => t(`level.${row.level}`) },
    { key: 'municipality', header: t('list.columns.municipality'), cell: (row) => <Link to={paths.municipality(row.municipality.id)}>{row.municipality.name}</Link> },
    { key: 'postcode', header: t('list.columns.postcode'), sort: 'POSTCODE', cell: (row) => row.postcode },
    { key: 'capacity', header: t('list.columns.capacity'), sort: 'CAPACITY', numeric: true, cell: (row) => fmt.int(row.capacity) },
  ];

  return (
    <ListPage
      title={t('list.title')}
      lead={t('list.lead')}
      actions={<CsvButton name={t('list.csvName')} columns={columns} load={loadAll} />}
      filters={
        <div className="filters filter-grid">
          <SearchForm value={list.filters.search} label={t('list.search')} button={t('list.searchButton')} onSearch={(search) => list.setFilters({ search })} />
          <SelectField label={t('list.municipality')} {...list.bind('municipality')}>
            <option value="">{t('list.allMunicipalities')}</option>
            {chosenMissing && <option value={list.filters.municipality}>{municipalities === null ? t('state.loading') : list.filters.municipality}</option>}
            <Options options={municipalities?.map((m) => ({ value: m.id, label: m.validTo ? t('list.municipalityUntil', { name: m.name }) : m.name }))} />
          </SelectField>
          <SelectField label={t('list.level')} {...list.bind('level')}>
            <option value="">{t('list.allLevels')}</option>
            <Options options={SCHOOL_LEVELS.map((level) => ({ value: level, label: t(`level.${level}`) }))} />
          </SelectField>
          <SelectField label={t('list.network')} {...list.bind('network')}>
            <option value="">{t('list.allNetworks')}</option>
            <Options options={SCHOOL_NETWORKS.map((network) => ({ value: network, label: t(`network.${network}`) }))} />
          </SelectField>
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
          className="wrap-head"
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
