import { Suspense, useEffect, useRef, useState } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { LANGUAGES, setLanguage, useT } from '../i18n';
import { ErrorBoundary } from '../ui/ErrorBoundary';
import { Skeleton } from '../ui/Skeleton';
import { ToastRegion } from '../ui/Toast';
import { paths, ROUTES } from './paths';
import { useCan, useSession } from './SessionProvider';
import { Options } from '../ui/SelectField';

/**
 * The frame of every screen: skip link, header with menu, language and sign-out, the toasts, the
 * screen. On a phone the header is one line (name + "Menu" button) and the menu and account
 * open under it; on wider screens everything shows and the button is hidden (styles.css).
 */
export function Layout() {
  const { t, i18n } = useT();
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const { viewer, signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  // A chosen menu entry closes the menu: the new screen is what the user wants to see.
  useEffect(() => setMenuOpen(false), [location.pathname]);
  const seesAudit = useCan('ADMIN', 'REVIEWER');
  async function signOutAndLeave() {
    await signOut();
    void navigate(paths.login());
  }
  const admin = useCan('ADMIN');
  const municipalityStaff = useCan('ADMIN', 'COORDINATOR');
  const links = [
    { to: paths.dashboard, label: t('nav.dashboard'), end: true },
    { to: paths.municipalities, label: t('nav.municipalities') },
    { to: paths.projects, label: t('nav.projects') },
    { to: ROUTES.schools, label: t('nav.schools') },
    { to: paths.events, label: t('nav.events') },
    ...(municipalityStaff ? [{ to: ROUTES.organizations, label: t('nav.organizations') }] : []),
    ...(admin ? [{ to: paths.users, label: t('nav.users') }] : []),
    ...(municipalityStaff ? [{ to: paths.apiKeys, label: t('nav.apiKeys') }] : []),
    ...(seesAudit ? [{ to: paths.finalReports, label: t('nav.finalReports') }] : []),
    ...(seesAudit ? [{ to: paths.audit, label: t('nav.audit') }] : []),
    ...(viewer?.role === 'ADMIN' ? [{ to: paths.periods, label: t('nav.periods') }] : []),
    ...(viewer?.kind === 'user'
      ? [{ to: paths.notifications, label: viewer.unreadNotifications > 0 ? t('nav.notificationsUnread', { count: viewer.unreadNotifications }) : t('nav.notifications') }]
      : []),
  ];
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header
        className={menuOpen ? 'top menu-open' : 'top'}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && menuOpen) {
            setMenuOpen(false);
            menuButton.current?.focus();
          }
        }}
      >
        <div className="brand">
          <strong>{t('app.name')}</strong>
          <span>{t('app.tagline')}</span>
        </div>
        <button ref={menuButton} type="button" className="menu-button" aria-expanded={menuOpen} aria-controls="top-menu top-account" onClick={() => setMenuOpen((open) => !open)}>
          <span aria-hidden="true">☰</span> {t('nav.menu')}
        </button>
        <nav aria-label={t('nav.label')} id="top-menu">
          <ul>
            {links.map((link) => (
              <li key={link.to}>
                <NavLink to={link.to} end={link.end}>
                  {link.label}
                </NavLink>
              </li>
            ))}
            <li>
              {/* Its own page (not a route of the SPA), opened in this tab so it finds this tab's session. */}
              <a href="/graphiql">{t('nav.graphiql')}</a>
            </li>
          </ul>
        </nav>
        <div className="account" id="top-account">
          <label>
            <span className="visually-hidden">{t('nav.language')}</span>
            <select value={i18n.language} onChange={(e) => setLanguage(e.target.value as (typeof LANGUAGES)[number])}>
              <Options options={LANGUAGES.map((language) => ({ value: language, label: language === 'nl' ? 'Nederlands' : 'English' }))} />
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
        <ToastRegion />
        <ErrorBoundary resetKey={location.pathname}>
          <Suspense fallback={<Skeleton lines={6} />}>
            <Outlet />
          </Suspense>
        </ErrorBoundary>
      </main>
    </>
  );
}
