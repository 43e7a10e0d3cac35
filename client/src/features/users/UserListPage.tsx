import { useMutation } from '@apollo/client/react';
import { ROLES, type Role } from '@schoolmix/shared';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useCan, useSession } from '../../app/SessionProvider';
import type { UserListQuery as UserListData } from '../../gql/graphql';
import { useT } from '../../i18n';
import { Field } from '../../ui/Field';
import { fmt } from '../../ui/format';
import { type Columns, DataTable } from '../../ui/DataTable';
import { ListPage } from '../../ui/ListPage';
import { useListQuery } from '../../ui/useListQuery';
import { MunicipalityOptionsQuery } from '../../ui/municipality-options.query';
import { PageHeader } from '../../ui/PageHeader';
import { useToast } from '../../ui/Toast';
import { useAllPages } from '../../ui/useAllPages';
import { useListState } from '../../ui/useListState';
import { fieldOf, invalidProps, type UserErrorLike } from '../../ui/user-errors';
import { UserCreateMutation } from './user-create.mutation';
import { UserListQuery } from './user-list.query';
import { UserUpdateMutation } from './user-update.mutation';
import './users.i18n';
import '../../ui/forms.css';
import { FormActions } from '../../ui/FormActions';
import { Options } from '../../ui/SelectField';

type Row = UserListData['users']['nodes'][number];
type Panel = { kind: 'create' } | { kind: 'edit'; user: Row } | { kind: 'active'; user: Row } | null;

/** Roles that belong to one municipality (the API refuses a municipality for the others). */
export const needsMunicipality = (role: Role | '') => role === 'COORDINATOR' || role === 'INTEGRATOR';

export default function UserListPage() {
  const { t } = useT('users');
  const admin = useCan('ADMIN');
  const { viewer } = useSession();
  const list = useListState({ filters: [] as const, defaultSort: { field: 'EMAIL', direction: 'ASC' }, sortFields: ['EMAIL'] });
  const result = useListQuery(UserListQuery, { variables: { first: list.paging.first, after: list.paging.after }, skip: !admin }, (d) => d.users);
  const [panel, setPanel] = useState<Panel>(null);

  if (!viewer) return null;
  if (!admin) {
    return (
      <>
        <PageHeader title={t('title')} />
        <p role="alert">{t('notAllowed')}</p>
      </>
    );
  }
  const self = (row: Row) => row.email === viewer.label;
  const done = () => {
    setPanel(null);
    void result.refetch();
  };

  const columns: Columns<Row> = [
    {
      key: 'email',
      header: t('columns.email'),
      cell: (row) => (
        <>
          {row.email} {self(row) && t('you')}
        </>
      ),
    },
    { key: 'role', header: t('columns.role'), cell: (row) => t(`roles.${row.role}`) },
    { key: 'municipality', header: t('columns.municipality'), cell: (row) => row.municipality?.name ?? t('none') },
    { key: 'status', header: t('columns.status'), cell: (row) => <span className={`badge ${row.active ? 'ok' : 'bad'}`}>{row.active ? t('active') : t('inactive')}</span> },
    {
      key: 'actions',
      header: t('columns.actions'),
      cell: (row) => (
        <div className="actions">
          <button type="button" className="link" aria-label={t('changeLabel', { email: row.email })} onClick={() => setPanel({ kind: 'edit', user: row })}>
            {t('change')}
          </button>
          {!self(row) && (
            <button
              type="button"
              className="link"
              aria-label={row.active ? t('deactivateLabel', { email: row.email }) : t('reactivateLabel', { email: row.email })}
              onClick={() => setPanel({ kind: 'active', user: row })}
            >
              {row.active ? t('deactivate') : t('reactivate')}
            </button>
          )}
        </div>
      ),
    },
  ];

  return (
    <ListPage
      title={t('title')}
      lead={t('lead')}
      actions={
        <button type="button" className="primary" aria-expanded={panel?.kind === 'create'} onClick={() => setPanel({ kind: 'create' })}>
          {t('add')}
        </button>
      }
      before={
        <>
          {panel?.kind === 'create' && <UserForm user={null} onDone={done} onCancel={() => setPanel(null)} />}
          {panel?.kind === 'edit' && <UserForm key={panel.user.id} user={panel.user} onDone={done} onCancel={() => setPanel(null)} />}
          {panel?.kind === 'active' && <ActivePanel key={panel.user.id} user={panel.user} onDone={done} onCancel={() => setPanel(null)} />}
        </>
      }
      list={list}
      result={result}
      skeletonColumns={5}
      count={(page) => t('results', { count: page.totalCount, formatted: fmt.int(page.totalCount) })}
      empty={{ title: t('empty'), text: t('emptyText'), noMatch: { title: t('empty'), clear: t('cancel') } }}
    >
      {(page) => <DataTable caption={t('caption')} className="admin-list" busy={result.loading} columns={columns} rows={page.nodes} rowKey={(row) => row.id} />}
    </ListPage>
  );
}

