import { useQuery } from '@apollo/client/react';
import { Link, useParams } from 'react-router';
import { type PeriodPhase, periodPhase, useProgressWords } from '../../app/progress';
import { useCan, useOwnedMunicipalityIds, useSession } from '../../app/SessionProvider';
import type { MunicipalityDetailQuery as DetailData } from '../../gql/graphql';
import { useT } from '../../i18n';
import { fmt } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { Skeleton } from '../../ui/Skeleton';
import { Count, EmptyState, ErrorState, NotFound } from '../../ui/States';
import { isFunded, StatusBadge } from '../../ui/StatusBadge';
import '../schools/schools.i18n';
import { MERGER_DAY } from './constants';
import { MunicipalityDetailQuery } from './municipality-detail.query';
import { SocialMixSection } from './SocialMixSection';
import './municipalities.i18n';
import './municipalities.css';
import { DataTable } from '../../ui/DataTable';
import { listHref } from '../../ui/list-memory';
import { paths } from '../../app/paths';
import { Breadcrumb } from '../../ui/Breadcrumb';

type Municipality = NonNullable<DetailData['municipality']>;
type Project = NonNullable<Municipality['projects']['nodes']>[number];

/** How many schools the page lists; the rest are one link away in the filtered school list. */
export const SCHOOLS_SHOWN = 25;

export default function MunicipalityPage() {
  const { id = '' } = useParams();
  const { t } = useT('municipalities');
  const { viewer } = useSession();
  const owned = useOwnedMunicipalityIds();
  const unscoped = useCan('ADMIN', 'REVIEWER', 'ANALYST');
  const seesReports = useCan('ADMIN', 'REVIEWER', 'ANALYST', 'COORDINATOR');
  // Coordinators and integrators see the projects of their own municipality (and of those merged into it) only; the API refuses the others.
  const withProjects = unscoped || owned.includes(id);
  const { data, loading, error, refetch } = useQuery(MunicipalityDetailQuery, {
    variables: { id, withProjects, schoolsFirst: SCHOOLS_SHOWN },
    skip: !viewer,
  });
  const municipality = data?.municipality;

  if (error && !data) {
    return (
      <>
        <BackToList />
        <ErrorState error={error} onRetry={() => void refetch()} />
      </>
    );
  }
  if (!data || (loading && !municipality)) {
    return (
      <>
        <BackToList />
        <Skeleton lines={8} />
      </>
    );
  }
  if (!municipality) return <NotFound />;

  return (
    <>
      <BackToList />
      <PageHeader title={municipality.name} lead={t('detail.lead', { nisCode: municipality.nisCode, province: municipality.province })} />
      {municipality.mergedInto && (
        <p className="notice merged-notice">
          {t('detail.mergedNotice', { date: fmt.date(municipality.validTo) })} <Link to={paths.municipality(municipality.mergedInto.id)}>{municipality.mergedInto.name}</Link>
          {t('detail.mergedNoticeEnd')}
        </p>
      )}

      <section aria-labelledby="facts-title">
        <h2 id="facts-title">{t('detail.facts')}</h2>
        <ul className="cards plain-list" aria-label={t('detail.facts')}>
          <li className="card">
            <span className="figure">{fmt.int(municipality.projects.totalCount)}</span>
            <span className="label">{t('detail.projectCount')}</span>
          </li>
          <li className="card">
            <span className="figure">{fmt.int(municipality.schools.totalCount)}</span>
            <span className="label">{t('detail.schoolCount')}</span>
          </li>
          <li className="card">
            <span className="figure">{fmt.int(municipality.population)}</span>
            <span className="label">{t('detail.population')}</span>
          </li>
        </ul>
        <dl className="facts">
          <dt>{t('detail.nisCode')}</dt>
          <dd>{municipality.nisCode}</dd>
          <dt>{t('detail.province')}</dt>
          <dd>{municipality.province}</dd>
          <dt>{t('detail.arrondissement')}</dt>
          <dd>{municipality.arrondissement ?? t('none')}</dd>
          <dt>{t('detail.postcode')}</dt>
          <dd>{municipality.postcode ?? t('none')}</dd>
          <dt>{t('detail.population')}</dt>
          <dd>{fmt.int(municipality.population)}</dd>
          <dt>{t('detail.validity')}</dt>
          <dd>
            {municipality.validTo
              ? t('detail.validBetween', { from: fmt.date(municipality.validFrom), to: fmt.date(municipality.validTo) })
              : t('detail.validSince', { from: fmt.date(municipality.validFrom) })}
          </dd>
          {municipality.validTo ? (
            <>
              <dt>{t('detail.mergedInto')}</dt>
              <dd>{municipality.mergedInto ? <Link to={paths.municipality(municipality.mergedInto.id)}>{municipality.mergedInto.name} ({municipality.mergedInto.nisCode})</Link> : t('none')}</dd>
            </>
          ) : (
            <>
              <dt>{t('detail.mergedFrom')}</dt>
              <dd>
                {municipality.mergedFrom.length === 0 ? (
                  municipality.validFrom >= MERGER_DAY ? t('none') : t('detail.mergedFromNone')
                ) : (
                  <ul className="inline-list">
                    {municipality.mergedFrom.map((m) => (
                      <li key={m.id}>
                        <Link to={paths.municipality(m.id)}>
                          {m.name} ({m.nisCode})
                        </Link>
                      </li>
                    ))}
                  </ul>
                )}
              </dd>
            </>
          )}
        </dl>
      </section>

      <ProjectsSection municipality={municipality} />
      <SchoolsSection municipality={municipality} />
      <OrganizationsSection municipality={municipality} />
      <SocialMixSection nisCode={municipality.nisCode} allowed={seesReports} />
    </>
  );
}

