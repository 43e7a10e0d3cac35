import { useMutation } from '@apollo/client/react';
import { LIMITS } from '@schoolmix/shared';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useCan, useSession } from '../../app/SessionProvider';
import type { ApiKeyListQuery as ApiKeyListData } from '../../gql/graphql';
import { useT } from '../../i18n';
import { Field } from '../../ui/Field';
import { fmt } from '../../ui/format';
import { type Columns, DataTable } from '../../ui/DataTable';
import { ListFilters, ListPage } from '../../ui/ListPage';
import { useListQuery } from '../../ui/useListQuery';
import { MunicipalityOptionsQuery } from '../../ui/municipality-options.query';
import { PageHeader } from '../../ui/PageHeader';
import { useToast } from '../../ui/Toast';
import { useAllPages } from '../../ui/useAllPages';
import { useListState } from '../../ui/useListState';
import { fieldOf, invalidProps, type UserErrorLike } from '../../ui/user-errors';
import { ApiKeyCreateMutation } from './api-key-create.mutation';
import { ApiKeyListQuery } from './api-key-list.query';
import { ApiKeyRevokeMutation } from './api-key-revoke.mutation';
import './api-keys.i18n';
import '../../ui/forms.css';
import { FormActions } from '../../ui/FormActions';
import { Options } from '../../ui/SelectField';

type Row = ApiKeyListData['apiKeys']['nodes'][number];
type Panel = { kind: 'create' } | { kind: 'secret'; name: string; secret: string } | { kind: 'revoke'; key: Row } | null;

export default function ApiKeyListPage() {
  const { t } = useT('api-keys');
  const { viewer } = useSession();
  const admin = useCan('ADMIN');
  const canManage = useCan('ADMIN', 'COORDINATOR');
  const list = useListState({ filters: ['municipality'] as const, defaultSort: { field: 'CREATED_AT', direction: 'DESC' }, sortFields: ['CREATED_AT'] });
  const municipalityId = admin ? list.filters.municipality || null : null;
  const result = useListQuery(ApiKeyListQuery, {
    variables: { municipalityId, first: list.paging.first, after: list.paging.after },
    skip: !canManage,
    fetchPolicy: 'cache-and-network',
  }, (d) => d.apiKeys);
  const municipalities = useAllPages(MunicipalityOptionsQuery, (d) => d.municipalities, { enabled: admin });
  const [panel, setPanel] = useState<Panel>(null);

  if (!viewer) return null;
  if (!canManage) {
    return (
      <>
        <PageHeader title={t('title')} />
        <p role="alert">{t('notAllowed')}</p>
      </>
    );
  }
  const lead = admin ? t('lead') : t('leadCoordinator', { municipality: viewer.municipality?.name ?? '' });

  const columns: Columns<Row> = [
    { key: 'name', header: t('columns.name'), cell: (row) => row.name },
    { key: 'prefix', header: t('columns.prefix'), cell: (row) => <code>smx_{row.prefix}_…</code> },
    admin && { key: 'municipality', header: t('columns.municipality'), cell: (row) => row.municipality.name },
    { key: 'createdAt', header: t('columns.createdAt'), cell: (row) => <time dateTime={row.createdAt}>{fmt.dateTime(row.createdAt)}</time> },
    { key: 'lastUsedAt', header: t('columns.lastUsedAt'), cell: (row) => (row.lastUsedAt ? <time dateTime={row.lastUsedAt}>{fmt.dateTime(row.lastUsedAt)}</time> : t('neverUsed')) },
    {
      key: 'status',
      header: t('columns.status'),
      cell: (row) =>
        row.revokedAt ? <span className="badge bad">{t('revokedOn', { date: fmt.dateTime(row.revokedAt) })}</span> : <span className="badge ok">{t('activeKey')}</span>,
    },
    {
      key: 'actions',
      header: t('columns.actions'),
      cell: (row) =>
        !row.revokedAt && (
          <button type="button" className="link" aria-label={t('revokeLabel', { name: row.name })} onClick={() => setPanel({ kind: 'revoke', key: row })}>
            {t('revoke')}
          </button>
        ),
    },
  ];

  return (
    <ListPage
      title={t('title')}
      lead={lead}
      actions={
        <button type="button" className="primary" aria-expanded={panel?.kind === 'create'} onClick={() => setPanel({ kind: 'create' })} disabled={panel?.kind === 'secret'}>
          {t('add')}
        </button>
      }
      before={
        <>
          {panel?.kind === 'create' && (
            <CreatePanel
              municipalities={municipalities}
              onCreated={(name, secret) => {
                setPanel({ kind: 'secret', name, secret });
                void result.refetch();
              }}
              onCancel={() => setPanel(null)}
            />
          )}
          {panel?.kind === 'secret' && <SecretPanel name={panel.name} secret={panel.secret} onDone={() => setPanel(null)} />}
          {panel?.kind === 'revoke' && (
            <RevokePanel
              key={panel.key.id}
              apiKey={panel.key}
              onDone={() => {
                setPanel(null);
                void result.refetch();
              }}
              onCancel={() => setPanel(null)}
            />
          )}
        </>
      }
      filters={
        admin && (
          <ListFilters list={list} clearLabel={t('clearFilters')}>
            <label>
              {t('municipality')}
              <select value={list.filters.municipality} onChange={(e) => list.setFilters({ municipality: e.target.value })}>
                <option value="">{t('allMunicipalities')}</option>
                <Options options={municipalities?.map((m) => ({ value: m.id, label: m.name }))} />
              </select>
            </label>
          </ListFilters>
        )
      }
      list={list}
      result={result}
      skeletonColumns={6}
      count={(page) => t('results', { count: page.totalCount, formatted: fmt.int(page.totalCount) })}
      empty={{ title: t('empty'), text: t('emptyText'), noMatch: { title: t('emptyFiltered'), clear: t('clearFilters') } }}
    >
      {(page) => <DataTable caption={t('caption')} className="admin-list" busy={result.loading} columns={columns} rows={page.nodes} rowKey={(row) => row.id} />}
    </ListPage>
  );
}

