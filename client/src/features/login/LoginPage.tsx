import { useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../../app/SessionProvider';
import { useT } from '../../i18n';
import { DataTable } from '../../ui/DataTable';
import { PageHeader } from '../../ui/PageHeader';
import { DemoLoginsQuery } from './demo-logins.query';
import { LoginMutation } from './login.mutation';
import './login.i18n';

/** Only paths inside the app are followed after signing in (no open redirect). */
function safeReturn(target: string | null): string {
  return target && target.startsWith('/') && !target.startsWith('//') ? target : '/';
}

export default function LoginPage() {
  const { t } = useT('login');
  const { token, signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [ended] = useState(() => sessionStorage.getItem('schoolmix.ended') === '1');
  const [login, { loading, data, error }] = useMutation(LoginMutation);
  const demo = useQuery(DemoLoginsQuery, { fetchPolicy: 'cache-first' });
  const refusal = data?.login.userErrors[0];
  const problem = error ? t('unreachable') : refusal && (['INVALID_CREDENTIALS', 'RATE_LIMITED'].includes(refusal.code) ? t(refusal.code) : refusal.message);
  const back = safeReturn(params.get('terug'));

  if (token) return <Navigate to={back} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await login({ variables: { input: { email, password } } });
    const next = result.data?.login.token;
    if (next) {
      sessionStorage.removeItem('schoolmix.ended');
      await signIn(next);
      void navigate(back, { replace: true });
    }
  }

  const logins = demo.data?.demoLogins ?? [];
  return (
    <main id="main" className="login-page">
      <div className="login-brand">
        <strong>{t('app.name')}</strong>
        <span>{t('app.tagline')}</span>
      </div>
      <PageHeader title={t('title')} lead={t('intro')} />
      {ended && <p className="notice">{t('state.sessionEnded')}</p>}
      <form onSubmit={(e) => void submit(e)} className="login" aria-label={t('title')}>
        <label>
          {t('email')}
          <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          {t('password')}
          <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {problem && <p role="alert">{problem}</p>}
        <button type="submit" className="primary" disabled={loading}>
          {loading ? t('busy') : t('submit')}
        </button>
      </form>
      {logins.length > 0 && (
        <section className="demo-logins" aria-labelledby="demo-title">
          <h2 id="demo-title">{t('demoTitle')}</h2>
          <p>{t('demoIntro', { password: logins[0]!.password })}</p>
          <DataTable
            caption={t('demoTitle')}
            captionHidden
            rows={logins}
            rowKey={(l) => l.email}
            columns={[
              { key: 'role', header: t('demoRole'), cell: (l) => t(`roles.${l.role}`) },
              {
                key: 'email',
                header: t('demoEmail'),
                cell: (l) => (
                  <button
                    type="button"
                    className="link"
                    // The name holds the visible e-mail (label in name) and says what the click does: it fills in the form.
                    aria-label={t('demoUse', { email: l.email, role: `${t(`roles.${l.role}`)}${l.municipalityName ? ` ${l.municipalityName}` : ''}` })}
                    onClick={() => {
                      setEmail(l.email);
                      setPassword(l.password);
                    }}
                  >
                    {l.email}
                  </button>
                ),
              },
              { key: 'municipality', header: t('demoMunicipality'), cell: (l) => l.municipalityName ?? t('none') },
            ]}
          />
        </section>
      )}
    </main>
  );
}
