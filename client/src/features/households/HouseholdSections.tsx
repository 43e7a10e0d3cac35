import { LIMITS } from '@schoolmix/shared';
import { useT } from '../../i18n';
import { Field, FieldError } from '../../ui/Field';
import { languageName } from '../../ui/language-name';
import type { FormState } from '../../ui/useFormState';
import { invalidProps } from '../../ui/user-errors';
import { type Answer, CHARACTERISTICS, type HouseholdValues, LANGUAGES, OTHER } from './household-form';
import { Options } from '../../ui/SelectField';

type Form = FormState<HouseholdValues>;

/** The pseudonymous family reference. */
export function ReferenceSection({ form }: { form: Form }) {
  const { t } = useT('households');
  const { values, errors } = form;
  return (
    <Field id="hh-reference" label={t('reference')} hint={t('referenceHint')} error={errors.reference}>
      <input
        {...invalidProps('hh-reference', errors.reference, 'hh-reference-hint')}
        autoComplete="off"
        spellCheck={false}
        required
        maxLength={LIMITS.referenceMaxLength}
        value={values.reference}
        onChange={(e) => form.set('reference', e.target.value)}
      />
    </Field>
  );
}

/** A short numeric code (NIS code, postcode): the digit keyboard on a phone, no autofill, its hint read with it. */
function CodeField({ id, label, hint, error, maxLength, value, onChange }: { id: string; label: string; hint: string; error: string | undefined; maxLength: number; value: string; onChange: (value: string) => void }) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <input {...invalidProps(id, error, `${id}-hint`)} inputMode="numeric" autoComplete="off" required maxLength={maxLength} value={value} onChange={(e) => onChange(e.target.value)} />
    </Field>
  );
}

/** Where the family lives (a project municipality, or another by NIS code), its postcode and its number of children. */
export function ResidenceSection({ form, municipalities }: { form: Form; municipalities: readonly { nisCode: string; name: string }[] }) {
  const { t } = useT('households');
  const { values, errors } = form;
  const residenceError = values.residence === OTHER ? undefined : errors.residenceNisCode;
  return (
    <>
      <div className="form-row">
        <Field id="hh-residence" label={t('residence')} error={residenceError}>
          <select {...invalidProps('hh-residence', residenceError)} value={values.residence} onChange={(e) => form.set('residence', e.target.value)}>
            {municipalities.map((m) => (
              <option key={m.nisCode} value={m.nisCode}>
                {m.name} ({m.nisCode})
              </option>
            ))}
            <option value={OTHER}>{t('residenceOther')}</option>
          </select>
        </Field>
        {values.residence === OTHER && (
          <CodeField id="hh-nis" label={t('residenceNisCode')} hint={t('residenceNisCodeHint')} error={errors.residenceNisCode} maxLength={5} value={values.otherNis} onChange={(v) => form.set('otherNis', v)} />
        )}
      </div>
      <div className="form-row">
        <CodeField id="hh-postcode" label={t('postcode')} hint={t('postcodeHint')} error={errors.postcode} maxLength={4} value={values.postcode} onChange={(v) => form.set('postcode', v)} />
        <Field id="hh-children" label={t('children')} error={errors.children}>
          <input
            {...invalidProps('hh-children', errors.children)}
            type="number"
            min={0}
            max={LIMITS.childrenMax}
            step={1}
            required
            value={values.children}
            onChange={(e) => form.set('children', e.target.value)}
          />
        </Field>
      </div>
    </>
  );
}

/** The family's consent, and with it the characteristics and the preferred language (each may stay unknown). */
export function ConsentSection({ form }: { form: Form }) {
  const { t, i18n } = useT('households');
  const { values, errors } = form;
  const nameOf = (code: string) => languageName(code, i18n.language);
  const languages = [...LANGUAGES].sort((a, b) => nameOf(a).localeCompare(nameOf(b), i18n.language));
  return (
    <>
      <div className="field">
        <label htmlFor="hh-consent" className="check">
          <input {...invalidProps('hh-consent', errors.consent, 'hh-consent-hint')} type="checkbox" checked={values.consent} onChange={(e) => form.set('consent', e.target.checked)} />
          {t('consent')}
        </label>
        <span id="hh-consent-hint" className="hint">
          {t('consentHint')}
        </span>
        <FieldError id="hh-consent" error={errors.consent} />
      </div>
      {values.consent && (
        <fieldset>
          <legend>{t('characteristics')}</legend>
          <div className="form-row">
            {CHARACTERISTICS.map((key) => (
              <Field key={key} id={`hh-${key}`} label={t(key)} error={errors[key]}>
                <select
                  {...invalidProps(`hh-${key}`, errors[key])}
                  value={values.answers[key]}
                  onChange={(e) => form.update((f) => ({ ...f, answers: { ...f.answers, [key]: e.target.value as Answer } }))}
                >
                  <option value="">{t('unknown')}</option>
                  <option value="yes">{t('yes')}</option>
                  <option value="no">{t('no')}</option>
                </select>
              </Field>
            ))}
            <Field id="hh-preferredLanguage" label={t('preferredLanguage')} error={errors.preferredLanguage}>
              <select {...invalidProps('hh-preferredLanguage', errors.preferredLanguage)} value={values.preferredLanguage} onChange={(e) => form.set('preferredLanguage', e.target.value)}>
                <option value="">{t('unknown')}</option>
                <Options options={languages.map((code) => ({ value: code, label: nameOf(code) }))} />
              </select>
            </Field>
          </div>
        </fieldset>
      )}
    </>
  );
}
