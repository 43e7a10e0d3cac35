import { useMutation, useQuery } from '@apollo/client/react';
import { LIMITS, NIS_CODE_PATTERN, POSTCODE_PATTERN } from '@schoolmix/shared';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useCan, useSession } from '../../app/SessionProvider';
import type { RegisterHouseholdInput } from '../../gql/graphql';
import { useT } from '../../i18n';
import { Field, FieldError } from '../../ui/Field';
import { languageName } from '../../ui/language-name';
import { PageHeader } from '../../ui/PageHeader';
import { Skeleton } from '../../ui/Skeleton';
import { ErrorState, NotFound, useErrorMessage } from '../../ui/States';
import { useToast } from '../../ui/Toast';
import { errorsByField, invalidProps } from '../../ui/user-errors';
import { RegisterHouseholdProjectQuery } from './register-household-project.query';
import { RegisterHouseholdMutation } from './register-household.mutation';
import './households.i18n';
import '../projects/projects.css';
import { paths } from '../../app/paths';
import { Breadcrumb } from '../../ui/Breadcrumb';

type Answer = '' | 'yes' | 'no';
const CHARACTERISTICS = ['lowEducatedMother', 'schoolAllowance', 'homeLanguageNotDutch', 'childWithSpecialNeeds'] as const;
type Characteristic = (typeof CHARACTERISTICS)[number];

/** Languages families in Flanders often prefer for contact (ISO 639-1, or 639-3 where none). */
const LANGUAGES = ['nl', 'fr', 'en', 'de', 'ar', 'tr', 'pl', 'ro', 'bg', 'es', 'it', 'pt', 'ru', 'uk', 'so', 'ti', 'am', 'fa', 'ps', 'sq', 'ber'];
const OTHER = 'other';

interface Form {
  reference: string;
  residence: string;
  otherNis: string;
  postcode: string;
  children: string;
  consent: boolean;
  answers: Record<Characteristic, Answer>;
  preferredLanguage: string;
}

/** The id of the control that shows a field's error (and takes focus when it is the first). */
function controlOf(field: string, form: Form): string {
  if (field === 'residenceNisCode') return form.residence === OTHER ? 'hh-nis' : 'hh-residence';
  return `hh-${field}`;
}

const FIELD_ORDER = ['reference', 'residenceNisCode', 'postcode', 'children', 'consent', ...CHARACTERISTICS, 'preferredLanguage'];

export default function RegisterHouseholdPage() {
  return (
    <div className="projects-screen">
      <RegisterHouseholdPageContent />
    </div>
  );
}

