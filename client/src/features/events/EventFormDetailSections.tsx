import { EVENT_TYPES, LIMITS } from '@schoolmix/shared';
import { useT } from '../../i18n';
import { Field, FieldError } from '../../ui/Field';
import type { FormState } from '../../ui/useFormState';
import { invalidProps } from '../../ui/user-errors';
import { twoHoursLater, type Values } from './event-form-values';

/** The kind of activity: one radio a type. */
export function TypeSection({ form }: { form: FormState<Values> }) {
  const { t } = useT('events');
  const { values, errors } = form;
  return (
    <fieldset className="checks" id="event-type" aria-describedby={errors.type ? 'event-type-error' : undefined}>
      <legend>{t('form.labels.type')}</legend>
      {EVENT_TYPES.map((type) => (
        <label key={type} className="check">
          <input type="radio" name="type" value={type} checked={values.type === type} onChange={() => form.set('type', type)} aria-invalid={errors.type ? true : undefined} />
          {t(`eventType.${type}`)}
        </label>
      ))}
      <FieldError id="event-type" error={errors.type} />
    </fieldset>
  );
}

/** When and where: start and end (Brussels time; a new end defaults to two hours after the start) and the venue. */
export function ScheduleSection({ form }: { form: FormState<Values> }) {
  const { t } = useT('events');
  const { values, errors } = form;
  return (
    <>
      <div className="form-row">
        <Field id="event-startsAt" label={t('form.labels.startsAt')} error={errors.startsAt}>
          <input
            type="datetime-local"
            {...invalidProps('event-startsAt', errors.startsAt, 'event-time-hint')}
            value={values.startsAt}
            required
            onChange={(e) => {
              const startsAt = e.target.value;
              form.update((v) => ({ ...v, startsAt, endsAt: v.endsAt || twoHoursLater(startsAt) }));
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
            onChange={(e) => form.set('endsAt', e.target.value)}
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
          onChange={(e) => form.set('venue', e.target.value)}
        />
      </Field>
    </>
  );
}

/** Capacity (optional) and the languages the activity is held in. */
export function CapacitySection({ form }: { form: FormState<Values> }) {
  const { t } = useT('events');
  const { values, errors } = form;
  return (
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
          onChange={(e) => form.set('capacity', e.target.value)}
        />
      </Field>
      <Field id="event-languages" label={t('form.labels.languages')} error={errors.languages} hint={t('form.languagesHint')}>
        <input
          type="text"
          {...invalidProps('event-languages', errors.languages, 'event-languages-hint')}
          value={values.languages}
          onChange={(e) => form.set('languages', e.target.value)}
          autoCapitalize="none"
          spellCheck={false}
        />
      </Field>
    </div>
  );
}
