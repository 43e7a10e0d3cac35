import { useMutation, useQuery } from '@apollo/client/react';
import { LIMITS, ORGANIZATION_KINDS, type OrganizationKind } from '@schoolmix/shared';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useCan, useOwnedMunicipalityIds, useSession } from '../../app/SessionProvider';
import type { OrganizationFormQuery as OrganizationFormData } from '../../gql/graphql';
import { useT } from '../../i18n';
import { Field } from '../../ui/Field';
import { MunicipalityOptionsQuery } from '../../ui/municipality-options.query';
import { PageHeader } from '../../ui/PageHeader';
import { Skeleton } from '../../ui/Skeleton';
import { ErrorState, NotFound } from '../../ui/States';
import { useToast } from '../../ui/Toast';
import { Consequences } from '../../ui/Consequences';
import { UpdateOrganizationPreviewQuery } from '../../ui/consequences.query';
import { useAllPages } from '../../ui/useAllPages';
import { fieldOf, invalidProps, type UserErrorLike } from '../../ui/user-errors';
import { OrganizationCreateMutation } from './organization-create.mutation';
import { OrganizationFormQuery } from './organization-form.query';
import { OrganizationUpdateMutation } from './organization-update.mutation';
import './organizations.i18n';
import '../../ui/forms.css';
import { listHref } from '../../ui/list-memory';
import { paths, ROUTES } from '../../app/paths';
import { Breadcrumb } from '../../ui/Breadcrumb';
import { FormActions } from '../../ui/FormActions';
import { Options } from '../../ui/SelectField';

type Existing = NonNullable<OrganizationFormData['organization']>;
const FIELDS = ['name', 'kind', 'municipalityId', 'promotesSocialMix'] as const;
type FieldName = (typeof FIELDS)[number];
interface Values {
  name: string;
  kind: OrganizationKind | '';
  municipalityId: string;
  promotesSocialMix: boolean;
}

export default function OrganizationFormPage() {
  const { id } = useParams();
  const { t } = useT('organizations');
  const { viewer } = useSession();
  const canManage = useCan('ADMIN', 'COORDINATOR');
  const admin = useCan('ADMIN');
  const owned = useOwnedMunicipalityIds();
  const existing = useQuery(OrganizationFormQuery, { variables: { id: id ?? '' }, skip: !id || !canManage, fetchPolicy: 'network-only' });
  const title = id ? t('form.editTitle') : t('form.newTitle');

  if (!viewer) return <Skeleton lines={6} label={t('form.loading')} />;
  if (!canManage) {
    return (
      <>
        <PageHeader title={title} />
        <p role="alert">{t('form.notAllowed')}</p>
      </>
    );
  }
  if (!id) return <OrganizationForm organization={null} eventCount={0} />;
  if (existing.error && !existing.data) return <ErrorState error={existing.error} onRetry={() => void existing.refetch()} />;
  if (!existing.data) return <Skeleton lines={6} label={t('form.loading')} />;
  const organization = existing.data.organization;
  if (!organization) return <NotFound />;
  if (!admin && !owned.includes(organization.municipality.id)) {
    return (
      <>
        <PageHeader title={title} />
        <p role="alert">{t('form.notOwn')}</p>
      </>
    );
  }
  return <OrganizationForm key={`${organization.id}:${organization.version}`} organization={organization} eventCount={existing.data.events.totalCount} />;
}

