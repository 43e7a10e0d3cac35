import { useQuery } from '@apollo/client/react';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { useCan } from '../../app/SessionProvider';
import type { ProjectDetailQuery as ProjectDetailData } from '../../gql/graphql';
import { useT } from '../../i18n';
import { fmt } from '../../ui/format';
import { Skeleton } from '../../ui/Skeleton';
import { DataTable, FactTable } from '../../ui/DataTable';
import { Count, ErrorState, NotFound } from '../../ui/States';
import { StatusBadge } from '../../ui/StatusBadge';
import { AuditHistoryQuery } from '../audit/audit-history.query';
import { ChangeList } from '../audit/HistorySection';
import { History as Transitions } from '../projects/ApplicationParts';
import { KpiSection } from '../projects/KpiSection';
import { ProjectDetailQuery } from '../projects/project-detail.query';
import { ProjectEventsQuery } from '../projects/project-events.query';
import { SettlementSection } from '../settlement/SettlementSection';
import { FinalReportSlot } from './FinalReportSlot';
import '../audit/audit.i18n';
import '../projects/projects.i18n';
import '../projects/projects.css';
import './dossier.i18n';
import './dossier.css';
import { paths } from '../../app/paths';

type Project = NonNullable<ProjectDetailData['project']>;

/** The most rows a section prints (the API's largest page); a longer list says how many it leaves out. */
const ROWS = 100;

/**
 * `/projecten/:id/dossier`: a project's whole file on one printable page (issue 14): the
 * application, the review decisions, the KPI with its breakdowns, the events, the final report,
 * the settlement and the history. Outside the menu layout; dossier.css holds the print rules
 * (A4, page numbers, rows that never split across pages).
 */
export default function DossierPage() {
  const { id = '' } = useParams();
  const { t } = useT('dossier');
  const { data, error, refetch } = useQuery(ProjectDetailQuery, { variables: { id } });
  const project = data?.project;
  useEffect(() => {
    if (project) document.title = `${t('title', { title: project.title })} · Schoolmix`;
  }, [project, t]);

  let body;
  if (error && !data?.project) body = <ErrorState error={error} onRetry={() => void refetch()} />;
  else if (!data) body = <Skeleton lines={12} />;
  else if (!project) body = <NotFound />;
  else body = <Dossier project={project} />;
  return <main className="dossier">{body}</main>;
}

function Dossier({ project }: { project: Project }) {
  const { t } = useT('dossier');
  return (
    <>
      <header className="dossier-header">
        <div className="dossier-actions no-print">
          <Link to={paths.project(project.id)}>← {t('back')}</Link>
          <button type="button" className="primary" onClick={() => window.print()}>
            {t('print')}
          </button>
        </div>
        <h1>{t('title', { title: project.title })}</h1>
        <p className="lead">
          {t('subtitle', { municipality: project.leadMunicipality.name, period: project.fundingPeriod.label })} · <StatusBadge status={project.status} />
        </p>
        <p className="hint">{t('printedOn', { date: fmt.dateTime(new Date().toISOString()) })}</p>
      </header>
      <Application project={project} />
      <div className="dossier-section">
        <Transitions project={project} />
      </div>
      <div className="dossier-section">
        <KpiSection project={project} />
      </div>
      <Events projectId={project.id} />
      <FinalReportSlot projectId={project.id} />
      <div className="dossier-section">
        <SettlementSection settlement={project.settlement ?? null} />
      </div>
      <AuditHistory projectId={project.id} />
    </>
  );
}

