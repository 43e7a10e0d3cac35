import type { ReactNode } from 'react';
import { ListEmpty, ListLoad, ListMeta } from './ListStates';
import { PageHeader } from './PageHeader';
import { Pager } from './Pager';
import { Options } from './SelectField';
import { ErrorState } from './States';
import type { ListResult } from './useListQuery';
import type { ListState } from './useListState';

type AnyList = Pick<ListState<string, string>, 'page' | 'pageSize' | 'searchForPage' | 'hasFilters' | 'clearFilters'>;

/**
 * The skeleton of a list screen: the page header (title, lead, actions), whatever comes before the
 * filters (panels), the filters, then the list's states — skeleton or error before the first
 * answer, a newer error above the old rows, the result count (with tools such as the CSV button),
 * "nothing yet/no match" (`empty`) or the rows (`children`, usually a DataTable) and the pager.
 */
export function ListPage<P extends { totalCount: number }>({
  title,
  lead,
  actions,
  className,
  before,
  filters,
  list,
  result: { page, error, refetch: onRetry },
  skeletonColumns,
  count,
  tools,
  empty,
  pagerLabel,
  children,
}: {
  title: string;
  lead?: ReactNode;
  actions?: ReactNode;
  /** The screen's class (its CSS); without it no wrapping element. */
  className?: string;
  before?: ReactNode;
  filters?: ReactNode;
  list: AnyList;
  /** The list's query (useListQuery): the page, the error and the retry. */
  result: Pick<ListResult<P>, 'page' | 'error' | 'refetch'>;
  skeletonColumns?: number;
  /** The result count above the rows ("12 organisaties"); none when not given. */
  count?: (page: P) => string;
  tools?: (page: P) => ReactNode;
  /**
   * No rows: "nothing yet" (`title`, then `text` and `children`: what to do about it) or, while a
   * filter is set, "nothing matches" (`noMatch`) with the button that clears the filters.
   */
  empty: { title: string; text?: string; noMatch: { title: string; text?: string; clear: string }; children?: ReactNode };
  pagerLabel?: string;
  children: (page: P) => ReactNode;
}) {
  const body = (
    <>
      <PageHeader title={title} lead={lead}>
        {actions}
      </PageHeader>
      {before}
      {filters}
      <ListLoad data={page} error={error} onRetry={onRetry} columns={skeletonColumns}>
        {(page) => (
          <>
            {error && <ErrorState error={error} onRetry={() => void onRetry()} />}
            {count && <ListMeta count={count(page)}>{tools?.(page)}</ListMeta>}
            {page.totalCount === 0 ? (
              <ListEmpty list={list} noMatch={empty.noMatch} title={empty.title}>
                {empty.text || empty.children ? (
                  <>
                    {empty.text && <p>{empty.text}</p>}
                    {empty.children}
                  </>
                ) : undefined}
              </ListEmpty>
            ) : (
              <>
                {children(page)}
                <Pager total={page.totalCount} page={list.page} pageSize={list.pageSize} searchForPage={list.searchForPage} label={pagerLabel} />
              </>
            )}
          </>
        )}
      </ListLoad>
    </>
  );
  return className ? <div className={className}>{body}</div> : body;
}

/** The filter bar: its fields and, while any filter is set, the button that clears them all. */
export function ListFilters({ list, clearLabel, className = 'filters', children }: { list: AnyList; clearLabel?: string; className?: string; children: ReactNode }) {
  return (
    <div className={className}>
      {children}
      {clearLabel && list.hasFilters && (
        <button type="button" onClick={list.clearFilters}>
          {clearLabel}
        </button>
      )}
    </div>
  );
}


/**
 * A select of the filter bar, its label around it: "all" (the empty value) first, then the
 * options. `pending` is the text of a chosen value that is not among the options (they are still
 * loading), so the choice in the URL stays shown; without it such a value gets no option.
 */
export function FilterSelect({
  label,
  value,
  onChange,
  all,
  options,
  pending,
}: {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  all: string;
  options: readonly { value: string; label: ReactNode }[] | null | undefined;
  pending?: string | false;
}) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{all}</option>
        <Options options={options} />
        {pending && value && !options?.some((option) => option.value === value) && <option value={value}>{pending}</option>}
      </select>
    </label>
  );
}
