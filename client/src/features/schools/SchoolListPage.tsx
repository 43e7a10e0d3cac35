import { useApolloClient, useQuery } from '@apollo/client/react';
import { SCHOOL_LEVELS, SCHOOL_NETWORKS } from '@schoolmix/shared';
import { Link } from 'react-router';
import type { SchoolFilter, SchoolListQuery as SchoolListData, SchoolOrderField } from '../../gql/graphql';
import { useT } from '../../i18n';
import { CsvButton } from '../../ui/CsvButton';
import type { CsvColumn } from '../../ui/csv';
import { fmt } from '../../ui/format';
import { ListEmpty, ListLoad } from '../../ui/ListStates';
import { MunicipalityOptionsQuery } from '../../ui/municipality-options.query';
import { PageHeader } from '../../ui/PageHeader';
import { Pager } from '../../ui/Pager';
import { SortHeader } from '../../ui/SortHeader';
import { ErrorState } from '../../ui/States';
import { queryAllPages, useAllPages } from '../../ui/useAllPages';
import { useListState } from '../../ui/useListState';
import { SearchForm } from '../../ui/SearchForm';
import { SchoolListQuery } from './school-list.query';
import './schools.i18n';
import '../municipalities/municipalities.css';
import { SelectField } from '../../ui/SelectField';
import { TableWrap } from '../../ui/TableWrap';
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
  const { data, previousData, loading, error, refetch } = useQuery(SchoolListQuery, { variables: { filter, ...list.paging } });
  // Every municipality for the filter (4 pages of 100, once per session: the answer is cached).
  const municipalities = useAllPages(MunicipalityOptionsQuery, (d) => d.municipalities);
  const result = (data ?? previousData)?.schools;
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

  return (
    <>
      <PageHeader title={t('list.title')} lead={t('list.lead')}>
        <CsvButton name={t('list.csvName')} columns={columns} load={loadAll} />
      </PageHeader>

      <div className="filters filter-grid">
        <SearchForm value={list.filters.search} label={t('list.search')} button={t('list.searchButton')} onSearch={(search) => list.setFilters({ search })} />
        <SelectField label={t('list.municipality')} value={list.filters.municipality} onChange={(municipality) => list.setFilters({ municipality })}>
          <option value="">{t('list.allMunicipalities')}</option>
          {chosenMissing && <option value={list.filters.municipality}>{municipalities === null ? t('state.loading') : list.filters.municipality}</option>}
          {municipalities?.map((m) => (
            <option key={m.id} value={m.id}>
              {m.validTo ? t('list.municipalityUntil', { name: m.name }) : m.name}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('list.level')} value={list.filters.level} onChange={(level) => list.setFilters({ level })}>
          <option value="">{t('list.allLevels')}</option>
          {SCHOOL_LEVELS.map((level) => (
            <option key={level} value={level}>
              {t(`level.${level}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('list.network')} value={list.filters.network} onChange={(network) => list.setFilters({ network })}>
          <option value="">{t('list.allNetworks')}</option>
          {SCHOOL_NETWORKS.map((network) => (
            <option key={network} value={network}>
              {t(`network.${network}`)}
            </option>
          ))}
        </SelectField>
      </div>

      <ListLoad data={result} error={error} onRetry={refetch} columns={6}>
        {({ nodes: rows, totalCount: total }) =>
          total === 0 ? (
            <ListEmpty
              list={list}
              noMatch={{ title: t('list.emptyFiltered'), text: t('list.emptyFilteredText'), clear: t('list.clearFilters') }}
              title={t('list.empty')}
            >
              <p>{t('list.emptyText')}</p>
            </ListEmpty>
          ) : (
            <>
              {error && <ErrorState error={error} onRetry={() => void refetch()} />}
              <TableWrap label={t('list.captionCount', { count: total })} busy={loading}>
                <table className="wrap-head">
                  <caption>{t('list.captionCount', { count: total })}</caption>
                  <thead>
                    <tr>
                      <SortHeader field="NAME" label={t('list.columns.name')} sort={list.sort} onSort={list.toggleSort} />
                      <SortHeader field="INSTITUTION_NUMBER" label={t('list.columns.institutionNumberHead')} sort={list.sort} onSort={list.toggleSort} />
                      <th scope="col">{t('list.columns.level')}</th>
                      <th scope="col">{t('list.columns.municipality')}</th>
                      <SortHeader field="POSTCODE" label={t('list.columns.postcode')} sort={list.sort} onSort={list.toggleSort} />
                      <SortHeader field="CAPACITY" label={t('list.columns.capacity')} sort={list.sort} onSort={list.toggleSort} numeric />
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((row) => (
                      <tr key={row.id}>
                        <td>
                          <Link to={paths.school(row.id)}>{row.name}</Link>
                        </td>
                        <td>{row.institutionNumber}</td>
                        <td>{t(`level.${row.level}`)}</td>
                        <td>
                          <Link to={paths.municipality(row.municipality.id)}>{row.municipality.name}</Link>
                        </td>
                        <td>{row.postcode}</td>
                        <td className="num">{fmt.int(row.capacity)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
              <Pager total={total} page={list.page} pageSize={list.pageSize} searchForPage={list.searchForPage} />
            </>
          )
        }
      </ListLoad>
    </>
  );
}
