import { useMutation, useQuery } from '@apollo/client/react';
import { EVENT_TYPES, LIMITS } from '@schoolmix/shared';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useCan, useSession } from '../../app/SessionProvider';
import type { EventFormEventQuery as EventFormEventData, EventType } from '../../gql/graphql';
import { useT } from '../../i18n';
import { Field, FieldError } from '../../ui/Field';
import { fmt } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { Skeleton } from '../../ui/Skeleton';
import { ErrorState, NotFound } from '../../ui/States';
import { useToast } from '../../ui/Toast';
import { useAllPages } from '../../ui/useAllPages';
import { fieldOf, invalidProps, type UserErrorLike } from '../../ui/user-errors';
import { listHref } from '../../ui/list-memory';
import { fromBrusselsInput, toBrusselsInput } from './brussels-time';
import { EventFormCreateMutation } from './event-create.mutation';
import { EventFormEventQuery } from './event-form-event.query';
import { EventFormProjectQuery } from './event-form-project.query';
import { EventFormProjectsQuery } from './event-form-projects.query';
import { EventFormUpdateMutation } from './event-update.mutation';
import './events.i18n';
import './events.css';
import { paths } from '../../app/paths';
import { Breadcrumb } from '../../ui/Breadcrumb';

interface Values {
  projectId: string;
  type: EventType | '';
  organizerId: string;
  schoolIds: string[];
  startsAt: string;
  endsAt: string;
  venue: string;
  capacity: string;
  languages: string;
}

const EMPTY: Values = { projectId: '', type: '', organizerId: '', schoolIds: [], startsAt: '', endsAt: '', venue: '', capacity: '', languages: 'nl' };

/** The form's fields in screen order: the summary lists errors in this order. */
const FIELDS = ['projectId', 'type', 'organizerId', 'startsAt', 'endsAt', 'venue', 'capacity', 'languages', 'schoolIds'] as const;
type FieldName = (typeof FIELDS)[number];

function valuesOf(event: NonNullable<EventFormEventData['event']>): Values {
  return {
    projectId: event.project.id,
    type: event.type,
    organizerId: event.organizer.id,
    schoolIds: event.schools.map((s) => s.id),
    startsAt: toBrusselsInput(event.startsAt),
    endsAt: toBrusselsInput(event.endsAt),
    venue: event.venue,
    capacity: event.capacity == null ? '' : String(event.capacity),
    languages: event.languages.join(', '),
  };
}

function parseLanguages(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((l) => l.trim().toLowerCase())
    .filter(Boolean);
}

/** Two hours after a Brussels datetime-local value (a sensible end for a new activity). */
function twoHoursLater(local: string): string {
  const iso = fromBrusselsInput(local);
  return iso ? toBrusselsInput(new Date(Date.parse(iso) + 2 * 3600 * 1000).toISOString()) : '';
}

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