function Application({ project }: { project: Project }) {
  const { t } = useT('dossier');
  const { t: tp } = useT('projects');
  const period = project.fundingPeriod;
  const partners = [...project.partnerMunicipalities.map((m) => m.name), ...project.partnerOrganizations.map((o) => o.name)];
  return (
    <section aria-labelledby="dossier-application" className="dossier-section">
      <h2 id="dossier-application">{t('application.title')}</h2>
      <FactTable
        className="facts-table"
        facts={[
          { key: 'lead', label: tp('detail.leadMunicipality'), value: `${project.leadMunicipality.name} (${project.leadMunicipality.nisCode})` },
          { key: 'period', label: tp('detail.period'), value: tp('detail.periodDates', { label: period.label, from: fmt.date(period.startsOn), to: fmt.date(period.endsOn) }) },
          { key: 'priority', label: tp('detail.priority'), value: fmt.int(project.priority) },
          { key: 'baseline', label: tp('detail.baseline'), value: fmt.int(project.baselineHouseholds) },
          { key: 'target', label: tp('detail.target'), value: fmt.int(project.targetHouseholds) },
          { key: 'requested', label: tp('detail.requested'), value: fmt.euro(project.subsidyRequested) },
          { key: 'granted', label: tp('detail.granted'), value: project.subsidyGranted == null ? tp('detail.notGranted') : fmt.euro(project.subsidyGranted) },
          { key: 'coFinancing', label: tp('detail.coFinancing'), value: fmt.euro(project.coFinancing) },
          { key: 'rate', label: tp('detail.rate'), value: fmt.euro(period.ratePerHousehold) },
          { key: 'submittedAt', label: tp('detail.submittedAt'), value: project.submittedAt ? fmt.date(project.submittedAt) : tp('detail.notSubmitted') },
          { key: 'partners', label: t('application.partners'), value: partners.length ? partners.join(', ') : t('application.none') },
          { key: 'schools', label: t('application.schools'), value: project.schools.nodes.length ? project.schools.nodes.map((s) => s.name).join(', ') : t('application.none') },
        ]}
      />
    </section>
  );
}

function Events({ projectId }: { projectId: string }) {
  const { t } = useT('dossier');
  const { t: tc } = useT();
  const { data, error, refetch } = useQuery(ProjectEventsQuery, { variables: { id: projectId, first: ROWS } });
  const events = data?.project?.events;
  return (
    <section aria-labelledby="dossier-events" className="dossier-section">
      <h2 id="dossier-events">{t('events.title')}</h2>
      {error && !events ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : !events ? (
        <Skeleton lines={3} />
      ) : events.totalCount === 0 ? (
        <p>{t('events.empty')}</p>
      ) : (
        <DataTable
          caption={t('events.caption')}
          captionHidden
          rows={events.nodes}
          rowKey={(e) => e.id}
          columns={[
            {
              key: 'when',
              header: t('events.when'),
              cell: (e) => (
                <>
                  {fmt.dateTime(e.startsAt)}
                  {e.cancelledAt && <> ({t('events.cancelled')})</>}
                </>
              ),
            },
            { key: 'type', header: t('events.type'), cell: (e) => tc(`eventType.${e.type}`) },
            { key: 'venue', header: t('events.venue'), cell: (e) => e.venue },
            { key: 'organizer', header: t('events.organizer'), cell: (e) => e.organizer.name },
            { key: 'attended', header: t('events.attended'), numeric: true, cell: (e) => <Count value={e.attended} /> },
          ]}
          note={events.totalCount > events.nodes.length && <p className="hint">{t('events.more', { shown: events.nodes.length, total: events.totalCount })}</p>}
        />
      )}
    </section>
  );
}

/** The audit trail of the project, for those who may read it (as HistorySection), all on the page. */
function AuditHistory({ projectId }: { projectId: string }) {
  const allowed = useCan('ADMIN', 'REVIEWER', 'COORDINATOR');
  return allowed ? <AuditRows projectId={projectId} /> : null;
}

function AuditRows({ projectId }: { projectId: string }) {
  const { t } = useT('dossier');
  const { t: ta } = useT('audit');
  const { data, error, refetch } = useQuery(AuditHistoryQuery, { variables: { entityId: projectId, first: ROWS } });
  const trail = data?.auditEvents;
  return (
    <section aria-labelledby="dossier-history" className="dossier-section">
      <h2 id="dossier-history">{t('history.title')}</h2>
      {error && !trail ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : !trail ? (
        <Skeleton lines={3} />
      ) : trail.totalCount === 0 ? (
        <p>{ta('history.empty')}</p>
      ) : (
        <DataTable
          caption={ta('history.caption')}
          captionHidden
          rows={trail.nodes}
          rowKey={(row) => row.id}
          columns={[
            { key: 'when', header: ta('history.when'), cell: (row) => fmt.dateTime(row.occurredAt) },
            { key: 'who', header: ta('history.who'), cell: (row) => (row.actorKind === 'SYSTEM' ? ta('history.system', { label: row.actorLabel }) : row.actorLabel) },
            { key: 'what', header: ta('history.what'), cell: (row) => ta(`action.${row.action}`) },
            { key: 'changes', header: ta('history.changes'), cell: (row) => <ChangeList changes={row.changes} /> },
          ]}
          note={trail.totalCount > trail.nodes.length && <p className="hint">{t('history.more', { shown: trail.nodes.length, total: trail.totalCount })}</p>}
        />
      )}
    </section>
  );
}
