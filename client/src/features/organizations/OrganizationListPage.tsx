import { useQuery } from '@apollo/client/react';
import { ORGANIZATION_KINDS, type OrganizationKind } from '@schoolmix/shared';
import { type FormEvent, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useCan, useOwnedMunicipalityIds, useSession } from '../../app/SessionProvider';
import type { OrganizationFilter, OrganizationListQuery as OrganizationListData, OrganizationOrderField } from '../../gql/graphql';
import { useT } from '../../i18n';
import { fmt } from '../../ui/format';
import { ListEmpty, ListLoad, ListMeta } from '../../ui/ListStates';
import { MunicipalityOptionsQuery } from '../../ui/municipality-options.query';
import { PageHeader } from '../../ui/PageHeader';
import { Pager } from '../../ui/Pager';
import { SortHeader } from '../../ui/SortHeader';
import { ErrorState } from '../../ui/States';
import { TableWrap } from '../../ui/TableWrap';
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
  const [search, setSearch] = useState(filters.search);
  useEffect(() => setSearch(filters.search), [filters.search]);
  const municipalities = useAllPages(MunicipalityOptionsQuery, (d) => d.municipalities, { enabled: Boolean(viewer) });
  const { data, previousData, loading, error, refetch } = useQuery(OrganizationListQuery, { variables: { filter: toOrganizationFilter(filters), ...list.paging }, fetchPolicy: 'cache-and-network' });
  const page = (data ?? previousData)?.organizations;

  function submitSearch(event: FormEvent) {
    event.preventDefault();
    list.setFilters({ search: search.trim() });
  }
  const mayEdit = (row: Row) => admin || (canManage && owned.includes(row.municipality.id));

  return (
    <>
      <PageHeader title={t('list.title')} lead={t('list.lead')}>
        {canManage && (
          <Link className="button primary" to="/organisaties/nieuw">
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
          {t('list.municipality')}
          <select value={filters.municipality} onChange={(e) => list.setFilters({ municipality: e.target.value })}>
            <option value="">{t('list.allMunicipalities')}</option>
            {municipalities?.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
            {filters.municipality && !municipalities?.some((m) => m.id === filters.municipality) && <option value={filters.municipality}>{t('state.loading')}</option>}
          </select>
        </label>
        <label>
          {t('list.kind')}
          <select value={filters.kind} onChange={(e) => list.setFilters({ kind: e.target.value })}>
            <option value="">{t('list.allKinds')}</option>
            {ORGANIZATION_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`kind.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('list.promotes')}
          <select value={filters.promotes} onChange={(e) => list.setFilters({ promotes: e.target.value })}>
            <option value="">{t('list.promotesAll')}</option>
            <option value="yes">{t('list.promotesYes')}</option>
            <option value="no">{t('list.promotesNo')}</option>
          </select>
        </label>
        {list.hasFilters && (
          <button type="button" onClick={list.clearFilters}>
            {t('list.clearFilters')}
          </button>
        )}
      </div>

      <ListLoad data={page} error={error} onRetry={refetch} columns={5}>
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
                  <table className="admin-list">
                    <caption>{t('list.caption')}</caption>
                    <thead>
                      <tr>
                        <SortHeader field="NAME" label={t('list.columns.name')} sort={list.sort} onSort={list.toggleSort} />
                        <SortHeader field="KIND" label={t('list.columns.kind')} sort={list.sort} onSort={list.toggleSort} />
                        <th scope="col">{t('list.columns.municipality')}</th>
                        <th scope="col">{t('list.columns.promotes')}</th>
                        {canManage && <th scope="col">{t('list.columns.actions')}</th>}
                      </tr>
                    </thead>
                    <tbody>
                      {page.nodes.map((row) => (
                        <tr key={row.id}>
                          <td>{row.name}</td>
                          <td>{t(`kind.${row.kind}`)}</td>
                          <td>
                            <Link to={`/gemeenten/${row.municipality.id}`}>{row.municipality.name}</Link>
                          </td>
                          <td>
                            <span className={`badge ${row.promotesSocialMix ? 'ok' : 'warn'}`}>{row.promotesSocialMix ? t('list.counts') : t('list.notCounts')}</span>
                          </td>
                          {canManage && (
                            <td>
                              {mayEdit(row) && (
                                <Link to={`/organisaties/${row.id}/bewerken`} aria-label={t('list.editLabel', { name: row.name })}>
                                  {t('list.edit')}
                                </Link>
                              )}
                            </td>
                          )}
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