function EventForm({ event }: { event: NonNullable<EventFormEventData['event']> | null }) {
  const { t } = useT('events');
  const navigate = useNavigate();
  const toast = useToast();
  const [params] = useSearchParams();
  const editing = event !== null;
  const [values, setValues] = useState<Values>(() => (event ? valuesOf(event) : { ...EMPTY, projectId: params.get('project') ?? '' }));
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  const summary = useRef<HTMLDivElement>(null);

  // Projects an activity can be added to (all pages, fresh).
  const projects = useAllPages(EventFormProjectsQuery, (d) => d.projects, { enabled: !editing, fetchPolicy: 'network-only' });
  const project = useQuery(EventFormProjectQuery, { variables: { id: values.projectId }, skip: !values.projectId, fetchPolicy: 'cache-first' });
  const projectData = project.data?.project ?? null;
  const [create, created] = useMutation(EventFormCreateMutation);
  const [update, updated] = useMutation(EventFormUpdateMutation);
  const saving = created.loading || updated.loading;

  // Only one project to choose from: choose it.
  useEffect(() => {
    if (!editing && projects?.length === 1 && !values.projectId) setValues((v) => ({ ...v, projectId: projects[0]!.id }));
  }, [editing, projects, values.projectId]);

  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));
  const period = projectData?.fundingPeriod;

  /** A userError in Dutch (or English) when the screen knows the rule, else the server's text. */
  function translate(field: string, error: UserErrorLike): string {
    const key = `form.errors.${field}.${error.code}`;
    const generic = `form.errors.${error.code}`;
    const vars = { from: fmt.date(period?.startsOn), to: fmt.date(period?.endsOn), max: fmt.int(LIMITS.eventCapacityMax), venueMax: LIMITS.venueMaxLength };
    const specific = t(key, { ...vars, defaultValue: '' });
    if (specific) return specific;
    const common = t(generic, { ...vars, defaultValue: '' });
    return common || error.message;
  }

  function localProblems(): Partial<Record<FieldName, string>> {
    const found: Partial<Record<FieldName, string>> = {};
    const required = t('form.errors.REQUIRED');
    if (!values.projectId) found.projectId = required;
    if (!values.type) found.type = required;
    if (!values.organizerId) found.organizerId = required;
    if (!values.startsAt) found.startsAt = required;
    else if (!fromBrusselsInput(values.startsAt)) found.startsAt = t('form.invalidMoment');
    if (!values.endsAt) found.endsAt = required;
    else if (!fromBrusselsInput(values.endsAt)) found.endsAt = t('form.invalidMoment');
    if (!values.venue.trim()) found.venue = required;
    if (values.capacity && !/^\d+$/.test(values.capacity.trim())) found.capacity = t('form.errors.capacity.OUT_OF_RANGE', { max: fmt.int(LIMITS.eventCapacityMax) });
    if (parseLanguages(values.languages).length === 0) found.languages = t('form.errors.languages.INVALID');
    return found;
  }

  function showProblems(fieldErrors: Partial<Record<FieldName, string>>, others: string[]) {
    setErrors(fieldErrors);
    setOtherErrors(others);
    requestAnimationFrame(() => summary.current?.focus());
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local = localProblems();
    if (Object.keys(local).length > 0) return showProblems(local, []);
    const common = {
      type: values.type as EventType,
      organizerId: values.organizerId,
      schoolIds: values.schoolIds,
      startsAt: fromBrusselsInput(values.startsAt)!,
      endsAt: fromBrusselsInput(values.endsAt)!,
      venue: values.venue.trim(),
      capacity: values.capacity.trim() ? Number(values.capacity.trim()) : null,
      languages: parseLanguages(values.languages),
    };
    let userErrors: readonly UserErrorLike[];
    let savedId: string | null;
    try {
      if (event) {
        const result = await update({ variables: { input: { id: event.id, version: event.version, ...common } } });
        userErrors = result.data?.updateEvent.userErrors ?? [];
        savedId = result.data?.updateEvent.event?.id ?? null;
      } else {
        const result = await create({ variables: { input: { projectId: values.projectId, ...common } } });
        userErrors = result.data?.createEvent.userErrors ?? [];
        savedId = result.data?.createEvent.event?.id ?? null;
      }
    } catch {
      return showProblems({}, [t('state.offline')]);
    }
    if (userErrors.length > 0 || !savedId) {
      const byField: Partial<Record<FieldName, string>> = {};
      const others: string[] = [];
      for (const error of userErrors) {
        const field = fieldOf(error);
        if ((FIELDS as readonly string[]).includes(field)) byField[field as FieldName] ??= translate(field, error);
        else others.push(translate(field, error));
      }
      return showProblems(byField, others);
    }
    toast(editing ? t('form.saved') : t('form.created'));
    void navigate(paths.event(savedId));
  }

  const problemList = [...FIELDS.filter((f) => errors[f]).map((f) => ({ field: f, text: `${t(`form.labels.${f}`)}: ${errors[f]}` })), ...otherErrors.map((text, i) => ({ field: `other-${i}`, text }))];
  const title = editing ? t('form.editTitle') : t('form.newTitle');
  const organizer = projectData?.partnerOrganizations.find((o) => o.id === values.organizerId);

  return (
    <>
      {event ? (
        <Breadcrumb to={paths.event(event.id)}>{t('form.backToEvent')}</Breadcrumb>
      ) : (
        <Breadcrumb to={listHref(paths.events)}>{t('list.title')}</Breadcrumb>
      )}
      <PageHeader title={title} lead={event ? event.project.title : t('form.lead')} />

      {problemList.length > 0 && (
        <div className="form-summary" role="alert" tabIndex={-1} ref={summary}>
          <p>{t('form.problems')}</p>
          <ul>
            {problemList.map((p) =>
              p.field.startsWith('other-') ? (
                <li key={p.field}>{p.text}</li>
              ) : (
                <li key={p.field}>
                  <a href={`#event-${p.field}`}>{p.text}</a>
                </li>
              ),
            )}
          </ul>
        </div>
      )}

      <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-label={title}>
        {editing ? (
          <p>
            <strong>{t('form.labels.projectId')}:</strong> <Link to={paths.project(event.project.id)}>{event.project.title}</Link>
          </p>
        ) : (
          <Field id="event-projectId" label={t('form.labels.projectId')} error={errors.projectId} hint={t('form.projectHint')}>
            <select
              {...invalidProps('event-projectId', errors.projectId, 'event-projectId-hint')}
              value={values.projectId}
              required
              onChange={(e) => setValues((v) => ({ ...v, projectId: e.target.value, organizerId: '', schoolIds: [] }))}
            >
              <option value="">{projects ? t('form.chooseProject') : t('state.loading')}</option>
              {projects?.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title}
                </option>
              ))}
              {values.projectId && projects && !projects.some((p) => p.id === values.projectId) && (
                <option value={values.projectId}>{projectData?.title ?? t('form.unknownProject')}</option>
              )}
            </select>
          </Field>
        )}
        {period && <p className="hint">{t('form.periodHint', { label: period.label, from: fmt.date(period.startsOn), to: fmt.date(period.endsOn) })}</p>}

        <fieldset className="checks" id="event-type" aria-describedby={errors.type ? 'event-type-error' : undefined}>
          <legend>{t('form.labels.type')}</legend>
          {EVENT_TYPES.map((type) => (
            <label key={type} className="check">
              <input type="radio" name="type" value={type} checked={values.type === type} onChange={() => set('type', type)} aria-invalid={errors.type ? true : undefined} />
              {t(`eventType.${type}`)}
            </label>
          ))}
          <FieldError id="event-type" error={errors.type} />
        </fieldset>

        <Field
          id="event-organizerId"
          label={t('form.labels.organizerId')}
          error={errors.organizerId}
          hint={!values.projectId ? t('form.organizerFirstProject') : organizer && !organizer.promotesSocialMix ? t('form.organizerWarning') : t('form.organizerHint')}
        >
          <select
            {...invalidProps('event-organizerId', errors.organizerId, 'event-organizerId-hint')}
            value={values.organizerId}
            required
            disabled={!projectData}
            onChange={(e) => set('organizerId', e.target.value)}
          >
            <option value="">{values.projectId && !projectData ? t('state.loading') : t('form.chooseOrganizer')}</option>
            {projectData?.partnerOrganizations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.promotesSocialMix ? o.name : t('form.organizerNotPromoting', { name: o.name })}
              </option>
            ))}
          </select>
        </Field>

        <div className="form-row">
          <Field id="event-startsAt" label={t('form.labels.startsAt')} error={errors.startsAt}>
            <input
              type="datetime-local"
              {...invalidProps('event-startsAt', errors.startsAt, 'event-time-hint')}
              value={values.startsAt}
              required
              onChange={(e) => {
                const startsAt = e.target.value;
                setValues((v) => ({ ...v, startsAt, endsAt: v.endsAt || twoHoursLater(startsAt) }));
              }}
            />
          </Field>
          <Field id="event-endsAt" label={t('form.labels.endsAt')} error={errors.endsAt}>
            <input
              type="datetime-local"
              {...invalidProps('event-endsAt', errors.endsAt, 'event-time-hint')}
              value={values.endsAt}
              min={values.startsAt || undefined}
              required
              onChange={(e) => set('endsAt', e.target.value)}
            />
          </Field>
        </div>
        <p id="event-time-hint" className="hint">
          {t('form.timeHint')}
        </p>

        <Field id="event-venue" label={t('form.labels.venue')} error={errors.venue}>
          <input
            type="text"
            {...invalidProps('event-venue', errors.venue)}
            value={values.venue}
            maxLength={LIMITS.venueMaxLength}
            required
            onChange={(e) => set('venue', e.target.value)}
          />
        </Field>

        <div className="form-row">
          <Field id="event-capacity" label={t('form.labels.capacity')} error={errors.capacity} hint={t('form.capacityHint')}>
            <input
              type="number"
              inputMode="numeric"
              min={1}
              max={LIMITS.eventCapacityMax}
              step={1}
              {...invalidProps('event-capacity', errors.capacity, 'event-capacity-hint')}
              value={values.capacity}
              onChange={(e) => set('capacity', e.target.value)}
            />
          </Field>
          <Field id="event-languages" label={t('form.labels.languages')} error={errors.languages} hint={t('form.languagesHint')}>
            <input
              type="text"
              {...invalidProps('event-languages', errors.languages, 'event-languages-hint')}
              value={values.languages}
              onChange={(e) => set('languages', e.target.value)}
              autoCapitalize="none"
              spellCheck={false}
            />
          </Field>
        </div>

        <fieldset className="checks" id="event-schoolIds" aria-describedby={errors.schoolIds ? 'event-schoolIds-error' : undefined}>
          <legend>{t('form.labels.schoolIds')}</legend>
          {!values.projectId ? (
            <span className="hint">{t('form.schoolsFirstProject')}</span>
          ) : !projectData ? (
            <span className="hint">{t('state.loading')}</span>
          ) : projectData.schools.nodes.length === 0 ? (
            <span className="hint">{t('form.noSchools')}</span>
          ) : (
            projectData.schools.nodes.map((s) => (
              <label key={s.id} className="check">
                <input
                  type="checkbox"
                  checked={values.schoolIds.includes(s.id)}
                  onChange={(e) => set('schoolIds', e.target.checked ? [...values.schoolIds, s.id] : values.schoolIds.filter((x) => x !== s.id))}
                />
                {s.name}
              </label>
            ))
          )}
          <FieldError id="event-schoolIds" error={errors.schoolIds} />
        </fieldset>

        <div className="form-actions">
          <button type="submit" className="primary" disabled={saving} aria-busy={saving}>
            {saving ? t('state.saving') : editing ? t('actions.save') : t('form.create')}
          </button>
          <Link className="button" to={event ? paths.event(event.id) : paths.events}>
            {t('form.discard')}
          </Link>
        </div>
      </form>
    </>
  );
}