function BackToList() {
  const { t } = useT('municipalities');
  return (
    <Breadcrumb to={listHref(paths.municipalities)} back>
      {t('detail.breadcrumb')}
    </Breadcrumb>
  );
}

function ProjectsSection({ municipality }: { municipality: Municipality }) {
  const { t } = useT('municipalities');
  const projects = municipality.projects.nodes;
  const words = useProgressWords();
  const periods = new Map<string, { number: number; label: string; phase: PeriodPhase; projects: Project[] }>();
  for (const project of projects ?? []) {
    const period = periods.get(project.fundingPeriod.id) ?? {
      number: project.fundingPeriod.number,
      label: project.fundingPeriod.label,
      phase: periodPhase(project.fundingPeriod),
      projects: [],
    };
    period.projects.push(project);
    periods.set(project.fundingPeriod.id, period);
  }
  const ordered = [...periods.values()].sort((a, b) => a.number - b.number);
  return (
    <section aria-labelledby="projects-title">
      <h2 id="projects-title">{t('detail.projects')}</h2>
      {!projects ? (
        <p>{t('detail.projectsOther', { count: municipality.projects.totalCount })}</p>
      ) : projects.length === 0 ? (
        <EmptyState title={t('detail.projectsNone')}>
          <p>{t('detail.projectsNoneText')}</p>
        </EmptyState>
      ) : (
        <>
          <p className="lead">{t('detail.projectsIntro')}</p>
          <MergedIncluded municipality={municipality} />
          {ordered.map((period) => (
            <div className="period-block" key={period.label}>
              <h3>
                {period.label} <span className="period-phase">({words.phase(period.phase)})</span>
              </h3>
              <DataTable
                caption={t('detail.projectsCaption', { period: period.label })}
                captionHidden
                className="period-table wrap-head"
                rows={period.projects}
                rowKey={(p) => p.id}
                columns={[
                  {
                    key: 'title',
                    header: t('detail.projectColumns.title'),
                    cell: (p) => (
                      <>
                        <Link to={paths.project(p.id)}>{p.title}</Link>
                        <Formerly of={p.leadMunicipality} page={municipality} />
                      </>
                    ),
                  },
                  { key: 'status', header: t('detail.projectColumns.status'), cell: (p) => <StatusBadge status={p.status} /> },
                  { key: 'target', header: t('detail.projectColumns.target'), numeric: true, cell: (p) => fmt.int(p.targetHouseholds) },
                  { key: 'reached', header: t('detail.projectColumns.reached'), numeric: true, cell: (p) => <Count value={p.kpi.reached} /> },
                  {
                    key: 'progress',
                    header: t('detail.projectColumns.progress'),
                    numeric: true,
                    cell: (p) => (isFunded(p.status) && p.kpi.progress != null ? fmt.percent(p.kpi.progress) : t('none')),
                  },
                ]}
              />
            </div>
          ))}
        </>
      )}
    </section>
  );
}

