import type { MockLink } from '@apollo/client/testing';
import type { DocumentNode } from 'graphql';
import { MunicipalityOptionsQuery } from '../ui/municipality-options.query';

type Variables = Record<string, any>;
type Response = { data: unknown } | { errors: unknown[] };

/** A page of a connection as the API answers it (a cursor only when there is a next page). */
export function connection<T>(typename: string, nodes: T[], totalCount = nodes.length, hasNextPage = false) {
  return {
    __typename: typename,
    totalCount,
    pageInfo: { __typename: 'PageInfo', hasNextPage, endCursor: hasNextPage ? 'bzoxMDA' : null },
    nodes,
  };
}

/**
 * A mock for a request of `query` with any variables that first records in `seen` what it sent —
 * its `input` (a mutation's argument), or `of: 'variables'` all of them — and then answers
 * `response` (or what `response(variables)` returns). It answers once unless `always`.
 */
export function recording(
  query: DocumentNode,
  seen: unknown[],
  response: Response | ((variables: Variables) => Response),
  { of = 'input', always = false, delay }: { of?: 'input' | 'variables'; always?: boolean; delay?: number } = {},
): MockLink.MockedResponse {
  return {
    request: { query, variables: () => true },
    ...(delay === undefined ? {} : { delay }),
    result: (variables: Variables) => {
      seen.push(of === 'input' ? variables.input : variables);
      return (typeof response === 'function' ? response(variables) : response) as never;
    },
    ...(always ? { maxUsageCount: Number.POSITIVE_INFINITY } : {}),
  };
}

/** The municipality pickers' options (ui/municipality-options.query.ts), one page of them. */
export function municipalityOptionsMock(nodes: { id: string; name: string; nisCode?: string; validTo?: string | null }[]): MockLink.MockedResponse {
  return {
    request: { query: MunicipalityOptionsQuery, variables: { after: null } },
    result: {
      data: {
        municipalities: {
          __typename: 'MunicipalityConnection',
          pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
          nodes: nodes.map(({ validTo = null, ...municipality }) => ({ __typename: 'Municipality', ...municipality, validTo })),
        },
      },
    },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}
