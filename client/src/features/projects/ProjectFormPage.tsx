import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { LIMITS } from '@schoolmix/shared';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useCan, useSession } from '../../app/SessionProvider';
import type { ProjectFormPeriodsQuery as PeriodsData, ProjectFormProjectQuery as ProjectData, ProjectFormSchoolFragment as SchoolChoice } from '../../gql/graphql';
import { useT } from '../../i18n';
import { Field } from '../../ui/Field';
import { fmt } from '../../ui/format';
import { MunicipalityOptionsQuery } from '../../ui/municipality-options.query';
import { PageHeader } from '../../ui/PageHeader';
import { Skeleton } from '../../ui/Skeleton';
import { ErrorState, NotFound } from '../../ui/States';
import { useToast } from '../../ui/Toast';
import { queryAllPages, useAllPages } from '../../ui/useAllPages';
import { fieldOf, invalidProps, type UserErrorLike } from '../../ui/user-errors';
import { listHref } from '../../ui/list-memory';
import { formatAmount, parseEuro } from './money';
import { ChoiceList, type Choice, existedDuring, useOptionsPer } from './PartnerChoices';
import {
  PartnerMunicipalityOptionsQuery,
  PartnerOrganizationOptionsQuery,
  ProjectFormPeriodsQuery,
  ProjectFormProjectQuery,
  ProjectFormSchoolsPageQuery,
  SchoolOptionsQuery,
} from './project-form.query';
import { ProjectCreateMutation, ProjectUpdateMutation } from './project-save.mutation';
import './projects.i18n';
import './projects.css';
import { paths } from '../../app/paths';
import { Breadcrumb } from '../../ui/Breadcrumb';
import { FormActions } from '../../ui/FormActions';
import { Options } from '../../ui/SelectField';

type Period = PeriodsData['fundingPeriods']['nodes'][number];
type Draft = NonNullable<ProjectData['project']>;

/** The form's fields in screen order: the summary lists errors in this order. */
const FIELDS = [
  'leadMunicipalityId',
  'fundingPeriodId',
  'title',
  'baselineHouseholds',
  'targetHouseholds',
  'priority',
  'subsidyRequested',
  'coFinancing',
  'partnerMunicipalityIds',
  'partnerOrganizationIds',
  'schoolIds',
] as const;
type FieldName = (typeof FIELDS)[number];
/** The multiple choices: ids of partner municipalities, partner organisations and schools. */
type ListName = 'partnerMunicipalityIds' | 'partnerOrganizationIds' | 'schoolIds';
type Values = Record<Exclude<FieldName, ListName>, string>;
type Parts = Record<ListName, string[]>;

/** Today in Brussels, YYYY-MM-DD (the day the server checks the application window on). */
export function brusselsToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(now);
}

export function windowOpen(period: Pick<Period, 'applicationsOpenOn' | 'applicationsCloseOn'>, today = brusselsToday()): boolean {
  return period.applicationsOpenOn <= today && today <= period.applicationsCloseOn;
}

/**
 * A municipality's application (aanvraag): coordinators create and edit their municipality's
 * draft, administrators any municipality's. The period's application window is shown; the
 * server decides (OUTSIDE_APPLICATION_WINDOW), its userErrors stand next to their fields.
 */
