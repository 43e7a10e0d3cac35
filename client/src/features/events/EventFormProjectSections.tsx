import { Link } from 'react-router';
import { paths } from '../../app/paths';
import { useT } from '../../i18n';
import { Field, FieldError } from '../../ui/Field';
import { fmt } from '../../ui/format';
import type { FormState } from '../../ui/useFormState';
import { invalidProps } from '../../ui/user-errors';
import type { EditedEvent, FormProject, Values } from './event-form-values';
import { Options } from '../../ui/SelectField';

/** The project: a link while editing (an activity stays in its project), else a select, and the period's dates. */
export function ProjectSection({
  form,
  event,
  projects,
  project,
}: {
  form: FormState<Values>;
  event: EditedEvent | null;
  projects: readonly { id: string; title: string }[] | null;
  project: FormProject | null;
}) {
  const { t } = useT('events');
  const { values, errors } = form;
  const period = project?.fundingPeriod;
  return (
    <>
      {event ? (
        <p>
          <strong>{t('form.labels.projectId')}:</strong> <Link to={paths.project(event.project.id)}>{event.project.title}</Link>
        </p>
      ) : (
        <Field id="event-projectId" label={t('form.labels.projectId')} error={errors.projectId} hint={t('form.projectHint')}>
          <select
            {...invalidProps('event-projectId', errors.projectId, 'event-projectId-hint')}
            value={values.projectId}
            required
            onChange={(e) => form.update((v) => ({ ...v, projectId: e.target.value, organizerId: '', schoolIds: [] }))}
          >
            <option value="">{projects ? t('form.chooseProject') : t('state.loading')}</option>
            <Options options={projects?.map((p) => ({ value: p.id, label: p.title }))} />
            {values.projectId && projects && !projects.some((p) => p.id === values.projectId) && (
              <option value={values.projectId}>{project?.title ?? t('form.unknownProject')}</option>
            )}
          </select>
        </Field>
      )}
      {period && <p className="hint">{t('form.periodHint', { label: period.label, from: fmt.date(period.startsOn), to: fmt.date(period.endsOn) })}</p>}
    </>
  );
}

/** The organiser: one of the project's partner organisations (a warning for one that does not promote social mix). */
export function OrganizerSection({ form, project }: { form: FormState<Values>; project: FormProject | null }) {
  const { t } = useT('events');
  const { values, errors } = form;
  const organizer = project?.partnerOrganizations.find((o) => o.id === values.organizerId);
  return (
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
        disabled={!project}
        onChange={(e) => form.set('organizerId', e.target.value)}
      >
        <option value="">{values.projectId && !project ? t('state.loading') : t('form.chooseOrganizer')}</option>
        <Options options={project?.partnerOrganizations.map((o) => ({ value: o.id, label: o.promotesSocialMix ? o.name : t('form.organizerNotPromoting', { name: o.name }) }))} />
      </select>
    </Field>
  );
}

/** The schools taking part: checkboxes of the project's schools. */
export function SchoolsSection({ form, project }: { form: FormState<Values>; project: FormProject | null }) {
  const { t } = useT('events');
  const { values, errors } = form;
  return (
    <fieldset className="checks" id="event-schoolIds" aria-describedby={errors.schoolIds ? 'event-schoolIds-error' : undefined}>
      <legend>{t('form.labels.schoolIds')}</legend>
      {!values.projectId ? (
        <span className="hint">{t('form.schoolsFirstProject')}</span>
      ) : !project ? (
        <span className="hint">{t('state.loading')}</span>
      ) : project.schools.nodes.length === 0 ? (
        <span className="hint">{t('form.noSchools')}</span>
      ) : (
        project.schools.nodes.map((s) => (
          <label key={s.id} className="check">
            <input
              type="checkbox"
              checked={values.schoolIds.includes(s.id)}
              onChange={(e) => form.set('schoolIds', e.target.checked ? [...values.schoolIds, s.id] : values.schoolIds.filter((x) => x !== s.id))}
            />
            {s.name}
          </label>
        ))
      )}
      <FieldError id="event-schoolIds" error={errors.schoolIds} />
    </fieldset>
  );
}
