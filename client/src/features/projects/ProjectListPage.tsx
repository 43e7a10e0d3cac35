import { useApolloClient, useQuery } from '@apollo/client/react';
import { type FormEvent, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useCan, useSession } from '../../app/SessionProvider';
import type { ProjectFilter, ProjectListQuery as ProjectListData, ProjectOrderField, ProjectStatus } from '../../gql/graphql';
import { useT } from '../../i18n';
import { hasForecast, periodPhase, type ProgressVerdict, progressVerdict, useProgressWords } from '../../app/progress';
import { BulletBar } from '../../ui/BulletBar';
import { CsvButton } from '../../ui/CsvButton';
import type { CsvColumn } from '../../ui/csv';
import { fmt } from '../../ui/format';
import { FundingPeriodOptionsQuery } from '../../ui/funding-period-options.query';
import { ListEmpty, ListLoad, ListMeta } from '../../ui/ListStates';
import { MunicipalityOptionsQuery } from '../../ui/municipality-options.query';
import { PageHeader } from '../../ui/PageHeader';
import { Pager } from '../../ui/Pager';
import { SortHeader } from '../../ui/SortHeader';
import { Count, ErrorState } from '../../ui/States';
import { queryAllPages, useAllPages } from '../../ui/useAllPages';
import { useListState } from '../../ui/useListState';
import { TableWrap } from '../../ui/TableWrap';
import { isFunded, StatusBadge } from '../../ui/StatusBadge';
import { ProjectListQuery } from './project-list.query';
import { ProgressLegend } from './ProgressLegend';
import './projects.i18n';
import './projects.css';
import { paths } from '../../app/paths';

type Row = ProjectListData['projects']['nodes'][number];