const FIELDS = ['email', 'password', 'role', 'municipalityId'] as const;
type FieldName = (typeof FIELDS)[number];

/** Create a user (e-mail, initial password, role, municipality) or change a user's role and municipality. */
function UserForm({ user, onDone, onCancel }: { user: Row | null; onDone: () => void; onCancel: () => void }) {
  const { t } = useT('users');
  const toast = useToast();
  const heading = useRef<HTMLHeadingElement>(null);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role | ''>(user?.role ?? '');
  const [municipalityId, setMunicipalityId] = useState(user?.municipality?.id ?? '');
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [other, setOther] = useState<string[]>([]);
  const municipalities = useAllPages(MunicipalityOptionsQuery, (d) => d.municipalities);
  const [create, created] = useMutation(UserCreateMutation);
  const [update, updated] = useMutation(UserUpdateMutation);
  const saving = created.loading || updated.loading;
  const prefix = user ? 'user-edit' : 'user-new';

  useEffect(() => heading.current?.focus(), []);

  const translate = (error: UserErrorLike) => t(`errors.${error.code}`, { defaultValue: '' }) || error.message;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: Partial<Record<FieldName, string>> = {};
    if (!user && !email.trim()) local.email = t('errors.REQUIRED');
    if (!user && password.length < 12) local.password = t('errors.WEAK_PASSWORD');
    if (!role) local.role = t('errors.REQUIRED');
    if (needsMunicipality(role) && !municipalityId) local.municipalityId = t('errors.REQUIRED');
    setOther([]);
    if (Object.keys(local).length > 0) return setErrors(local);
    const municipality = needsMunicipality(role) ? municipalityId : null;
    let userErrors: readonly UserErrorLike[];
    let saved: { email: string } | null | undefined;
    try {
      if (user) {
        const result = await update({ variables: { input: { id: user.id, version: user.version, role: role as Role, municipalityId: municipality } } });
        userErrors = result.data?.updateUser.userErrors ?? [];
        saved = result.data?.updateUser.user;
      } else {
        const result = await create({ variables: { input: { email: email.trim(), password, role: role as Role, municipalityId: municipality } } });
        userErrors = result.data?.createUser.userErrors ?? [];
        saved = result.data?.createUser.user;
      }
    } catch {
      return setOther([t('state.offline')]);
    }
    if (userErrors.length > 0 || !saved) {
      const byField: Partial<Record<FieldName, string>> = {};
      const others: string[] = [];
      for (const error of userErrors) {
        const field = fieldOf(error);
        if ((FIELDS as readonly string[]).includes(field)) byField[field as FieldName] ??= field === 'role' && error.code === 'INVALID' ? t('lockout') : translate(error);
        else others.push(error.code === 'INVALID' && field === 'active' ? t('lockout') : translate(error));
      }
      setErrors(byField);
      return setOther(others);
    }
    toast(user ? t('saved', { email: saved.email }) : t('created', { email: saved.email }));
    onDone();
  }

  const title = user ? t('editTitle', { email: user.email }) : t('createTitle');
  return (
    <section className="admin-panel" aria-labelledby={`${prefix}-title`}>
      <h2 id={`${prefix}-title`} tabIndex={-1} ref={heading}>
        {title}
      </h2>
      {other.length > 0 && (
        <div className="form-summary" role="alert">
          {other.map((text) => (
            <p key={text}>{text}</p>
          ))}
        </div>
      )}
      <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-label={title}>
        {!user && (
          <>
            <Field id={`${prefix}-email`} label={t('labels.email')} error={errors.email}>
              <input type="email" autoComplete="off" {...invalidProps(`${prefix}-email`, errors.email)} value={email} required onChange={(e) => setEmail(e.target.value)} />
            </Field>
            <Field id={`${prefix}-password`} label={t('labels.password')} error={errors.password} hint={t('passwordHint')}>
              <input
                type="password"
                autoComplete="new-password"
                {...invalidProps(`${prefix}-password`, errors.password, `${prefix}-password-hint`)}
                value={password}
                required
                onChange={(e) => setPassword(e.target.value)}
              />
            </Field>
          </>
        )}
        <Field id={`${prefix}-role`} label={t('labels.role')} error={errors.role} hint={role ? t(`roleHelp.${role}`) : undefined}>
          <select {...invalidProps(`${prefix}-role`, errors.role, role ? `${prefix}-role-hint` : undefined)} value={role} required onChange={(e) => setRole(e.target.value as Role)}>
            <option value="">{t('chooseRole')}</option>
            <Options options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
          </select>
        </Field>
        {needsMunicipality(role) ? (
          <Field id={`${prefix}-municipalityId`} label={t('labels.municipalityId')} error={errors.municipalityId} hint={t('municipalityHint')}>
            <select
              {...invalidProps(`${prefix}-municipalityId`, errors.municipalityId, `${prefix}-municipalityId-hint`)}
              value={municipalityId}
              required
              onChange={(e) => setMunicipalityId(e.target.value)}
            >
              <option value="">{municipalities ? t('chooseMunicipality') : t('state.loading')}</option>
              <Options options={municipalities?.map((m) => ({ value: m.id, label: m.name }))} />
              {municipalityId && !municipalities && user?.municipality && <option value={user.municipality.id}>{user.municipality.name}</option>}
            </select>
          </Field>
        ) : (
          role && <p className="hint">{t('noMunicipality')}</p>
        )}
        {user && <p className="notice">{t('sessionsEnd')}</p>}
        <FormActions busy={saving} label={user ? t('save') : t('create')} busyLabel={t('state.saving')} cancel={{ label: t('cancel'), onClick: onCancel }} />
      </form>
    </section>
  );
}

