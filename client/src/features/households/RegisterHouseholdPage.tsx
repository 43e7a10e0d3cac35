import { useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { paths } from '../../app/paths';
import { useCan, useSession } from '../../app/SessionProvider';
import { useT } from '../../i18n';
import { Breadcrumb } from '../../ui/Breadcrumb';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { PageHeader } from '../../ui/PageHeader';
import { Skeleton } from '../../ui/Skeleton';
import { ErrorState, NotFound, useErrorMessage } from '../../ui/States';
import { useToast } from '../../ui/Toast';
import { useFormState } from '../../ui/useFormState';
import { errorsByField } from '../../ui/user-errors';
import { CHARACTERISTICS, check, controlOf, FIELD_ORDER, type HouseholdValues, INITIAL, inputOf } from './household-form';
import { ConsentSection, ReferenceSection, ResidenceSection } from './HouseholdSections';
import { RegisterHouseholdProjectQuery } from './register-household-project.query';
import { RegisterHouseholdMutation } from './register-household.mutation';
import './households.i18n';
import '../projects/projects.css';
import { FormActions } from '../../ui/FormActions';

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

  const form = useFormState<HouseholdValues>(INITIAL, FIELD_ORDER);
  const { values, update } = form;
  // The error summary's first line; null: no summary. Its other lines are the form's problems.
  const [summaryIntro, setSummaryIntro] = useState<string | null>(null);
  const [focusField, setFocusField] = useState<{ field: string } | null>(null);
  const [register, { loading }] = useMutation(RegisterHouseholdMutation);
  const summaryRef = useRef<HTMLDivElement>(null);

  // The lead municipality is where most families live: preselect it once the project is there.
  useEffect(() => {
    if (project && !values.residence) update((f) => ({ ...f, residence: project.leadMunicipality.nisCode }));
  }, [project, values.residence, update]);

  useEffect(() => {
    if (!focusField) return;
    const target = document.getElementById(controlOf(focusField.field, values));
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

  function fail(found: Record<string, string>) {
    form.showErrors(found);
    setSummaryIntro(t('problems'));
    setFocusField({ field: FIELD_ORDER.find((f) => f in found) ?? '' });
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
    const found = check(values, t);
    if (Object.keys(found).length > 0) return fail(found);
    form.clearErrors();
    setSummaryIntro(null);
    const projectId = project!.id;
    try {
      const result = await register({
        variables: { input: inputOf(values, projectId) },
        // The project's family list is out of date now: drop it, so the project page loads it anew.
        update(cache, { data: answer }) {
          if (!answer?.registerHousehold.household) return;
          cache.evict({ id: cache.identify({ __typename: 'Project', id: projectId }), fieldName: 'households' });
          cache.gc();
        },
      });
      const payload = result.data?.registerHousehold;
      if (!payload) return;
      if (payload.userErrors.length > 0 || !payload.household) return fail(errorsByField(payload.userErrors, translate));
      toast(t('saved', { reference: payload.household.reference }));
      void navigate(paths.project(projectId));
    } catch (failure) {
      setSummaryIntro(t('failed', { message: errorMessage(failure as Error) }));
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
          {summaryIntro && (
            <ErrorSummary
              ref={summaryRef}
              intro={summaryIntro}
              lines={form.problems.map((p) => (p.field === null ? { key: p.text, text: p.text } : { key: p.field, href: `#${controlOf(p.field, values)}`, text: `${t(p.field)}: ${p.text}` }))}
            />
          )}
          <ReferenceSection form={form} />
          <ResidenceSection form={form} municipalities={residenceOptions} />
          <ConsentSection form={form} />
          <FormActions busy={loading} label={t('submit')} busyLabel={t('busy')} cancel={{ label: t('cancel'), to: paths.project(project.id) }} />
        </form>
      )}
    </>
  );
}
