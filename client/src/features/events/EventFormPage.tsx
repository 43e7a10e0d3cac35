import { useMutation, useQuery } from '@apollo/client/react';
import { LIMITS } from '@schoolmix/shared';
import { type FormEvent, useEffect, useRef } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { paths } from '../../app/paths';
import { useCan, useSession } from '../../app/SessionProvider';
import { useT } from '../../i18n';
import { Breadcrumb } from '../../ui/Breadcrumb';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { fmt } from '../../ui/format';
import { listHref } from '../../ui/list-memory';
import { PageHeader } from '../../ui/PageHeader';
import { Skeleton } from '../../ui/Skeleton';
import { ErrorState, NotFound } from '../../ui/States';
import { useToast } from '../../ui/Toast';
import { useAllPages } from '../../ui/useAllPages';
import { useFormState } from '../../ui/useFormState';
import type { UserErrorLike } from '../../ui/user-errors';
import { EventFormCreateMutation } from './event-create.mutation';
import { EventFormEventQuery } from './event-form-event.query';
import { commonInput, EMPTY, type EditedEvent, FIELDS, localProblems, type Values, valuesOf } from './event-form-values';
import { EventFormProjectQuery } from './event-form-project.query';
import { EventFormProjectsQuery } from './event-form-projects.query';
import { EventFormUpdateMutation } from './event-update.mutation';
import { CapacitySection, ScheduleSection, TypeSection } from './EventFormDetailSections';
import { OrganizerSection, ProjectSection, SchoolsSection } from './EventFormProjectSections';
import './events.i18n';
import './events.css';
import { FormActions } from '../../ui/FormActions';

export default function EventFormPage() {
  const { id } = useParams();
  const { t } = useT('events');
  const { viewer } = useSession();
  const canManage = useCan('ADMIN', 'COORDINATOR');
  const existing = useQuery(EventFormEventQuery, { variables: { id: id ?? '' }, skip: !id || !canManage, fetchPolicy: 'network-only' });

  if (!viewer) return <Skeleton lines={8} label={t('form.loading')} />;
  if (!canManage) {
    return (
      <>
        <PageHeader title={id ? t('form.editTitle') : t('form.newTitle')} />
        <p role="alert">{t('form.notAllowed')}</p>
      </>
    );
  }
  if (!id) return <EventForm event={null} />;
  if (existing.error && !existing.data) return <ErrorState error={existing.error} onRetry={() => void existing.refetch()} />;
  if (!existing.data) return <Skeleton lines={8} label={t('form.loading')} />;
  if (!existing.data.event) return <NotFound />;
  const event = existing.data.event;
  if (event.cancelledAt) {
    return (
      <>
        <Breadcrumb to={paths.event(event.id)}>{t('form.backToEvent')}</Breadcrumb>
        <PageHeader title={t('form.editTitle')} />
        <p className="notice">{t('form.cancelledNoEdit')}</p>
      </>
    );
  }
  return <EventForm key={`${event.id}:${event.version}`} event={event} />;
}

function EventForm({ event }: { event: EditedEvent | null }) {
  const { t } = useT('events');
  const navigate = useNavigate();
  const toast = useToast();
  const [params] = useSearchParams();
  const editing = event !== null;
  const form = useFormState<Values>(() => (event ? valuesOf(event) : { ...EMPTY, projectId: params.get('project') ?? '' }), FIELDS);
  const { values, update } = form;
  const summary = useRef<HTMLDivElement>(null);

  // Projects an activity can be added to (all pages, fresh).
  const projects = useAllPages(EventFormProjectsQuery, (d) => d.projects, { enabled: !editing, fetchPolicy: 'network-only' });
  const project = useQuery(EventFormProjectQuery, { variables: { id: values.projectId }, skip: !values.projectId, fetchPolicy: 'cache-first' });
  const projectData = project.data?.project ?? null;
  const [create, created] = useMutation(EventFormCreateMutation);
  const [updateEvent, updated] = useMutation(EventFormUpdateMutation);
  const saving = created.loading || updated.loading;

  // Only one project to choose from: choose it.
  useEffect(() => {
    if (!editing && projects?.length === 1 && !values.projectId) update((v) => ({ ...v, projectId: projects[0]!.id }));
  }, [editing, projects, values.projectId, update]);

  const period = projectData?.fundingPeriod;

  /** A userError in Dutch (or English) when the screen knows the rule, else the server's text. */
  function translate(field: string, error: UserErrorLike): string {
    const vars = { from: fmt.date(period?.startsOn), to: fmt.date(period?.endsOn), max: fmt.int(LIMITS.eventCapacityMax), venueMax: LIMITS.venueMaxLength };
    return t(`form.errors.${field}.${error.code}`, { ...vars, defaultValue: '' }) || t(`form.errors.${error.code}`, { ...vars, defaultValue: '' }) || error.message;
  }

  /** Shows the errors, then moves focus to their summary. */
  function showProblems(show: () => void) {
    show();
    requestAnimationFrame(() => summary.current?.focus());
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local = localProblems(values, t);
    if (Object.keys(local).length > 0) return showProblems(() => form.showErrors(local));
    const common = commonInput(values);
    let userErrors: readonly UserErrorLike[];
    let savedId: string | null;
    try {
      if (event) {
        const result = await updateEvent({ variables: { input: { id: event.id, version: event.version, ...common } } });
        userErrors = result.data?.updateEvent.userErrors ?? [];
        savedId = result.data?.updateEvent.event?.id ?? null;
      } else {
        const result = await create({ variables: { input: { projectId: values.projectId, ...common } } });
        userErrors = result.data?.createEvent.userErrors ?? [];
        savedId = result.data?.createEvent.event?.id ?? null;
      }
    } catch {
      return showProblems(() => form.showErrors({}, [t('state.offline')]));
    }
    if (userErrors.length > 0 || !savedId) return showProblems(() => form.showUserErrors(userErrors, translate));
    toast(editing ? t('form.saved') : t('form.created'));
    void navigate(paths.event(savedId));
  }

  const title = editing ? t('form.editTitle') : t('form.newTitle');

  return (
    <>
      {event ? (
        <Breadcrumb to={paths.event(event.id)}>{t('form.backToEvent')}</Breadcrumb>
      ) : (
        <Breadcrumb to={listHref(paths.events)}>{t('list.title')}</Breadcrumb>
      )}
      <PageHeader title={title} lead={event ? event.project.title : t('form.lead')} />

      {form.problems.length > 0 && (
        <ErrorSummary
          ref={summary}
          intro={t('form.problems')}
          lines={form.problems.map((p, i) =>
            p.field === null ? { key: `other-${i}`, text: p.text } : { key: p.field, href: `#event-${p.field}`, text: `${t(`form.labels.${p.field}`)}: ${p.text}` },
          )}
        />
      )}

      <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-label={title}>
        <ProjectSection form={form} event={event} projects={projects} project={projectData} />
        <TypeSection form={form} />
        <OrganizerSection form={form} project={projectData} />
        <ScheduleSection form={form} />
        <CapacitySection form={form} />
        <SchoolsSection form={form} project={projectData} />

        <FormActions busy={saving} label={editing ? t('actions.save') : t('form.create')} busyLabel={t('state.saving')} cancel={{ label: t('form.discard'), to: event ? paths.event(event.id) : paths.events }} />
      </form>
    </>
  );
}