function RegisterHouseholdPageContent() {
  const { id = '' } = useParams();
  const { t, i18n } = useT('households');
  const navigate = useNavigate();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const { viewer } = useSession();
  const mayRegister = useCan('COORDINATOR', 'INTEGRATOR', 'ADMIN');
  const { data, error, refetch } = useQuery(RegisterHouseholdProjectQuery, { variables: { id } });
  const project = data?.project;

  const [form, setForm] = useState<Form>({
    reference: '',
    residence: '',
    otherNis: '',
    postcode: '',
    children: '1',
    consent: false,
    answers: { lowEducatedMother: '', schoolAllowance: '', homeLanguageNotDutch: '', childWithSpecialNeeds: '' },
    preferredLanguage: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  // The error summary: one line per broken field (a link to it), then errors of no field.
  const [summary, setSummary] = useState<{ intro: string; fields: { field: string; text: string }[]; other: string[] } | null>(null);
  const [focusField, setFocusField] = useState<{ field: string } | null>(null);
  const [register, { loading }] = useMutation(RegisterHouseholdMutation);
  const summaryRef = useRef<HTMLDivElement>(null);

  // The lead municipality is where most families live: preselect it once the project is there.
  useEffect(() => {
    if (project && !form.residence) setForm((f) => ({ ...f, residence: project.leadMunicipality.nisCode }));
  }, [project, form.residence]);

  useEffect(() => {
    if (!focusField) return;
    const target = document.getElementById(controlOf(focusField.field, form));
    (target ?? summaryRef.current)?.focus();
    // Only when a new failure asks for it (the form itself is read as it is then).
  }, [focusField]);

  const back = (
    <Breadcrumb to={paths.project(id)} back>
      {t('breadcrumb')}
    </Breadcrumb>
  );

  if (error && !project) {
    return (
      <>
        {back}
        <ErrorState error={error} onRetry={() => void refetch()} />
      </>
    );
  }
  // Until the session says who is asking, the form cannot tell whether it may be used.
  if (!data || !viewer) {
    return (
      <>
        {back}
        <Skeleton lines={8} />
      </>
    );
  }
  if (!project) return <NotFound />;

  const lead = project.leadMunicipality;
  const own = Boolean(viewer?.municipality && (lead.id === viewer.municipality.id || lead.mergedInto?.id === viewer.municipality.id));
  const allowed = mayRegister && (viewer?.role === 'ADMIN' || own);
  const closed = project.status === 'CLOSED' || project.status === 'REJECTED';
  const residenceOptions = [lead, ...project.partnerMunicipalities.filter((m) => m.nisCode !== lead.nisCode)];
  const nameOf = (code: string) => languageName(code, i18n.language);
  const languages = [...LANGUAGES].sort((a, b) => nameOf(a).localeCompare(nameOf(b), i18n.language));

  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));
  const residenceNisCode = form.residence === OTHER ? form.otherNis.trim() : form.residence;

  /** The checks the API makes too, so most mistakes show without a round trip. */
  function check(): Record<string, string> {
    const found: Record<string, string> = {};
    const reference = form.reference.trim();
    if (!reference) found.reference = t('errors.required');
    else if (reference.length > LIMITS.referenceMaxLength) found.reference = t('errors.referenceLength', { max: LIMITS.referenceMaxLength });
    else if (!/^[A-Za-z0-9._-]+$/.test(reference)) found.reference = t('errors.referenceFormat');
    else if (/\d{9,}/.test(reference)) found.reference = t('errors.referenceDigits');
    if (!NIS_CODE_PATTERN.test(residenceNisCode)) found.residenceNisCode = t('errors.nisCode');
    if (!POSTCODE_PATTERN.test(form.postcode.trim())) found.postcode = form.postcode.trim() ? t('errors.postcode') : t('errors.required');
    const children = Number(form.children);
    if (form.children.trim() === '' || !Number.isInteger(children) || children < 0 || children > LIMITS.childrenMax) found.children = t('errors.children', { max: LIMITS.childrenMax });
    return found;
  }

  function fail(found: Record<string, string>) {
    setErrors(found);
    const shown = new Set([...FIELD_ORDER]);
    const other = Object.entries(found)
      .filter(([field]) => !shown.has(field))
      .map(([, message]) => message);
    setSummary({ intro: t('problems'), fields: FIELD_ORDER.filter((f) => f in found).map((field) => ({ field, text: found[field]! })), other });
    const first = FIELD_ORDER.find((f) => f in found);
    setFocusField({ field: first ?? '' });
  }

  const translate = (field: string, code: string): string | null => {
    if ((CHARACTERISTICS as readonly string[]).includes(field) || field === 'preferredLanguage') {
      if (code === 'REQUIRED') return t('errors.consented.REQUIRED');
    }
    for (const key of [`errors.${field}.${code}`, `errors.byCode.${code}`]) {
      if (i18n.exists(key, { ns: 'households' })) return t(key);
    }
    return null;
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = check();
    if (Object.keys(found).length > 0) {
      fail(found);
      return;
    }
    setErrors({});
    setSummary(null);
    const input: RegisterHouseholdInput = {
      projectId: project!.id,
      reference: form.reference.trim(),
      residenceNisCode,
      postcode: form.postcode.trim(),
      children: Number(form.children),
      consent: form.consent,
    };
    if (form.consent) {
      for (const key of CHARACTERISTICS) if (form.answers[key]) input[key] = form.answers[key] === 'yes';
      if (form.preferredLanguage) input.preferredLanguage = form.preferredLanguage;
    }
    try {
      const result = await register({
        variables: { input },
        // The project's family list is out of date now: drop it, so the project page loads it anew.
        update(cache, { data: answer }) {
          if (!answer?.registerHousehold.household) return;
          cache.evict({ id: cache.identify({ __typename: 'Project', id: project!.id }), fieldName: 'households' });
          cache.gc();
        },
      });
      const payload = result.data?.registerHousehold;
      if (!payload) return;
      if (payload.userErrors.length > 0 || !payload.household) {
        fail(errorsByField(payload.userErrors, translate));
        return;
      }
      toast(t('saved', { reference: payload.household.reference }));
      void navigate(paths.project(project!.id));
    } catch (failure) {
      setSummary({ intro: t('failed', { message: errorMessage(failure as Error) }), fields: [], other: [] });
      setFocusField({ field: '' });
    }
  }

  return (
    <>
      {back}
      <PageHeader title={t('title')} lead={t('lead', { project: project.title })} />
      {!allowed ? (
        <p className="notice">{t('notAllowed')}</p>
      ) : closed ? (
        <p className="notice">{t('closed', { status: t(`common:status.${project.status}`).toLowerCase() })}</p>
      ) : (
        <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-label={t('title')}>
          <p className="notice">{t('privacy')}</p>
          {summary && (
            <div className="form-summary" role="alert" ref={summaryRef} tabIndex={-1}>
              <p>{summary.intro}</p>
              {summary.fields.length + summary.other.length > 0 && (
                <ul>
                  {summary.fields.map(({ field, text }) => (
                    <li key={field}>
                      <a href={`#${controlOf(field, form)}`}>
                        {t(field)}: {text}
                      </a>
                    </li>
                  ))}
                  {summary.other.map((text) => (
                    <li key={text}>{text}</li>
                  ))}
                </ul>
              )}
            </div>
          )}
          <Field id="hh-reference" label={t('reference')} hint={t('referenceHint')} error={errors.reference}>
            <input
              {...invalidProps('hh-reference', errors.reference, 'hh-reference-hint')}
              autoComplete="off"
              spellCheck={false}
              required
              maxLength={LIMITS.referenceMaxLength}
              value={form.reference}
              onChange={(e) => set('reference', e.target.value)}
            />
          </Field>
          <div className="form-row">
            <Field id="hh-residence" label={t('residence')} error={form.residence === OTHER ? undefined : errors.residenceNisCode}>
              <select
                {...invalidProps('hh-residence', form.residence === OTHER ? undefined : errors.residenceNisCode)}
                value={form.residence}
                onChange={(e) => set('residence', e.target.value)}
              >
                {residenceOptions.map((m) => (
                  <option key={m.nisCode} value={m.nisCode}>
                    {m.name} ({m.nisCode})
                  </option>
                ))}
                <option value={OTHER}>{t('residenceOther')}</option>
              </select>
            </Field>
            {form.residence === OTHER && (
              <Field id="hh-nis" label={t('residenceNisCode')} hint={t('residenceNisCodeHint')} error={errors.residenceNisCode}>
                <input
                  {...invalidProps('hh-nis', errors.residenceNisCode, 'hh-nis-hint')}
                  inputMode="numeric"
                  autoComplete="off"
                  required
                  maxLength={5}
                  value={form.otherNis}
                  onChange={(e) => set('otherNis', e.target.value)}
                />
              </Field>
            )}
          </div>
          <div className="form-row">
            <Field id="hh-postcode" label={t('postcode')} hint={t('postcodeHint')} error={errors.postcode}>
              <input
                {...invalidProps('hh-postcode', errors.postcode, 'hh-postcode-hint')}
                inputMode="numeric"
                autoComplete="off"
                required
                maxLength={4}
                value={form.postcode}
                onChange={(e) => set('postcode', e.target.value)}
              />
            </Field>
            <Field id="hh-children" label={t('children')} error={errors.children}>
              <input
                {...invalidProps('hh-children', errors.children)}
                type="number"
                min={0}
                max={LIMITS.childrenMax}
                step={1}
                required
                value={form.children}
                onChange={(e) => set('children', e.target.value)}
              />
            </Field>
          </div>
          <div className="field">
            <label htmlFor="hh-consent" className="check">
              <input
                {...invalidProps('hh-consent', errors.consent, 'hh-consent-hint')}
                type="checkbox"
                checked={form.consent}
                onChange={(e) => set('consent', e.target.checked)}
              />
              {t('consent')}
            </label>
            <span id="hh-consent-hint" className="hint">
              {t('consentHint')}
            </span>
            <FieldError id="hh-consent" error={errors.consent} />
          </div>
          {form.consent && (
            <fieldset>
              <legend>{t('characteristics')}</legend>
              <div className="form-row">
                {CHARACTERISTICS.map((key) => (
                  <Field key={key} id={`hh-${key}`} label={t(key)} error={errors[key]}>
                    <select
                      {...invalidProps(`hh-${key}`, errors[key])}
                      value={form.answers[key]}
                      onChange={(e) => setForm((f) => ({ ...f, answers: { ...f.answers, [key]: e.target.value as Answer } }))}
                    >
                      <option value="">{t('unknown')}</option>
                      <option value="yes">{t('yes')}</option>
                      <option value="no">{t('no')}</option>
                    </select>
                  </Field>
                ))}
                <Field id="hh-preferredLanguage" label={t('preferredLanguage')} error={errors.preferredLanguage}>
                  <select
                    {...invalidProps('hh-preferredLanguage', errors.preferredLanguage)}
                    value={form.preferredLanguage}
                    onChange={(e) => set('preferredLanguage', e.target.value)}
                  >
                    <option value="">{t('unknown')}</option>
                    {languages.map((code) => (
                      <option key={code} value={code}>
                        {nameOf(code)}
                      </option>
                    ))}
                  </select>
                </Field>
              </div>
            </fieldset>
          )}
          <div className="form-actions">
            <button type="submit" className="primary" disabled={loading} aria-busy={loading}>
              {loading ? t('busy') : t('submit')}
            </button>
            <Link className="button" to={paths.project(project.id)}>
              {t('cancel')}
            </Link>
          </div>
        </form>
      )}
    </>
  );
}