const STATUSES: readonly ProjectStatus[] = ['DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'CLOSED'];
const FILTERS = ['search', 'period', 'status', 'municipality'] as const;
const SORT_FIELDS: readonly ProjectOrderField[] = ['TITLE', 'STATUS', 'TARGET_HOUSEHOLDS', 'SUBSIDY_GRANTED', 'CREATED_AT', 'UPDATED_AT'];

/** `status=SUBMITTED,APPROVED` in the URL → the statuses it names (unknown words ignored). */
function parseStatuses(value: string): ProjectStatus[] {
  return value.split(',').filter((s): s is ProjectStatus => (STATUSES as readonly string[]).includes(s));
}

/** An id of this API (a UUID); anything else in the URL (a mistyped link) is ignored. */
const isId = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/** The list filter for the API, only with the filters that are set. */
function toFilter(filters: Record<(typeof FILTERS)[number], string>): ProjectFilter | undefined {
  const filter: ProjectFilter = {};
  if (filters.search.trim()) filter.search = filters.search.trim();
  if (isId(filters.period)) filter.fundingPeriodId = filters.period;
  const statuses = parseStatuses(filters.status);
  if (statuses.length > 0) filter.statuses = statuses;
  if (isId(filters.municipality)) filter.municipalityId = filters.municipality;
  return Object.keys(filter).length > 0 ? filter : undefined;
}

export default function ProjectListPage() {
  const { t } = useT('projects');
  const client = useApolloClient();
  const { viewer } = useSession();
  const coordinator = useCan('COORDINATOR', 'INTEGRATOR');
  const canApply = useCan('ADMIN', 'COORDINATOR');
  const list = useListState({ filters: FILTERS, defaultSort: { field: 'TITLE', direction: 'ASC' }, sortFields: SORT_FIELDS });
  const { filters } = list;
  const filter = toFilter(filters);
  const statuses = parseStatuses(filters.status);

  const [search, setSearch] = useState(filters.search);
  useEffect(() => setSearch(filters.search), [filters.search]);

  const periods = useQuery(FundingPeriodOptionsQuery, { fetchPolicy: 'cache-first' });
  // Every municipality (pre-2025 ones too: they lead projects of earlier periods), for the filter.
  const municipalities = useAllPages(MunicipalityOptionsQuery, (d) => d.municipalities, { enabled: Boolean(viewer) && !coordinator });
  const { data, previousData, loading, error, refetch } = useQuery(ProjectListQuery, { variables: { filter, ...list.paging } });
  const page = (data ?? previousData)?.projects;

  function submitSearch(event: FormEvent) {
    event.preventDefault();
    list.setFilters({ search: search.trim() });
  }

  // The boxes follow a click at once, not only when the URL has changed (no flicker).
  const [statusDraft, setStatusDraft] = useState<ProjectStatus[] | null>(null);
  useEffect(() => setStatusDraft(null), [filters.status]);
  const checkedStatuses = statusDraft ?? statuses;

  function toggleStatus(status: ProjectStatus, on: boolean) {
    const next = STATUSES.filter((s) => (s === status ? on : checkedStatuses.includes(s)));
    setStatusDraft(next);
    list.setFilters({ status: next.join(',') });
  }

  const words = useProgressWords();
  const verdictWord = (v: ProgressVerdict) => (v === 'withheld' ? t('common:state.withheld') : v === 'notApplicable' ? null : words.verdict(v));
  const csvColumns: CsvColumn<Row>[] = [
    { header: t('list.columns.title'), value: (r) => r.title },
    { header: t('list.columns.lead'), value: (r) => r.leadMunicipality.name },
    { header: t('list.columns.period'), value: (r) => r.fundingPeriod.label },
    { header: t('list.columns.status'), value: (r) => t(`common:status.${r.status}`) },
    { header: t('list.columns.target'), value: (r) => r.targetHouseholds },
    { header: t('list.columns.reached'), value: (r) => r.kpi.reached ?? t('common:state.withheld') },
    // No forecast for a period that has ended; the verdict in the words of the progress vocabulary.
    { header: t('list.columns.expected'), value: (r) => (isFunded(r.status) && hasForecast(periodPhase(r.fundingPeriod)) ? Math.round(r.kpi.expectedByNow) : null) },
    { header: t('list.columns.verdict'), value: (r) => verdictWord(progressVerdict(r.kpi, periodPhase(r.fundingPeriod), isFunded(r.status))) },
    { header: t('list.columns.requested'), value: (r) => r.subsidyRequested },
    { header: t('list.columns.granted'), value: (r) => r.subsidyGranted },
  ];

  const loadAll = () => queryAllPages(client, ProjectListQuery, { filter, first: 100, orderBy: list.paging.orderBy }, (d) => d.projects);

  const lead = coordinator && viewer?.municipality ? t('list.leadCoordinator', { municipality: viewer.municipality.name }) : t('list.lead');

  return (
    <div className="projects-screen">
      <PageHeader title={t('list.title')} lead={lead}>
        {canApply && (
          <Link className="button primary" to={paths.projectNew}>
            {t('list.newApplication')}
          </Link>
        )}
      </PageHeader>

      <div className="filters">
        <form role="search" onSubmit={submitSearch} className="filters">
          <label>
            {t('list.search')}
            <input type="search" name="search" value={search} onChange={(e) => setSearch(e.target.value)} />
          </label>
          <button type="submit">{t('list.searchButton')}</button>
        </form>
        <label>
          {t('list.period')}
          <select value={filters.period} onChange={(e) => list.setFilters({ period: e.target.value })}>
            <option value="">{t('list.allPeriods')}</option>
            {periods.data?.fundingPeriods.nodes.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
            {isId(filters.period) && !periods.data && <option value={filters.period}>{t('common:state.loading')}</option>}
          </select>
        </label>
        {viewer && !coordinator && (
          <label>
            {t('list.municipality')}
            <select value={filters.municipality} onChange={(e) => list.setFilters({ municipality: e.target.value })}>
              <option value="">{t('list.allMunicipalities')}</option>
              {municipalities?.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.validTo ? t('list.municipalityUntil', { name: m.name, year: m.validTo.slice(0, 4) }) : m.name}
                </option>
              ))}
              {isId(filters.municipality) && !municipalities?.some((m) => m.id === filters.municipality) && (
                <option value={filters.municipality}>{t('common:state.loading')}</option>
              )}
            </select>
          </label>
        )}
        <fieldset className="status-filter">
          <legend>{t('list.status')}</legend>
          {STATUSES.map((status) => (
            <label key={status} className="check">
              <input type="checkbox" checked={checkedStatuses.includes(status)} onChange={(e) => toggleStatus(status, e.target.checked)} />
              {t(`common:status.${status}`)}
            </label>
          ))}
        </fieldset>
        {list.hasFilters && (
          <button type="button" onClick={list.clearFilters}>
            {t('list.clearFilters')}
          </button>
        )}
      </div>

      <ListLoad data={page} error={error} onRetry={refetch} columns={7}>
        {(page) => (
          <>
            {error && <ErrorState error={error} onRetry={() => void refetch()} />}
            <ListMeta count={t('common:list.results', { count: page.totalCount, formatted: fmt.int(page.totalCount) })}>
              {page.totalCount > 0 && <CsvButton name={t('list.csvName')} columns={csvColumns} load={loadAll} />}
            </ListMeta>
            {page.totalCount === 0 ? (
              <ListEmpty
                list={list}
                noMatch={{ title: t('list.emptyFiltered'), text: t('list.emptyFilteredText'), clear: t('list.clearFilters') }}
                title={coordinator ? t('list.emptyCoordinator') : t('list.empty')}
              >
                <p>{t('list.emptyText')}</p>
              </ListEmpty>
            ) : (
              <>
                <ProgressLegend />
                <TableWrap label={t('list.captionCount', { count: page.totalCount })} busy={loading}>
                  <table className="project-list">
                    <caption>{t('list.captionCount', { count: page.totalCount })}</caption>
                    <thead>
                      <tr>
                        <SortHeader field="TITLE" label={t('list.columns.title')} sort={list.sort} onSort={list.toggleSort} />
                        <th scope="col">{t('list.columns.lead')}</th>
                        <th scope="col">{t('list.columns.period')}</th>
                        <SortHeader field="STATUS" label={t('list.columns.status')} sort={list.sort} onSort={list.toggleSort} />
                        <SortHeader field="TARGET_HOUSEHOLDS" label={t('list.columns.target')} sort={list.sort} onSort={list.toggleSort} numeric />
                        <th scope="col" className="num">
                          {t('list.columns.reached')}
                        </th>
                        <th scope="col">{t('list.columns.progress')}</th>
                        <th scope="col" className="num">
                          {t('list.columns.requested')}
                        </th>
                        <SortHeader field="SUBSIDY_GRANTED" label={t('list.columns.granted')} sort={list.sort} onSort={list.toggleSort} numeric />
                      </tr>
                    </thead>
                    <tbody>
                      {page.nodes.map((row) => (
                        <ProjectRow key={row.id} row={row} />
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
    </div>
  );
}

function ProjectRow({ row }: { row: Row }) {
  const { t } = useT('projects');
  const words = useProgressWords();
  const funded = isFunded(row.status);
  // The one progress vocabulary (app/progress.ts): a forecast while the period runs, the result after it.
  const phase = periodPhase(row.fundingPeriod);
  const forecast = hasForecast(phase);
  const verdict = progressVerdict(row.kpi, phase, funded);
  return (
    <tr>
      <td>
        <Link to={paths.project(row.id)}>{row.title}</Link>
      </td>
      <td>{row.leadMunicipality.name}</td>
      <td className="nowrap">{t('list.periodShort', { number: row.fundingPeriod.number })}</td>
      <td>
        <StatusBadge status={row.status} />
      </td>
      <td className="num">{fmt.int(row.targetHouseholds)}</td>
      <td className="num">
        <Count value={row.kpi.reached} />
      </td>
      <td className="progress-cell">
        {funded ? (
          <>
            <BulletBar reached={row.kpi.reached} target={row.kpi.target} expected={forecast ? row.kpi.expectedByNow : null} label={row.title} />
            <span className="progress-numbers">
              {forecast ? t('list.expectedShort', { expected: fmt.int(Math.round(row.kpi.expectedByNow)) }) : words.phase(phase)}
              {row.kpi.progress != null && ` · ${fmt.percent(row.kpi.progress)}`}
              {verdict !== 'withheld' && verdict !== 'notApplicable' && (
                <>
                  {' · '}
                  <span className={verdict === 'onTrack' || verdict === 'targetMet' ? 'on-track' : 'behind'}>{words.verdict(verdict)}</span>
                </>
              )}
            </span>
          </>
        ) : (
          <span title={t('list.notApplicable')}>
            <span aria-hidden="true">{t('common:none')}</span>
            <span className="visually-hidden">{t('list.notApplicable')}</span>
          </span>
        )}
      </td>
      <td className="num">{fmt.euro(row.subsidyRequested)}</td>
      <td className="num">{row.subsidyGranted == null ? <span className="muted">{t('list.notDecided')}</span> : fmt.euro(row.subsidyGranted)}</td>
    </tr>
  );
}