function SchoolsSection({ municipality }: { municipality: Municipality }) {
  const { t } = useT('municipalities');
  const { nodes, totalCount } = municipality.schools;
  return (
    <section aria-labelledby="schools-title">
      <h2 id="schools-title">{t('detail.schools')}</h2>
      {totalCount === 0 ? (
        <EmptyState title={t('detail.schoolsNone')}>
          <p>{t('detail.schoolsNoneText')}</p>
        </EmptyState>
      ) : (
        <>
          <MergedIncluded municipality={municipality} />
          <p className="list-meta">
            <span>{t('detail.schoolsShown', { shown: fmt.int(nodes.length), total: fmt.int(totalCount) })}</span>
            <Link to={paths.schools({ municipality: municipality.id })}>{t('detail.schoolsAll', { total: fmt.int(totalCount) })}</Link>
          </p>
          <DataTable
            caption={t('detail.schoolsCaption', { name: municipality.name })}
            captionHidden
            className="wrap-head"
            rows={nodes}
            rowKey={(s) => s.id}
            columns={[
              {
                key: 'name',
                header: t('detail.schoolColumns.name'),
                cell: (s) => (
                  <>
                    <Link to={paths.school(s.id)}>{s.name}</Link>
                    <Formerly of={s.municipality} page={municipality} />
                  </>
                ),
              },
              { key: 'institutionNumber', header: t('detail.schoolColumns.institutionNumber'), cell: (s) => s.institutionNumber },
              { key: 'level', header: t('detail.schoolColumns.level'), className: 'nowrap', cell: (s) => t(`level.${s.level}`, { ns: 'schools' }) },
              { key: 'capacity', header: t('detail.schoolColumns.capacity'), numeric: true, cell: (s) => fmt.int(s.capacity) },
            ]}
          />
        </>
      )}
    </section>
  );
}

/**
 * "(voorheen Kruibeke)": a row of a 2025 municipality's page that belongs to a pre-2025
 * municipality merged into it (the API's includeMerged roll-up) says which one.
 */
function Formerly({ of, page }: { of: { id: string; name: string }; page: { id: string } }) {
  const { t } = useT('municipalities');
  if (of.id === page.id) return null;
  return <span className="formerly"> {t('detail.formerly', { name: of.name })}</span>;
}

function MergedIncluded({ municipality }: { municipality: Municipality }) {
  const { t } = useT('municipalities');
  if (municipality.mergedFrom.length === 0) return null;
  return <p className="hint">{t('detail.mergedIncluded', { name: municipality.name, names: municipality.mergedFrom.map((m) => m.name).join(', ') })}</p>;
}

function OrganizationsSection({ municipality }: { municipality: Municipality }) {
  const { t } = useT('municipalities');
  const { nodes, totalCount } = municipality.organizations;
  return (
    <section aria-labelledby="organizations-title">
      <h2 id="organizations-title">{t('detail.organizations')}</h2>
      {totalCount === 0 ? (
        <p>{t('detail.organizationsNone')}</p>
      ) : (
        <>
          <MergedIncluded municipality={municipality} />
          <DataTable
            caption={t('detail.organizationsCaption', { name: municipality.name })}
            captionHidden
            className="wrap-head"
            rows={nodes}
            rowKey={(o) => o.id}
            columns={[
              {
                key: 'name',
                header: t('detail.organizationColumns.name'),
                cell: (o) => (
                  <>
                    {o.name}
                    <Formerly of={o.municipality} page={municipality} />
                  </>
                ),
              },
              {
                key: 'promotes',
                header: t('detail.organizationColumns.promotes'),
                cell: (o) => (o.promotesSocialMix ? t('detail.organizationPromotes') : t('detail.organizationDoesNotPromote')),
              },
            ]}
          />
        </>
      )}
    </section>
  );
}
