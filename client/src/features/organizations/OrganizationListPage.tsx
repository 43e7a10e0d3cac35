import { ORGANIZATION_KINDS, type OrganizationKind } from '@schoolmix/shared';
import { Link } from 'react-router';
import { paths } from '../../app/paths';
import { useCan, useOwnedMunicipalityIds, useSession } from '../../app/SessionProvider';
import type { OrganizationFilter, OrganizationListQuery as OrganizationListData, OrganizationOrderField } from '../../gql/graphql';
import { useT } from '../../i18n';
import { type Columns, DataTable } from '../../ui/DataTable';
import { fmt } from '../../ui/format';
import { FilterSelect, ListFilters, ListPage } from '../../ui/ListPage';
import { useListQuery } from '../../ui/useListQuery';
import { MunicipalityOptionsQuery } from '../../ui/municipality-options.query';
import { SearchBox } from '../../ui/SearchForm';
import { useAllPages } from '../../ui/useAllPages';
import { useListState } from '../../ui/useListState';
import { OrganizationListQuery } from './organization-list.query';
import './organizations.i18n';
import '../../ui/forms.css';

type Row = OrganizationListData['organizations']['nodes'][number];

const FILTERS = ['search', 'municipality', 'kind', 'promotes'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;
const SORT_FIELDS: readonly OrganizationOrderField[] = ['NAME', 'KIND', 'CREATED_AT'];

/** The URL's filters as the API's OrganizationFilter. */
export function toOrganizationFilter(filters: Filters): OrganizationFilter | undefined {
  const filter: OrganizationFilter = {};
  if (filters.search.trim()) filter.search = filters.search.trim();
  if (filters.municipality) filter.municipalityId = filters.municipality;
  if ((ORGANIZATION_KINDS as readonly string[]).includes(filters.kind)) filter.kinds = [filters.kind as OrganizationKind];
  if (filters.promotes === 'yes') filter.promotesSocialMix = true;
  if (filters.promotes === 'no') filter.promotesSocialMix = false;
  return Object.keys(filter).length > 0 ? filter : undefined;
}

export default function OrganizationListPage() {
  const { t } = useT('organizations');
  const { viewer } = useSession();
  const canManage = useCan('ADMIN', 'COORDINATOR');
  const admin = useCan('ADMIN');
  const owned = useOwnedMunicipalityIds();
  const list = useListState({ filters: FILTERS, defaultSort: { field: 'NAME', direction: 'ASC' }, sortFields: SORT_FIELDS });
  const { filters } = list;
  const municipalities = useAllPages(MunicipalityOptionsQuery, (d) => d.municipalities, { enabled: Boolean(viewer) });
  const result = useListQuery(OrganizationListQuery, { variables: { filter: toOrganizationFilter(filters), ...list.paging }, fetchPolicy: 'cache-and-network' }, (d) => d.organizations);
  const mayEdit = (row: Row) => admin || (canManage && owned.includes(row.municipality.id));

  const columns: Columns<Row, OrganizationOrderField> = [
    { key: 'name', header: t('list.columns.name'), sort: 'NAME', cell: (row) => row.name },
    { key: 'kind', header: t('list.columns.kind'), sort: 'KIND', cell: (row) => t(`kind.${row.kind}`) },
    { key: 'municipality', header: t('list.columns.municipality'), cell: (row) => <Link to={paths.municipality(row.municipality.id)}>{row.municipality.name}</Link> },
    {
      key: 'promotes',
      header: t('list.columns.promotes'),
      cell: (row) => <span className={`badge ${row.promotesSocialMix ? 'ok' : 'warn'}`}>{row.promotesSocialMix ? t('list.counts') : t('list.notCounts')}</span>,
    },
    canManage && {
      key: 'actions',
      header: t('list.columns.actions'),
      cell: (row) =>
        mayEdit(row) && (
          <Link to={paths.organizationEdit(row.id)} aria-label={t('list.editLabel', { name: row.name })}>
            {t('list.edit')}
          </Link>
        ),
    },
  ];

  return (
    <ListPage
      title={t('list.title')}
      lead={t('list.lead')}
      actions={
        canManage && (
          <Link className="button primary" to={paths.organizationNew}>
            {t('list.add')}
          </Link>
        )
      }
      filters={
        <ListFilters list={list} clearLabel={t('list.clearFilters')}>
          <SearchBox value={filters.search} label={t('list.search')} button={t('list.searchButton')} formLabel={t('list.searchLabel')} onSearch={(search) => list.setFilters({ search })} />
          <FilterSelect
            label={t('list.municipality')}
            {...list.bind('municipality')}
            all={t('list.allMunicipalities')}
            options={municipalities?.map((m) => ({ value: m.id, label: m.name }))}
            pending={t('state.loading')}
          />
          <FilterSelect
            label={t('list.kind')}
            {...list.bind('kind')}
            all={t('list.allKinds')}
            options={ORGANIZATION_KINDS.map((kind) => ({ value: kind, label: t(`kind.${kind}`) }))}
          />
          <FilterSelect
            label={t('list.promotes')}
            {...list.bind('promotes')}
            all={t('list.promotesAll')}
            options={[
              { value: 'yes', label: t('list.promotesYes') },
              { value: 'no', label: t('list.promotesNo') },
            ]}
          />
        </ListFilters>
      }
      list={list}
      result={result}
      skeletonColumns={5}
      count={(page) => t('list.results', { count: page.totalCount, formatted: fmt.int(page.totalCount) })}
      empty={{ title: t('list.empty'), text: t('list.emptyText'), noMatch: { title: t('list.emptyFiltered'), text: t('list.emptyFilteredText'), clear: t('list.clearFilters') } }}
    >
      {(page) => <DataTable caption={t('list.caption')} className="admin-list" busy={result.loading} columns={columns} rows={page.nodes} rowKey={(row) => row.id} sort={list.sort} onSort={list.toggleSort} />}
    </ListPage>
  );
}
