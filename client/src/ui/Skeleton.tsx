import { useT } from '../i18n';

/** Grey placeholder lines while data loads; announced once to screen readers. */
export function Skeleton({ lines = 3, label }: { lines?: number; label?: string }) {
  const { t } = useT();
  return (
    <div className="skeleton" role="status" aria-live="polite">
      <span className="visually-hidden">{label ?? t('state.loading')}</span>
      {Array.from({ length: lines }, (_, i) => (
        <span key={i} className="skeleton-line" aria-hidden="true" style={{ width: `${90 - ((i * 17) % 40)}%` }} />
      ))}
    </div>
  );
}

/** A table-shaped skeleton for lists. */
export function TableSkeleton({ columns = 4, rows = 6, label }: { columns?: number; rows?: number; label?: string }) {
  const { t } = useT();
  return (
    <div className="skeleton" role="status" aria-live="polite">
      <span className="visually-hidden">{label ?? t('state.loading')}</span>
      <div className="skeleton-table" aria-hidden="true" style={{ gridTemplateColumns: `repeat(${columns}, 1fr)` }}>
        {Array.from({ length: columns * rows }, (_, i) => (
          <span key={i} className="skeleton-line" />
        ))}
      </div>
    </div>
  );
}