const FIELDS = ['name', 'municipalityId'] as const;
type FieldName = (typeof FIELDS)[number];

function CreatePanel({
  municipalities,
  onCreated,
  onCancel,
}: {
  municipalities: readonly { id: string; name: string }[] | null;
  onCreated: (name: string, secret: string) => void;
  onCancel: () => void;
}) {
  const { t } = useT('api-keys');
  const { viewer } = useSession();
  const admin = useCan('ADMIN');
  const heading = useRef<HTMLHeadingElement>(null);
  const [name, setName] = useState('');
  const [municipalityId, setMunicipalityId] = useState(admin ? '' : (viewer?.municipality?.id ?? ''));
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [other, setOther] = useState<string[]>([]);
  const [create, { loading }] = useMutation(ApiKeyCreateMutation);
  useEffect(() => heading.current?.focus(), []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: Partial<Record<FieldName, string>> = {};
    if (!name.trim()) local.name = t('errors.REQUIRED');
    if (!municipalityId) local.municipalityId = t('errors.REQUIRED');
    setOther([]);
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    try {
      const result = await create({ variables: { input: { name: name.trim(), municipalityId } } });
      const payload = result.data?.createApiKey;
      if (!payload?.secret || !payload.apiKey) {
        const byField: Partial<Record<FieldName, string>> = {};
        const others: string[] = [];
        for (const error of (payload?.userErrors ?? []) as readonly UserErrorLike[]) {
          const field = fieldOf(error);
          const text = t(`errors.${error.code}`, { defaultValue: '' }) || error.message;
          if ((FIELDS as readonly string[]).includes(field)) byField[field as FieldName] ??= text;
          else others.push(text);
        }
        setErrors(byField);
        return setOther(others);
      }
      onCreated(payload.apiKey.name, payload.secret);
    } catch {
      setOther([t('state.offline')]);
    }
  }

  return (
    <section className="admin-panel" aria-labelledby="api-key-new-title">
      <h2 id="api-key-new-title" tabIndex={-1} ref={heading}>
        {t('createTitle')}
      </h2>
      {other.length > 0 && (
        <div className="form-summary" role="alert">
          {other.map((text) => (
            <p key={text}>{text}</p>
          ))}
        </div>
      )}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-label={t('createTitle')}>
        <Field id="api-key-name" label={t('labels.name')} error={errors.name} hint={t('nameHint')}>
          <input type="text" {...invalidProps('api-key-name', errors.name, 'api-key-name-hint')} value={name} maxLength={LIMITS.apiKeyNameMaxLength} required onChange={(e) => setName(e.target.value)} />
        </Field>
        {admin ? (
          <Field id="api-key-municipalityId" label={t('labels.municipalityId')} error={errors.municipalityId}>
            <select {...invalidProps('api-key-municipalityId', errors.municipalityId)} value={municipalityId} required onChange={(e) => setMunicipalityId(e.target.value)}>
              <option value="">{municipalities ? t('chooseMunicipality') : t('state.loading')}</option>
              <Options options={municipalities?.map((m) => ({ value: m.id, label: m.name }))} />
            </select>
          </Field>
        ) : (
          <p>
            <strong>{t('labels.municipalityId')}:</strong> {viewer?.municipality?.name}
          </p>
        )}
        <FormActions busy={loading} label={t('create')} busyLabel={t('state.saving')} cancel={{ label: t('cancel'), onClick: onCancel }} />
      </form>
    </section>
  );
}