function OrganizationForm({ organization, eventCount }: { organization: Existing | null; eventCount: number }) {
  const { t } = useT('organizations');
  const { viewer } = useSession();
  const admin = useCan('ADMIN');
  const navigate = useNavigate();
  const toast = useToast();
  const [values, setValues] = useState<Values>(() =>
    organization
      ? { name: organization.name, kind: organization.kind, municipalityId: organization.municipality.id, promotesSocialMix: organization.promotesSocialMix }
      : { name: '', kind: '', municipalityId: admin ? '' : (viewer?.municipality?.id ?? ''), promotesSocialMix: true },
  );
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  const [confirming, setConfirming] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  const municipalities = useAllPages(MunicipalityOptionsQuery, (d) => d.municipalities, { enabled: admin && !organization });
  const [create, created] = useMutation(OrganizationCreateMutation);
  const [update, updated] = useMutation(OrganizationUpdateMutation);
  const saving = created.loading || updated.loading;
  const flagChanges = organization !== null && organization.promotesSocialMix !== values.promotesSocialMix;

  useEffect(() => {
    if (confirming) confirmHeading.current?.focus();
  }, [confirming]);

  const translate = (error: UserErrorLike) => t(`form.errors.${error.code}`, { defaultValue: '' }) || error.message;

  function showProblems(fieldErrors: Partial<Record<FieldName, string>>, others: string[]) {
    setErrors(fieldErrors);
    setOtherErrors(others);
    setConfirming(false);
    requestAnimationFrame(() => summary.current?.focus());
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const local: Partial<Record<FieldName, string>> = {};
    if (!values.name.trim()) local.name = t('form.errors.REQUIRED');
    if (!values.kind) local.kind = t('form.errors.REQUIRED');
    if (!values.municipalityId) local.municipalityId = t('form.errors.REQUIRED');
    if (Object.keys(local).length > 0) return showProblems(local, []);
    if (flagChanges && !confirming) return setConfirming(true);
    void save();
  }

  async function save() {
    let userErrors: readonly UserErrorLike[];
    let ok: boolean;
    try {
      if (organization) {
        const result = await update({
          variables: {
            input: { id: organization.id, version: organization.version, name: values.name.trim(), kind: values.kind as OrganizationKind, promotesSocialMix: values.promotesSocialMix },
          },
        });
        userErrors = result.data?.updateOrganization.userErrors ?? [];
        ok = Boolean(result.data?.updateOrganization.organization);
      } else {
        const result = await create({
          variables: { input: { name: values.name.trim(), kind: values.kind as OrganizationKind, municipalityId: values.municipalityId, promotesSocialMix: values.promotesSocialMix } },
        });
        userErrors = result.data?.createOrganization.userErrors ?? [];
        ok = Boolean(result.data?.createOrganization.organization);
      }
    } catch {
      return showProblems({}, [t('state.offline')]);
    }
    if (userErrors.length > 0 || !ok) {
      const byField: Partial<Record<FieldName, string>> = {};
      const others: string[] = [];
      for (const error of userErrors) {
        const field = fieldOf(error);
        if ((FIELDS as readonly string[]).includes(field)) byField[field as FieldName] ??= translate(error);
        else others.push(translate(error));
      }
      return showProblems(byField, others);
    }
    toast(organization ? t('form.saved') : t('form.created'));
    // Back to the list of its municipality, where the saved organisation shows.
    void navigate(paths.organizations({ municipality: values.municipalityId }));
  }

  const title = organization ? t('form.editTitle') : t('form.newTitle');
  const problemList = [
    ...FIELDS.filter((f) => errors[f]).map((f) => ({ key: f, text: `${t(`form.labels.${f}`)}: ${errors[f]}`, href: `#org-${f}` })),
    ...otherErrors.map((text, i) => ({ key: `other-${i}`, text, href: null })),
  ];

  return (
    <>
      <Breadcrumb to={listHref(ROUTES.organizations)}>{t('list.title')}</Breadcrumb>
      <PageHeader title={title} lead={organization ? `${organization.name} · ${organization.municipality.name}` : t('form.lead')} />

      {problemList.length > 0 && (
        <div className="form-summary" role="alert" tabIndex={-1} ref={summary}>
          <p>{t('form.problems')}</p>
          <ul>
            {problemList.map((p) => (
              <li key={p.key}>{p.href ? <a href={p.href}>{p.text}</a> : p.text}</li>
            ))}
          </ul>
        </div>
      )}

      <form className="form" onSubmit={submit} noValidate aria-label={title}>
        <Field id="org-name" label={t('form.labels.name')} error={errors.name}>
          <input type="text" {...invalidProps('org-name', errors.name)} value={values.name} maxLength={LIMITS.nameMaxLength} required onChange={(e) => setValues((v) => ({ ...v, name: e.target.value }))} />
        </Field>
        <Field id="org-kind" label={t('form.labels.kind')} error={errors.kind}>
          <select {...invalidProps('org-kind', errors.kind)} value={values.kind} required onChange={(e) => setValues((v) => ({ ...v, kind: e.target.value as OrganizationKind }))}>
            <option value="">{t('form.chooseKind')}</option>
            <Options options={ORGANIZATION_KINDS.map((kind) => ({ value: kind, label: t(`kind.${kind}`) }))} />
          </select>
        </Field>
        {organization || !admin ? (
          <p>
            <strong>{t('form.labels.municipalityId')}:</strong> {organization?.municipality.name ?? viewer?.municipality?.name}
          </p>
        ) : (
          <Field id="org-municipalityId" label={t('form.labels.municipalityId')} error={errors.municipalityId}>
            <select {...invalidProps('org-municipalityId', errors.municipalityId)} value={values.municipalityId} required onChange={(e) => setValues((v) => ({ ...v, municipalityId: e.target.value }))}>
              <option value="">{municipalities ? t('form.chooseMunicipality') : t('state.loading')}</option>
              <Options options={municipalities?.map((m) => ({ value: m.id, label: m.name }))} />
            </select>
          </Field>
        )}
        <div className="field">
          <label className="check-field" htmlFor="org-promotesSocialMix">
            <input
              type="checkbox"
              {...invalidProps('org-promotesSocialMix', errors.promotesSocialMix, 'org-promotesSocialMix-hint')}
              checked={values.promotesSocialMix}
              onChange={(e) => {
                setConfirming(false);
                setValues((v) => ({ ...v, promotesSocialMix: e.target.checked }));
              }}
            />
            {t('form.labels.promotesSocialMix')}
          </label>
          <span id="org-promotesSocialMix-hint" className="hint">
            {t('form.promotesHint')} {organization && t('form.frozenHint')}
          </span>
          {errors.promotesSocialMix && (
            <span id="org-promotesSocialMix-error" className="field-error">
              {errors.promotesSocialMix}
            </span>
          )}
        </div>

        {confirming && flagChanges && (
          <section className="confirm-panel" aria-labelledby="org-confirm-title">
            <h2 id="org-confirm-title" tabIndex={-1} ref={confirmHeading}>
              {t('form.confirmTitle')}
            </h2>
            <p>{values.promotesSocialMix ? t('form.confirmOn', { count: eventCount }) : t('form.confirmOff', { count: eventCount })}</p>
            <FlagConsequences id={organization.id} version={organization.version} promotesSocialMix={values.promotesSocialMix} />
            <div className="form-actions">
              <button type="button" className="danger" onClick={() => void save()} disabled={saving} aria-busy={saving}>
                {saving ? t('state.saving') : t('form.confirmButton')}
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                {t('form.keep')}
              </button>
            </div>
          </section>
        )}

        <FormActions busy={saving} label={organization ? t('form.save') : t('form.create')} busyLabel={t('state.saving')} disabled={confirming} cancel={{ label: t('form.discard'), to: listHref(ROUTES.organizations) }} />
      </form>
    </>
  );
}

/** What changing the flag would do to the figures, from the server's preview (issue 18): only the flag, the name moves no figure. */
function FlagConsequences({ id, version, promotesSocialMix }: { id: string; version: number; promotesSocialMix: boolean }) {
  const preview = useQuery(UpdateOrganizationPreviewQuery, { variables: { input: { id, version, promotesSocialMix } }, fetchPolicy: 'network-only' });
  return <Consequences preview={preview.data?.previewUpdateOrganization} loading={preview.loading} failed={!!preview.error} />;
}
