import type { ErrorLike } from '@apollo/client';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useT } from '../i18n';

/** What to show when a list or a section has nothing: say why and what to do. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children && <div className="empty-text">{children}</div>}
    </div>
  );
}

/** A user-readable message for an Apollo error (never a stack trace). */
export function useErrorMessage() {
  const { t } = useT();
  return (error: ErrorLike): string => {
    if (CombinedGraphQLErrors.is(error)) {
      const first = error.errors[0];
      const code = first?.extensions?.code;
      if (code === 'FORBIDDEN') return t('state.forbidden');
      if (code === 'UNAUTHENTICATED') return t('state.sessionEnded');
      return first?.message ?? error.message;
    }
    if (ServerError.is(error) && error.statusCode === 401) return t('state.sessionEnded');
    return t('state.offline');
  };
}

/** A failed load with a retry button. */
export function ErrorState({ error, onRetry }: { error: ErrorLike; onRetry?: () => void }) {
  const { t } = useT();
  const message = useErrorMessage()(error);
  return (
    <div className="error-state" role="alert">
      <p>{t('state.error', { message })}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('state.retry')}
        </button>
      )}
    </div>
  );
}

export function NotFound() {
  const { t } = useT();
  return (
    <section className="not-found">
      <h1>{t('state.notFound')}</h1>
      <p>{t('state.notFoundText')}</p>
      <Link to="/">{t('state.backHome')}</Link>
    </section>
  );
}

/** A count that disclosure control may have withheld (null): says so, with the reason as a hint. */
export function Count({ value, format }: { value: number | null | undefined; format?: (n: number) => string }) {
  const { t } = useT();
  if (value == null) {
    return (
      <span className="withheld" title={t('state.withheldHelp')}>
        {t('state.withheld')}
      </span>
    );
  }
  return <>{format ? format(value) : new Intl.NumberFormat('nl-BE').format(value)}</>;
}
