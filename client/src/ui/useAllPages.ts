import type { ApolloClient, OperationVariables, TypedDocumentNode } from '@apollo/client';
import { useApolloClient } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { allPages } from './CsvButton';

/** A connection as the API returns it: a page of nodes and where the next page starts. */
export interface Connection<T> {
  nodes: readonly T[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
}

type PagedVariables = OperationVariables & { after?: string | null };

/**
 * Every node of a paged query, page after page: `variables` (a list's filters and order, and
 * `first: 100` for the CSV download) with `after` set to each next cursor; `connection` picks the
 * paged field from an answer. Fresh from the server unless `fetchPolicy` says otherwise.
 */
export function queryAllPages<TData, TVariables extends PagedVariables, TNode>(
  client: ApolloClient,
  query: TypedDocumentNode<TData, TVariables>,
  variables: Omit<TVariables, 'after'>,
  connection: (data: TData) => Connection<TNode>,
  fetchPolicy: 'cache-first' | 'network-only' = 'network-only',
): Promise<TNode[]> {
  return allPages(async (after) => {
    const { data } = await client.query({ query, variables: { ...variables, after } as TVariables, fetchPolicy });
    const page = connection(data as TData);
    return { nodes: page.nodes, endCursor: page.pageInfo.endCursor, hasNextPage: page.pageInfo.hasNextPage };
  });
}

/**
 * Every node of a paged query — the choices of a filter or a form select — fetched page by page
 * (the query takes only `$after`) once `enabled`. null until they have all arrived, [] when loading
 * failed (the control then offers only what needs no list).
 */
export function useAllPages<TData, TNode>(
  query: TypedDocumentNode<TData, { after?: string | null }>,
  connection: (data: TData) => Connection<TNode>,
  { enabled = true, fetchPolicy = 'cache-first' }: { enabled?: boolean; fetchPolicy?: 'cache-first' | 'network-only' } = {},
): TNode[] | null {
  const client = useApolloClient();
  const [options, setOptions] = useState<TNode[] | null>(null);
  // Not on `connection`: it only picks a field, and is a new function on every render.
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    queryAllPages(client, query, {}, connection, fetchPolicy)
      .then((rows) => live && setOptions(rows))
      .catch(() => live && setOptions([]));
    return () => {
      live = false;
    };
  }, [client, enabled, query, fetchPolicy]);
  return options;
}
