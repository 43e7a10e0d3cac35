import type { ErrorLike, OperationVariables, TypedDocumentNode } from '@apollo/client';
import { useQuery } from '@apollo/client/react';

/** What a list screen's query gives <ListPage>: the page on screen, the latest error and how to ask again. */
export interface ListResult<P> {
  /** The connection picked from the answer; while the next page loads, from the previous answer (the rows stay put). */
  page: P | null | undefined;
  loading: boolean;
  error: ErrorLike | undefined;
  refetch: () => unknown;
}

/** A list screen's query: `useQuery` with `options`, and `pick` choosing the connection the list shows. */
export function useListQuery<TData, TVariables extends OperationVariables, P>(
  query: TypedDocumentNode<TData, TVariables>,
  options: useQuery.Options<NoInfer<TData>, NoInfer<TVariables>>,
  pick: (data: TData) => P | null | undefined,
): ListResult<P> {
  const { data, previousData, loading, error, refetch } = useQuery(query, options);
  const answer = (data ?? previousData);
  return { page: answer && pick(answer), loading, error, refetch };
}
