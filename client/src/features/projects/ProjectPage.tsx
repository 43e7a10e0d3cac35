import { useQuery } from '@apollo/client/react';
import { Link, useParams } from 'react-router';
import { useCan, useSession } from '../../app/SessionProvider';
import type { ProjectDetailQuery as ProjectDetailData } from '../../gql/graphql';
import { useT } from '../../i18n';
import { fmt } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { Skeleton } from '../../ui/Skeleton';
import { EmptyState, ErrorState, NotFound } from '../../ui/States';
import { DataTable } from '../../ui/DataTable';
import { StatusBadge } from '../../ui/StatusBadge';
import { listHref } from '../../ui/list-memory';
import { HistorySection } from '../audit/HistorySection';
import { SettlementSection } from '../settlement/SettlementSection';
import { FinalReportSection } from '../final-reports/FinalReportSection';
import { DeadlineSection } from '../deadlines/DeadlineSection';
import { KpiSection } from './KpiSection';
import { ProjectDetailQuery } from './project-detail.query';
import { ProjectEvents } from './ProjectEvents';
import { ProjectHouseholds } from './ProjectHouseholds';
import { ReviewPanel } from './ReviewPanel';
import { History, SubmitPanel } from './ApplicationParts';
import './projects.i18n';
import './projects.css';
import { paths } from '../../app/paths';
import { Breadcrumb } from '../../ui/Breadcrumb';

type Project = NonNullable<ProjectDetailData['project']>;

function BackToList() {
  const { t } = useT('projects');
  return (
    <Breadcrumb to={listHref(paths.projects)} back>
      {t('detail.breadcrumb')}
    </Breadcrumb>
  );
}

export default function ProjectPage() {
  return (
    <div className="projects-screen">
      <ProjectPageContent />
    </div>
  );
}

function ProjectPageContent() {
  const { id = '' } = useParams();
  const { t } = useT('projects');
  const { viewer } = useSession();
  const reviewer = useCan('ADMIN', 'REVIEWER');
  const fieldRole = useCan('COORDINATOR', 'INTEGRATOR');
  const coordinator = useCan('COORDINATOR');
  const admin = useCan('ADMIN');
  // Reviewers see families without their consented characteristics (the API refuses them).
  const reviewerOnly = useCan('REVIEWER');
  const { data, error, refetch } = useQuery(ProjectDetailQuery, { variables: { id } });

  if (error && !data?.project) {
    return (
      <>
        <BackToList />
        <ErrorState error={error} onRetry={() => void refetch()} />
      </>
    );
  }
  if (!data) {
    return (
      <>
        <BackToList />
        <Skeleton lines={10} />
      </>
    );
  }
  const project = data.project;
  if (!project) return <NotFound />;

  // A coordinator works on the projects its municipality (or one merged into it) leads.
  const lead = project.leadMunicipality;
  const own = Boolean(viewer?.municipality && (lead.id === viewer.municipality.id || lead.mergedInto?.id === viewer.municipality.id));
  const worksHere = fieldRole && own;
  const open = project.status !== 'CLOSED' && project.status !== 'REJECTED';
  // Only coordinators (of the project's municipality) get the field-work links.
  const coordinatorHere = coordinator && worksHere;
  // Families: administrators and reviewers, and the project's own municipality; never analysts.
  const seesFamilies = admin || reviewer || worksHere;

  return (
    <>
      <BackToList />
      <PageHeader title={project.title} lead={t('detail.lead', { municipality: lead.name, period: project.fundingPeriod.label })}>
        <Link className="button" to={paths.projectDossier(project.id)}>
          {t('detail.dossier')}
        </Link>
        {coordinatorHere && open && (
          <>
            <Link className="button primary" to={paths.householdNew(project.id)}>
              {t('detail.registerHousehold')}
            </Link>
            <Link className="button" to={paths.eventNew(project.id)}>
              {t('detail.addEvent')}
            </Link>
          </>
        )}
      </PageHeader>

      <Overview project={project} />
      {(coordinatorHere || admin) && <SubmitPanel project={project} onStale={() => void refetch()} />}
      {reviewer && <ReviewPanel project={project} onStale={() => void refetch()} />}
      <DeadlineSection projectId={project.id} />
      <KpiSection project={project} />
      {(project.status === 'APPROVED' || project.status === 'CLOSED') && (admin || reviewer || coordinatorHere) && (
        <FinalReportSection project={project} canWrite={coordinatorHere || admin} canReview={reviewer} />
      )}
      <Budget project={project} />
      <SettlementSection settlement={project.settlement ?? null} />
      <Partners project={project} />
      <Schools project={project} />
      <History project={project} />
      <ProjectEvents projectId={project.id} canAdd={coordinatorHere && open} />
      {seesFamilies && <ProjectHouseholds projectId={project.id} withCharacteristics={!reviewerOnly} canRegister={coordinatorHere && open} canChange={worksHere || admin} />}
      <HistorySection entityId={project.id} />
    </>
  );
}

