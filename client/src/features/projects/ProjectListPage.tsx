import { useApolloClient, useQuery } from '@apollo/client/react';
import { PROJECT_STATUSES } from '@schoolmix/shared';
import { useEffect, useState } from 'react';
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
import { type Columns, DataTable } from '../../ui/DataTable';
import { FilterSelect, ListFilters, ListPage } from '../../ui/ListPage';
import { useListQuery } from '../../ui/useListQuery';
import { MunicipalityOptionsQuery } from '../../ui/municipality-options.query';
import { SearchBox } from '../../ui/SearchForm';
import { Count } from '../../ui/States';
import { queryAllPages, useAllPages } from '../../ui/useAllPages';
import { useListState } from '../../ui/useListState';
import { isFunded, StatusBadge } from '../../ui/StatusBadge';
import { ProjectListQuery } from './project-list.query';
import { ProgressLegend } from './ProgressLegend';
import './projects.i18n';
import './projects.css';
import { paths } from '../../app/paths';
import { isId } from '../../ui/is-id';

type Row = ProjectListData['projects']['nodes'][number];

const FILTERS = ['search', 'period', 'status', 'municipality'] as const;
const SORT_FIELDS: readonly ProjectOrderField[] = ['TITLE', 'STATUS', 'TARGET_HOUSEHOLDS', 'SUBSIDY_GRANTED', 'CREATED_AT', 'UPDATED_AT'];

/** `status=SUBMITTED,APPROVED` in the URL → the statuses it names (unknown words ignored). */
function parseStatuses(value: string): ProjectStatus[] {
  return value.split(',').filter((s): s is ProjectStatus => (PROJECT_STATUSES as readonly string[]).includes(s));
}


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

  const periods = useQuery(FundingPeriodOptionsQuery, { fetchPolicy: 'cache-first' });
  // Every municipality (pre-2025 ones too: they lead projects of earlier periods), for the filter.
  const municipalities = useAllPages(MunicipalityOptionsQuery, (d) => d.municipalities, { enabled: Boolean(viewer) && !coordinator });
  const result = useListQuery(ProjectListQuery, { variables: { filter, ...list.paging } }, (d) => d.projects);

  // The boxes follow a click at once, not only when the URL has changed (no flicker).
  const [statusDraft, setStatusDraft] = useState<ProjectStatus[] | null>(null);
  useEffect(() => setStatusDraft(null), [filters.status]);
  const checkedStatuses = statusDraft ?? statuses;

  function toggleStatus(status: ProjectStatus, on: boolean) {
    const next = PROJECT_STATUSES.filter((s) => (s === status ? on : checkedStatuses.includes(s)));
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

  const columns: Columns<Row, ProjectOrderField> = [
    { key: 'title', header: t('list.columns.title'), sort: 'TITLE', cell: (row) => <Link to={paths.project(row.id)}>{row.title}</Link> },
    { key: 'lead', header: t('list.columns.lead'), cell: (row) => row.leadMunicipality.name },
    { key: 'period', header: t('list.columns.period'), className: 'nowrap', cell: (row) => t('list.periodShort', { number: row.fundingPeriod.number }) },
    { key: 'status', header: t('list.columns.status'), sort: 'STATUS', cell: (row) => <StatusBadge status={row.status} /> },
    { key: 'target', header: t('list.columns.target'), sort: 'TARGET_HOUSEHOLDS', numeric: true, cell: (row) => fmt.int(row.targetHouseholds) },
    { key: 'reached', header: t('list.columns.reached'), numeric: true, cell: (row) => <Count value={row.kpi.reached} /> },
    { key: 'progress', header: t('list.columns.progress'), className: 'progress-cell', cell: (row) => <ProgressCell row={row} /> },
    { key: 'requested', header: t('list.columns.requested'), numeric: true, cell: (row) => fmt.euro(row.subsidyRequested) },
    {
      key: 'granted',
      header: t('list.columns.granted'),
      sort: 'SUBSIDY_GRANTED',
      numeric: true,
      cell: (row) => (row.subsidyGranted == null ? <span className="muted">{t('list.notDecided')}</span> : fmt.euro(row.subsidyGranted)),
    },
  ];

  return (
    <ListPage
      className="projects-screen"
      title={t('list.title')}
      lead={lead}
      actions={
        canApply && (
          <Link className="button primary" to={paths.projectNew}>
            {t('list.newApplication')}
          </Link>
        )
      }
      filters={
        <ListFilters list={list} clearLabel={t('list.clearFilters')}>
          <SearchBox value={filters.search} label={t('list.search')} button={t('list.searchButton')} onSearch={(search) => list.setFilters({ search })} />
          <FilterSelect
            label={t('list.period')}
            {...list.bind('period')}
            all={t('list.allPeriods')}
            options={periods.data?.fundingPeriods.nodes.map((p) => ({ value: p.id, label: p.label }))}
            pending={isId(filters.period) && !periods.data && t('common:state.loading')}
          />
          {viewer && !coordinator && (
            <FilterSelect
              label={t('list.municipality')}
              {...list.bind('municipality')}
              all={t('list.allMunicipalities')}
              options={municipalities?.map((m) => ({ value: m.id, label: m.validTo ? t('list.municipalityUntil', { name: m.name, year: m.validTo.slice(0, 4) }) : m.name }))}
              pending={isId(filters.municipality) && t('common:state.loading')}
            />
          )}
          <fieldset className="status-filter">
            <legend>{t('list.status')}</legend>
            {PROJECT_STATUSES.map((status) => (
              <label key={status} className="check">
                <input type="checkbox" checked={checkedStatuses.includes(status)} onChange={(e) => toggleStatus(status, e.target.checked)} />
                {t(`common:status.${status}`)}
              </label>
            ))}
          </fieldset>
        </ListFilters>
      }
      list={list}
      result={result}
      skeletonColumns={7}
      count={(page) => t('common:list.results', { count: page.totalCount, formatted: fmt.int(page.totalCount) })}
      tools={(page) => page.totalCount > 0 && <CsvButton name={t('list.csvName')} columns={csvColumns} load={loadAll} />}
      empty={{
        title: coordinator ? t('list.emptyCoordinator') : t('list.empty'),
        text: t('list.emptyText'),
        noMatch: { title: t('list.emptyFiltered'), text: t('list.emptyFilteredText'), clear: t('list.clearFilters') },
      }}
    >
      {(page) => (
        <>
          <ProgressLegend />
          <DataTable
            caption={t('list.captionCount', { count: page.totalCount })}
            className="project-list"
            busy={result.loading}
            columns={columns}
            rows={page.nodes}
            rowKey={(row) => row.id}
            sort={list.sort}
            onSort={list.toggleSort}
          />
        </>
      )}
    </ListPage>
  );
}

/** The progress column: the bullet bar with the forecast (while the period runs) or the result, and the verdict. */
function ProgressCell({ row }: { row: Row }) {
  const { t } = useT('projects');
  const words = useProgressWords();
  const funded = isFunded(row.status);
  // The one progress vocabulary (app/progress.ts): a forecast while the period runs, the result after it.
  const phase = periodPhase(row.fundingPeriod);
  const forecast = hasForecast(phase);
  const verdict = progressVerdict(row.kpi, phase, funded);
  if (!funded) {
    return (
      <span title={t('list.notApplicable')}>
        <span aria-hidden="true">{t('common:none')}</span>
        <span className="visually-hidden">{t('list.notApplicable')}</span>
      </span>
    );
  }
  return (
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
  );
}