/** Deactivate (sessions end at once) or reactivate a user, after confirmation. */
function ActivePanel({ user, onDone, onCancel }: { user: Row; onDone: () => void; onCancel: () => void }) {
  const { t } = useT('users');
  const toast = useToast();
  const heading = useRef<HTMLHeadingElement>(null);
  const [update, { loading }] = useMutation(UserUpdateMutation);
  const [problem, setProblem] = useState<string | null>(null);
  const deactivating = user.active;
  useEffect(() => heading.current?.focus(), []);

  async function confirm() {
    try {
      const result = await update({ variables: { input: { id: user.id, version: user.version, active: !user.active } } });
      const errors = result.data?.updateUser.userErrors ?? [];
      if (errors.length > 0 || !result.data?.updateUser.user) {
        return setProblem(errors.map((e) => (e.code === 'INVALID' ? t('lockout') : t(`errors.${e.code}`, { defaultValue: '' }) || e.message)).join(' '));
      }
    } catch {
      return setProblem(t('state.offline'));
    }
    toast(deactivating ? t('deactivated', { email: user.email }) : t('reactivated', { email: user.email }));
    onDone();
  }

  return (
    <section className="confirm-panel" aria-labelledby="user-active-title">
      <h2 id="user-active-title" tabIndex={-1} ref={heading}>
        {deactivating ? t('deactivateTitle', { email: user.email }) : t('reactivateTitle', { email: user.email })}
      </h2>
      <p>{deactivating ? t('deactivateText') : t('reactivateText')}</p>
      {problem && (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className={deactivating ? 'danger' : 'primary'} onClick={() => void confirm()} disabled={loading} aria-busy={loading}>
          {loading ? t('state.saving') : deactivating ? t('confirmDeactivate') : t('confirmReactivate')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </section>
  );
}