export default function ProjectFormPage() {
  const { id } = useParams();
  const { t } = useT('projects');
  const { viewer } = useSession();
  const canApply = useCan('ADMIN', 'COORDINATOR');
  const periods = useQuery(ProjectFormPeriodsQuery, { skip: !canApply });
  const existing = useQuery(ProjectFormProjectQuery, { variables: { id: id ?? '' }, skip: !id || !canApply, fetchPolicy: 'network-only' });
  const title = id ? t('form.editTitle') : t('form.newTitle');
  const moreSchools = useRestOfSchools(existing.data?.project ?? null);

  if (!viewer) return <Skeleton lines={8} label={t('form.loading')} />;
  if (!canApply) {
    return (
      <>
        <PageHeader title={title} />
        <p role="alert">{t('form.notAllowed')}</p>
      </>
    );
  }
  const error = periods.error ?? existing.error;
  if (error && (!periods.data || (id && !existing.data))) return <ErrorState error={error} onRetry={() => void (periods.refetch(), id && existing.refetch())} />;
  if (!periods.data || (id && !existing.data) || moreSchools === null) return <Skeleton lines={8} label={t('form.loading')} />;
  const draft = existing.data?.project ?? null;
  if (id && !draft) return <NotFound />;
  if (draft && draft.status !== 'DRAFT') {
    return (
      <>
        <Breadcrumb to={paths.project(draft.id)}>{t('form.backToProject')}</Breadcrumb>
        <PageHeader title={title} />
        <p className="notice">{t('form.onlyDraft')}</p>
      </>
    );
  }
  return <ProjectForm key={draft ? `${draft.id}:${draft.version}` : 'new'} draft={draft} draftSchools={[...(draft?.schools.nodes ?? []), ...moreSchools]} periods={periods.data.fundingPeriods.nodes} />;
}

/**
 * The draft's schools after its first page (the form query holds the first 100): [] when there
 * are no more, null while they load. A failure leaves [] (the form then sends what it knows).
 */
function useRestOfSchools(draft: Draft | null): SchoolChoice[] | null {
  const client = useApolloClient();
  const after = draft?.schools.pageInfo.hasNextPage ? draft.schools.pageInfo.endCursor : null;
  const [rest, setRest] = useState<{ after: string; nodes: SchoolChoice[] } | null>(null);
  useEffect(() => {
    if (!draft || !after) return;
    let live = true;
    const id = draft.id;
    void queryAllPages(client, ProjectFormSchoolsPageQuery, { id }, (d) => d.project?.schools ?? { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } })
      .catch(() => [] as SchoolChoice[])
      .then((nodes) => live && setRest({ after, nodes: nodes.slice(draft.schools.nodes.length) }));
    return () => {
      live = false;
    };
  }, [client, draft, after]);
  if (!after) return [];
  return rest?.after === after ? rest.nodes : null;
}

