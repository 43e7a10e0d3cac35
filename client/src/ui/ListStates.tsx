import type { ErrorLike } from '@apollo/client';
import type { ReactNode } from 'react';
import { TableSkeleton } from './Skeleton';
import { EmptyState, ErrorState } from './States';
import type { ListState } from './useListState';

/**
 * The first load of a list: the error with a retry button while nothing has arrived, a table
 * skeleton while it loads; then `children(data)`. Old rows stay while a newer page loads, so only
 * the first load shows the skeleton.
 */
export function ListLoad<T>({
  data,
  error,
  onRetry,
  columns,
  rows,
  children,
}: {
  data: T | null | undefined;
  error: ErrorLike | undefined;
  onRetry: () => unknown;
  /** The skeleton's shape. */
  columns?: number;
  rows?: number;
  children: (data: T) => ReactNode;
}) {
  if (!data) return error ? <ErrorState error={error} onRetry={() => void onRetry()} /> : <TableSkeleton columns={columns} rows={rows} />;
  return <>{children(data)}</>;
}

/**
 * A list with no rows. With filters set: "nothing matches" (`noMatch`) with a button that clears
 * them; without: "nothing yet" (`title`) and what to do about it (`children`).
 */
export function ListEmpty({
  list,
  noMatch,
  title,
  children,
}: {
  list: Pick<ListState<string, string>, 'hasFilters' | 'clearFilters'>;
  noMatch: { title: string; text?: string; clear: string };
  title: string;
  children?: ReactNode;
}) {
  if (list.hasFilters) {
    return (
      <EmptyState title={noMatch.title}>
        {noMatch.text && <p>{noMatch.text}</p>}
        <button type="button" onClick={list.clearFilters}>
          {noMatch.clear}
        </button>
      </EmptyState>
    );
  }
  return <EmptyState title={title}>{children}</EmptyState>;
}

/** The line above a list: how many rows match (announced when it changes) and actions such as the CSV download. */
export function ListMeta({ count, children }: { count: string; children?: ReactNode }) {
  return (
    <div className="list-meta">
      <span aria-live="polite">{count}</span>
      {children}
    </div>
  );
}
