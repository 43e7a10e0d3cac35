import { Suspense } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { LANGUAGES, setLanguage, useT } from '../i18n';
import { ErrorBoundary } from '../ui/ErrorBoundary';
import { Skeleton } from '../ui/Skeleton';
import { useCan, useSession } from './SessionProvider';

/** The frame of every screen: skip link, header with menu, language and sign-out, the screen. */
export function Layout() {
  const { t, i18n } = useT();
  const { viewer, signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const seesAudit = useCan('ADMIN', 'REVIEWER');
  async function signOutAndLeave() {
    await signOut();
    void navigate('/aanmelden');
  }
  const admin = useCan('ADMIN');
  const municipalityStaff = useCan('ADMIN', 'COORDINATOR');
  const links = [
    { to: '/', label: t('nav.dashboard'), end: true },
    { to: '/gemeenten', label: t('nav.municipalities') },
    { to: '/projecten', label: t('nav.projects') },
    { to: '/scholen', label: t('nav.schools') },
    { to: '/activiteiten', label: t('nav.events') },
    ...(municipalityStaff ? [{ to: '/organisaties', label: t('nav.organizations') }] : []),
    ...(admin ? [{ to: '/gebruikers', label: t('nav.users') }] : []),
    ...(municipalityStaff ? [{ to: '/api-sleutels', label: t('nav.apiKeys') }] : []),
    ...(seesAudit ? [{ to: '/audit', label: t('nav.audit') }] : []),
    ...(viewer?.role === 'ADMIN' ? [{ to: '/periodes', label: t('nav.periods') }] : []),
    ...(viewer?.kind === 'user'
      ? [{ to: '/meldingen', label: viewer.unreadNotifications > 0 ? t('nav.notificationsUnread', { count: viewer.unreadNotifications }) : t('nav.notifications') }]
      : []),
  ];
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="top">
        <div className="brand">
          <strong>{t('app.name')}</strong>
          <span>{t('app.tagline')}</span>
        </div>
        <nav aria-label={t('nav.label')}>
          <ul>
            {links.map((link) => (
              <li key={link.to}>
                <NavLink to={link.to} end={link.end}>
                  {link.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account">
          <label>
            <span className="visually-hidden">{t('nav.language')}</span>
            <select value={i18n.language} onChange={(e) => setLanguage(e.target.value as (typeof LANGUAGES)[number])}>
              {LANGUAGES.map((language) => (
                <option key={language} value={language}>
                  {language === 'nl' ? 'Nederlands' : 'English'}
                </option>
              ))}
            </select>
          </label>
          {viewer && (
            <span className="who">
              {t('nav.signedInAs', { email: viewer.label, role: viewer.role ? t(`roles.${viewer.role}`) : '' })}
              {viewer.municipality && ` · ${viewer.municipality.name}`}
            </span>
          )}
          <button
            type="button"
            onClick={() => void signOutAndLeave()}
          >
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <ErrorBoundary resetKey={location.pathname}>
          <Suspense fallback={<Skeleton lines={6} />}>
            <Outlet />
          </Suspense>
        </ErrorBoundary>
      </main>
    </>
  );
}