function ProjectForm({ draft, draftSchools, periods }: { draft: Draft | null; draftSchools: readonly SchoolChoice[]; periods: readonly Period[] }) {
  const { t } = useT('projects');
  const { viewer } = useSession();
  const admin = useCan('ADMIN');
  const navigate = useNavigate();
  const toast = useToast();
  const client = useApolloClient();
  const open = periods.filter((p) => p.reportStatus === 'OPEN');
  const [values, setValues] = useState<Values>(() =>
    draft
      ? {
          leadMunicipalityId: draft.leadMunicipality.id,
          fundingPeriodId: draft.fundingPeriod.id,
          title: draft.title,
          baselineHouseholds: String(draft.baselineHouseholds),
          targetHouseholds: String(draft.targetHouseholds),
          priority: String(draft.priority),
          subsidyRequested: formatAmount(draft.subsidyRequested),
          coFinancing: formatAmount(draft.coFinancing),
        }
      : {
          leadMunicipalityId: admin ? '' : (viewer?.municipality?.id ?? ''),
          fundingPeriodId: (open.find((p) => windowOpen(p)) ?? open[0])?.id ?? '',
          title: '',
          baselineHouseholds: '0',
          targetHouseholds: '',
          priority: '1',
          subsidyRequested: '',
          coFinancing: '',
        },
  );
  const [parts, setParts] = useState<Parts>(() => ({
    partnerMunicipalityIds: draft?.partnerMunicipalities.map((m) => m.id) ?? [],
    partnerOrganizationIds: draft?.partnerOrganizations.map((o) => o.id) ?? [],
    schoolIds: draftSchools.map((s) => s.id),
  }));
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  const summary = useRef<HTMLDivElement>(null);
  const municipalities = useAllPages(MunicipalityOptionsQuery, (d) => d.municipalities, { enabled: admin && !draft });
  const [create, created] = useMutation(ProjectCreateMutation);
  const [update, updated] = useMutation(ProjectUpdateMutation);
  const saving = created.loading || updated.loading;
  const period = periods.find((p) => p.id === values.fundingPeriodId) ?? null;
  const set = (key: keyof Values, value: string) => setValues((v) => ({ ...v, [key]: value }));

  // Partners: municipalities that existed during the period (not the lead); organisations and
  // schools of the lead and the partner municipalities.
  const municipalityOptions = useAllPages(PartnerMunicipalityOptionsQuery, (d) => d.municipalities);
  const taking = [values.leadMunicipalityId, ...parts.partnerMunicipalityIds].filter(Boolean);
  const organizationOptions = useOptionsPer(PartnerOrganizationOptionsQuery, (d) => d.organizations, taking);
  const schoolOptions = useOptionsPer(SchoolOptionsQuery, (d) => d.schools, taking);
  const home = new Map<string, string>();
  for (const o of [...(draft?.partnerOrganizations ?? []), ...draftSchools, ...organizationOptions.nodes, ...schoolOptions.nodes]) home.set(o.id, o.municipality.id);
  const partnerChoices: Choice[] = (municipalityOptions ?? [])
    .filter((m) => m.id !== values.leadMunicipalityId && (period ? existedDuring(m, period) : false))
    .map((m) => ({ id: m.id, label: m.name }));
  const several = taking.length > 1;
  const inMunicipality = (o: { name: string; municipality: { name: string } }): Choice['label'] =>
    several ? t('form.partners.inMunicipality', { name: o.name, municipality: o.municipality.name }) : o.name;
  const byLabel = (a: Choice, b: Choice) => a.label.localeCompare(b.label, 'nl');
  const organizationChoices: Choice[] = organizationOptions.nodes.map((o) => ({ id: o.id, label: inMunicipality(o) })).sort(byLabel);
  const schoolChoices: Choice[] = schoolOptions.nodes.map((s) => ({ id: s.id, label: `${inMunicipality(s)} · ${s.postcode}` })).sort(byLabel);

  /** New lead or partners: drop the organisations and schools outside them, and the lead as a partner. */
  function retake(lead: string, partnerMunicipalityIds: string[]) {
    const inside = new Set([lead, ...partnerMunicipalityIds]);
    const keep = (id: string) => !home.has(id) || inside.has(home.get(id)!);
    setParts((p) => ({
      partnerMunicipalityIds: partnerMunicipalityIds.filter((m) => m !== lead),
      partnerOrganizationIds: p.partnerOrganizationIds.filter(keep),
      schoolIds: p.schoolIds.filter(keep),
    }));
  }

  function listMessage(kind: 'organizations' | 'schools', options: { loading: boolean; failed: boolean }, choices: readonly Choice[]): string | null {
    if (taking.length === 0) return t('form.partners.chooseLeadFirst');
    if (options.failed) return t('form.partners.failed');
    if (options.loading && choices.length === 0) return t('form.partners.loading');
    if (choices.length === 0) return t(kind === 'organizations' ? 'form.partners.noOrganizations' : 'form.partners.noSchools');
    return null;
  }
  const municipalityMessage = !period
    ? t('form.partners.choosePeriodFirst')
    : municipalityOptions == null
      ? t('form.partners.loading')
      : municipalityOptions.length === 0
        ? t('form.partners.failed')
        : partnerChoices.length === 0
          ? t('form.partners.noMunicipalities')
          : null;
  const target = /^\d+$/.test(values.targetHouseholds.trim()) ? Number(values.targetHouseholds.trim()) : null;
  const defaultAmount = period && target != null ? target * period.ratePerHousehold : null;

  function translate(field: string, error: UserErrorLike): string {
    const vars = {
      from: fmt.date(period?.applicationsOpenOn),
      to: fmt.date(period?.applicationsCloseOn),
      max: fmt.int(period?.maxHouseholds ?? 0),
      maxSubsidy: fmt.euro(period?.maxSubsidy ?? 0),
    };
    const specific = t(`form.errors.${field}.${error.code}`, { ...vars, defaultValue: '' });
    if (specific) return specific;
    return t(`form.errors.${error.code}`, { ...vars, defaultValue: '' }) || error.message;
  }

  function show(fieldErrors: Partial<Record<FieldName, string>>, others: string[]) {
    setErrors(fieldErrors);
    setOtherErrors(others);
    requestAnimationFrame(() => summary.current?.focus());
  }

  function parse(): { local: Partial<Record<FieldName, string>>; numbers: Record<'baselineHouseholds' | 'targetHouseholds' | 'priority', number>; requested: number | null; coFinancing: number | null } {
    const local: Partial<Record<FieldName, string>> = {};
    const required = t('form.errors.REQUIRED');
    if (!values.leadMunicipalityId) local.leadMunicipalityId = required;
    if (!values.fundingPeriodId) local.fundingPeriodId = required;
    if (!values.title.trim()) local.title = required;
    const numbers = { baselineHouseholds: 0, targetHouseholds: 0, priority: 1 };
    for (const key of ['baselineHouseholds', 'targetHouseholds', 'priority'] as const) {
      const text = values[key].trim();
      if (!text) local[key] = required;
      else if (!/^\d+$/.test(text)) local[key] = t('form.wholeNumber');
      else numbers[key] = Number(text);
    }
    const money = (key: 'subsidyRequested' | 'coFinancing') => {
      if (!values[key].trim()) return null;
      const euros = parseEuro(values[key]);
      if (euros == null) local[key] = t('form.amountInvalid');
      return euros;
    };
    return { local, numbers, requested: money('subsidyRequested'), coFinancing: money('coFinancing') };
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const { local, numbers, requested, coFinancing } = parse();
    if (Object.keys(local).length > 0) return show(local, []);
    let userErrors: readonly UserErrorLike[];
    let savedId: string | null;
    try {
      if (draft) {
        const result = await update({
          variables: { input: { id: draft.id, version: draft.version, title: values.title.trim(), ...numbers, subsidyRequested: requested, coFinancing, ...parts } },
        });
        userErrors = result.data?.updateProject.userErrors ?? [];
        savedId = result.data?.updateProject.project?.id ?? null;
      } else {
        const result = await create({
          variables: {
            input: {
              title: values.title.trim(),
              leadMunicipalityId: values.leadMunicipalityId,
              fundingPeriodId: values.fundingPeriodId,
              ...numbers,
              subsidyRequested: requested,
              coFinancing,
              ...parts,
            },
          },
        });
        userErrors = result.data?.createProject.userErrors ?? [];
        savedId = result.data?.createProject.project?.id ?? null;
      }
    } catch {
      return show({}, [t('form.offline')]);
    }
    if (userErrors.length > 0 || !savedId) {
      const byField: Partial<Record<FieldName, string>> = {};
      const others: string[] = [];
      for (const error of userErrors) {
        const field = fieldOf(error);
        if ((FIELDS as readonly string[]).includes(field) && (field !== 'leadMunicipalityId' || admin)) byField[field as FieldName] ??= translate(field, error);
        else others.push(translate(field, error));
      }
      return show(byField, others);
    }
    if (draft) {
      // The project's page and the activity form read the partners and schools from the cache: load them anew.
      const project = client.cache.identify({ __typename: 'Project', id: draft.id });
      for (const fieldName of ['partnerMunicipalities', 'partnerOrganizations', 'schools']) client.cache.evict({ id: project, fieldName });
      client.cache.gc();
    }
    toast(draft ? t('form.saved') : t('form.created'));
    void navigate(paths.project(savedId));
  }

  const problems = [
    ...FIELDS.filter((f) => errors[f]).map((f) => ({ field: f, text: `${t(`form.labels.${f}`)}: ${errors[f]}` })),
    ...otherErrors.map((text, i) => ({ field: `other-${i}`, text })),
  ];
  const heading = draft ? t('form.editTitle') : t('form.newTitle');
  const windowText = period
    ? t(windowOpen(period) ? 'form.windowOpen' : 'form.windowClosed', { label: period.label, from: fmt.date(period.applicationsOpenOn), to: fmt.date(period.applicationsCloseOn) })
    : null;

  return (
    <div className="projects-screen">
      {draft ? (
        <Breadcrumb to={paths.project(draft.id)}>{t('form.backToProject')}</Breadcrumb>
      ) : (
        <Breadcrumb to={listHref(paths.projects)}>{t('list.title')}</Breadcrumb>
      )}
      <PageHeader title={heading} lead={draft ? draft.title : t('form.lead')} />
      {draft?.reviewNote && (
        <div className="notice" role="note">
          <strong>{t('form.sentBackNote')}</strong> {draft.reviewNote}
        </div>
      )}

      {problems.length > 0 && (
        <div className="form-summary" role="alert" tabIndex={-1} ref={summary}>
          <p>{t('form.problems')}</p>
          <ul>
            {problems.map((p) =>
              p.field.startsWith('other-') ? (
                <li key={p.field}>{p.text}</li>
              ) : (
                <li key={p.field}>
                  <a href={`#project-${p.field}`}>{p.text}</a>
                </li>
              ),
            )}
          </ul>
        </div>
      )}

      <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-label={heading}>
        {admin && !draft ? (
          <Field id="project-leadMunicipalityId" label={t('form.labels.leadMunicipalityId')} error={errors.leadMunicipalityId}>
            <select {...invalidProps('project-leadMunicipalityId', errors.leadMunicipalityId)} value={values.leadMunicipalityId} required
              onChange={(e) => {
                set('leadMunicipalityId', e.target.value);
                retake(e.target.value, parts.partnerMunicipalityIds);
              }}
            >
              <option value="">{municipalities ? t('form.chooseMunicipality') : t('form.loading')}</option>
              {municipalities
                ?.filter((m) => !m.validTo)
                .map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
            </select>
          </Field>
        ) : (
          <p>
            <strong>{t('form.labels.leadMunicipalityId')}:</strong> {draft?.leadMunicipality.name ?? viewer?.municipality?.name ?? '—'}
          </p>
        )}

        {draft ? (
          <p>
            <strong>{t('form.labels.fundingPeriodId')}:</strong> {period?.label}
          </p>
        ) : (
          <Field id="project-fundingPeriodId" label={t('form.labels.fundingPeriodId')} error={errors.fundingPeriodId} hint={windowText ?? undefined}>
            <select
              {...invalidProps('project-fundingPeriodId', errors.fundingPeriodId, windowText ? 'project-fundingPeriodId-hint' : undefined)}
              value={values.fundingPeriodId}
              required
              onChange={(e) => set('fundingPeriodId', e.target.value)}
            >
              <option value="">{t('form.choosePeriod')}</option>
              <Options options={open.map((p) => ({ value: p.id, label: p.label }))} />
            </select>
          </Field>
        )}
        {draft && windowText && <p className="hint">{windowText}</p>}

        <Field id="project-title" label={t('form.labels.title')} error={errors.title}>
          <input type="text" {...invalidProps('project-title', errors.title)} value={values.title} maxLength={LIMITS.titleMaxLength} required onChange={(e) => set('title', e.target.value)} />
        </Field>

        <div className="form-row">
          <Field id="project-baselineHouseholds" label={t('form.labels.baselineHouseholds')} error={errors.baselineHouseholds} hint={t('form.baselineHint')}>
            <input
              type="number"
              inputMode="numeric"
              min={0}
              step={1}
              {...invalidProps('project-baselineHouseholds', errors.baselineHouseholds, 'project-baselineHouseholds-hint')}
              value={values.baselineHouseholds}
              onChange={(e) => set('baselineHouseholds', e.target.value)}
            />
          </Field>
          <Field
            id="project-targetHouseholds"
            label={t('form.labels.targetHouseholds')}
            error={errors.targetHouseholds}
            hint={period ? t('form.targetHint', { max: fmt.int(period.maxHouseholds) }) : undefined}
          >
            <input
              type="number"
              inputMode="numeric"
              min={1}
              max={period?.maxHouseholds}
              step={1}
              {...invalidProps('project-targetHouseholds', errors.targetHouseholds, period ? 'project-targetHouseholds-hint' : undefined)}
              value={values.targetHouseholds}
              required
              onChange={(e) => set('targetHouseholds', e.target.value)}
            />
          </Field>
          <Field id="project-priority" label={t('form.labels.priority')} error={errors.priority}>
            <input type="number" inputMode="numeric" min={1} step={1} {...invalidProps('project-priority', errors.priority)} value={values.priority} onChange={(e) => set('priority', e.target.value)} />
          </Field>
        </div>

        <div className="form-row">
          <Field
            id="project-subsidyRequested"
            label={t('form.labels.subsidyRequested')}
            error={errors.subsidyRequested}
            hint={defaultAmount != null && period ? t('form.requestedHint', { amount: fmt.euro(defaultAmount), rate: fmt.euro(period.ratePerHousehold) }) : t('form.requestedHintEmpty')}
          >
            <input
              {...invalidProps('project-subsidyRequested', errors.subsidyRequested, 'project-subsidyRequested-hint')}
              inputMode="decimal"
              autoComplete="off"
              placeholder={defaultAmount != null ? formatAmount(defaultAmount) : undefined}
              value={values.subsidyRequested}
              onChange={(e) => set('subsidyRequested', e.target.value)}
            />
          </Field>
          <Field id="project-coFinancing" label={t('form.labels.coFinancing')} error={errors.coFinancing} hint={t('form.coFinancingHint')}>
            <input
              {...invalidProps('project-coFinancing', errors.coFinancing, 'project-coFinancing-hint')}
              inputMode="decimal"
              autoComplete="off"
              value={values.coFinancing}
              onChange={(e) => set('coFinancing', e.target.value)}
            />
          </Field>
        </div>

        <ChoiceList
          id="project-partnerMunicipalityIds"
          legend={t('form.labels.partnerMunicipalityIds')}
          hint={t('form.partners.municipalitiesHint')}
          error={errors.partnerMunicipalityIds}
          choices={partnerChoices}
          chosen={parts.partnerMunicipalityIds}
          onChange={(ids) => retake(values.leadMunicipalityId, ids)}
          searchLabel={t('form.partners.searchMunicipalities')}
          message={municipalityMessage}
        />
        <ChoiceList
          id="project-partnerOrganizationIds"
          legend={t('form.labels.partnerOrganizationIds')}
          hint={t('form.partners.organizationsHint')}
          error={errors.partnerOrganizationIds}
          choices={organizationChoices}
          chosen={parts.partnerOrganizationIds}
          onChange={(ids) => setParts((p) => ({ ...p, partnerOrganizationIds: ids }))}
          searchLabel={t('form.partners.searchOrganizations')}
          message={listMessage('organizations', organizationOptions, organizationChoices)}
        />
        <ChoiceList
          id="project-schoolIds"
          legend={t('form.labels.schoolIds')}
          hint={t('form.partners.schoolsHint')}
          error={errors.schoolIds}
          choices={schoolChoices}
          chosen={parts.schoolIds}
          onChange={(ids) => setParts((p) => ({ ...p, schoolIds: ids }))}
          searchLabel={t('form.partners.searchSchools')}
          message={listMessage('schools', schoolOptions, schoolChoices)}
        />

        <FormActions busy={saving} label={draft ? t('form.save') : t('form.create')} busyLabel={t('form.saving')} cancel={{ label: t('form.discard'), to: draft ? paths.project(draft.id) : paths.projects }} />
      </form>
    </div>
  );
}