/** The secret, shown this once, with a copy button; it lives only in this component's state. */
function SecretPanel({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const { t } = useT('api-keys');
  const toast = useToast();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      toast(t('copied'));
    } catch {
      toast(t('copyFailed'), 'error');
    }
  }

  return (
    <section className="secret-panel" aria-labelledby="api-key-secret-title">
      <h2 id="api-key-secret-title" tabIndex={-1} ref={heading}>
        {t('secretTitle')}
      </h2>
      <p role="alert">{t('secretWarning')}</p>
      <p className="hint" id="api-key-secret-label">
        {t('secretLabel', { name })}
      </p>
      <code aria-labelledby="api-key-secret-label" data-testid="api-key-secret">
        {secret}
      </code>
      <div className="form-actions">
        <button type="button" className="primary" onClick={() => void copy()}>
          {t('copy')}
        </button>
        <button type="button" onClick={onDone}>
          {t('secretDone')}
        </button>
      </div>
    </section>
  );
}

function RevokePanel({ apiKey, onDone, onCancel }: { apiKey: Row; onDone: () => void; onCancel: () => void }) {
  const { t } = useT('api-keys');
  const toast = useToast();
  const heading = useRef<HTMLHeadingElement>(null);
  const [revoke, { loading }] = useMutation(ApiKeyRevokeMutation);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => heading.current?.focus(), []);

  async function confirm() {
    try {
      const result = await revoke({ variables: { input: { id: apiKey.id } } });
      const errors = result.data?.revokeApiKey.userErrors ?? [];
      if (errors.length > 0 || !result.data?.revokeApiKey.apiKey) return setProblem(errors.map((e) => t(`errors.${e.code}`, { defaultValue: '' }) || e.message).join(' '));
    } catch {
      return setProblem(t('state.offline'));
    }
    toast(t('revoked', { name: apiKey.name }));
    onDone();
  }

  return (
    <section className="confirm-panel" aria-labelledby="api-key-revoke-title">
      <h2 id="api-key-revoke-title" tabIndex={-1} ref={heading}>
        {t('revokeTitle', { name: apiKey.name })}
      </h2>
      <p>{t('revokeText')}</p>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="danger" onClick={() => void confirm()} disabled={loading} aria-busy={loading}>
          {loading ? t('state.saving') : t('confirmRevoke')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </section>
  );
}
