import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useT } from '../i18n';

/**
 * The way back above a page's h1: one link, in a `navigation` landmark named "Kruimelpad".
 * `back` puts an arrow before it (the link returns to where the user came from, e.g. the list as
 * it was left: `listHref(paths.projects)`).
 */
export function Breadcrumb({ to, back, children }: { to: string; back?: boolean; children: ReactNode }) {
  const { t } = useT();
  return (
    <nav aria-label={t('nav.breadcrumb')} className="breadcrumb">
      <Link to={to}>
        {back && '← '}
        {children}
      </Link>
    </nav>
  );
}