function Overview({ project }: { project: Project }) {
  const { t } = useT('projects');
  const period = project.fundingPeriod;
  return (
    <section aria-labelledby="overview-title">
      <h2 id="overview-title">{t('detail.overview')}</h2>
      <dl className="facts">
        <dt>{t('detail.statusLabel')}</dt>
        <dd>
          <StatusBadge status={project.status} />
        </dd>
        <dt>{t('detail.period')}</dt>
        <dd>{t('detail.periodDates', { label: period.label, from: fmt.date(period.startsOn), to: fmt.date(period.endsOn) })}</dd>
        <dt>{t('detail.leadMunicipality')}</dt>
        <dd>
          <Link to={paths.municipality(project.leadMunicipality.id)}>{project.leadMunicipality.name}</Link> ({project.leadMunicipality.nisCode})
        </dd>
        <dt>{t('detail.priority')}</dt>
        <dd>{fmt.int(project.priority)}</dd>
        <dt>{t('detail.baseline')}</dt>
        <dd>{fmt.int(project.baselineHouseholds)}</dd>
        <dt>{t('detail.submittedAt')}</dt>
        <dd>{project.submittedAt ? fmt.date(project.submittedAt) : t('detail.notSubmitted')}</dd>
        {project.reviewedAt && (
          <>
            <dt>{t('detail.reviewedAt')}</dt>
            <dd>{fmt.date(project.reviewedAt)}</dd>
          </>
        )}
        {project.reviewNote && (
          <>
            <dt>{t('detail.reviewNote')}</dt>
            <dd>{project.reviewNote}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

function Budget({ project }: { project: Project }) {
  const { t } = useT('projects');
  return (
    <section aria-labelledby="budget-title">
      <h2 id="budget-title">{t('detail.budget')}</h2>
      <dl className="facts">
        <dt>{t('detail.requested')}</dt>
        <dd>{fmt.euro(project.subsidyRequested)}</dd>
        <dt>{t('detail.granted')}</dt>
        <dd>{project.subsidyGranted == null ? t('detail.notGranted') : fmt.euro(project.subsidyGranted)}</dd>
        <dt>{t('detail.coFinancing')}</dt>
        <dd>{fmt.euro(project.coFinancing)}</dd>
        <dt>{t('detail.rate')}</dt>
        <dd>{fmt.euro(project.fundingPeriod.ratePerHousehold)}</dd>
        <dt>{t('detail.maxSubsidy')}</dt>
        <dd>{fmt.euro(project.fundingPeriod.maxSubsidy)}</dd>
      </dl>
    </section>
  );
}

function Partners({ project }: { project: Project }) {
  const { t } = useT('projects');
  return (
    <section aria-labelledby="partners-title">
      <h2 id="partners-title">{t('detail.partners')}</h2>
      <h3>{t('detail.partnerMunicipalities')}</h3>
      {project.partnerMunicipalities.length === 0 ? (
        <p>{t('detail.noPartnerMunicipalities')}</p>
      ) : (
        <ul className="inline-list">
          {project.partnerMunicipalities.map((m) => (
            <li key={m.id}>
              <Link to={paths.municipality(m.id)}>{m.name}</Link> ({m.nisCode})
            </li>
          ))}
        </ul>
      )}
      <h3>{t('detail.partnerOrganizations')}</h3>
      {project.partnerOrganizations.length === 0 ? (
        <p>{t('detail.noPartnerOrganizations')}</p>
      ) : (
        <DataTable
          caption={t('detail.partnerOrganizations')}
          captionHidden
          rows={project.partnerOrganizations}
          rowKey={(o) => o.id}
          columns={[
            { key: 'organization', header: t('detail.organization'), cell: (o) => o.name },
            { key: 'kind', header: t('detail.kind'), cell: (o) => t(`orgKind.${o.kind}`) },
            { key: 'municipality', header: t('detail.municipality'), cell: (o) => o.municipality.name },
            { key: 'promotesSocialMix', header: t('detail.promotesSocialMix'), cell: (o) => (o.promotesSocialMix ? t('common:yes') : t('common:no')) },
          ]}
        />
      )}
    </section>
  );
}

function Schools({ project }: { project: Project }) {
  const { t } = useT('projects');
  const schools = project.schools;
  return (
    <section aria-labelledby="schools-title">
      <h2 id="schools-title">{t('detail.schools')}</h2>
      {schools.totalCount === 0 ? (
        <EmptyState title={t('detail.noSchools')} />
      ) : (
        <>
          <DataTable
            caption={t('detail.schoolsCaption')}
            captionHidden
            rows={schools.nodes}
            rowKey={(s) => s.id}
            columns={[
              { key: 'school', header: t('detail.school'), cell: (s) => <Link to={paths.school(s.id)}>{s.name}</Link> },
              { key: 'institutionNumber', header: t('detail.institutionNumber'), cell: (s) => s.institutionNumber },
              { key: 'level', header: t('detail.level'), cell: (s) => t(`level.${s.level}`) },
              { key: 'network', header: t('detail.network'), cell: (s) => t(`network.${s.network}`) },
              { key: 'postcode', header: t('detail.postcode'), cell: (s) => s.postcode },
            ]}
          />
          {schools.totalCount > schools.nodes.length && <p className="hint">{t('detail.moreSchools', { shown: schools.nodes.length, total: schools.totalCount })}</p>}
        </>
      )}
    </section>
  );
}
