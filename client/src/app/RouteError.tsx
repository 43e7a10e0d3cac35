import { isRouteErrorResponse, useNavigate, useRouteError } from 'react-router';
import { useT } from '../i18n';
import { NotFound } from '../ui/States';

/** A screen that failed to load or crashed: explain and offer a retry (reloads the chunk). */
export function RouteError() {
  const error = useRouteError();
  const navigate = useNavigate();
  const { t } = useT();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFound />;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <main id="main" className="error-state" role="alert">
      <h1>{t('state.error', { message })}</h1>
      <button type="button" onClick={() => void navigate(0)}>
        {t('state.retry')}
      </button>
    </main>
  );
}
