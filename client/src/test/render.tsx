import type { ApolloClient } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import type { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { SessionProvider } from '../app/SessionProvider';
import { AuditHistoryQuery } from '../features/audit/audit-history.query';
import { FinalReportQuery } from '../features/final-reports/final-report.query';
import { ProjectDeadlineQuery } from '../features/deadlines/deadline.query';
import { session } from '../app/session';
import { i18next } from '../i18n';
import { ToastProvider } from '../ui/Toast';

export interface ViewerMock {
  role: 'ADMIN' | 'REVIEWER' | 'ANALYST' | 'COORDINATOR' | 'INTEGRATOR';
  unreadNotifications?: number;
  municipality?: { id: string; name: string; nisCode: string; mergedFrom?: { __typename: 'Municipality'; id: string }[] } | null;
}

/** The mock of the Viewer query that SessionProvider sends (see app/viewer.query.ts). */
export function viewerMock(viewer: ViewerMock, ViewerQuery: unknown): MockLink.MockedResponse {
  return {
    request: { query: ViewerQuery as never },
    result: {
      data: {
        viewer: {
          __typename: 'Viewer',
          kind: 'user',
          label: `${viewer.role.toLowerCase()}@schoolmix.demo`,
          role: viewer.role,
          unreadNotifications: viewer.unreadNotifications ?? 0,
          municipality: viewer.municipality ? { __typename: 'Municipality', mergedFrom: [], ...viewer.municipality } : null,
        },
      },
    },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}

/**
 * An empty audit history for any row: the project and event pages carry a "Geschiedenis" section
 * (features/audit/HistorySection.tsx) that tests of those pages do not look at. A test that does
 * passes its own AuditHistory mock, which is matched first.
 */
const emptyHistory: MockLink.MockedResponse = {
  request: { query: AuditHistoryQuery, variables: () => true },
  result: { data: { auditEvents: { __typename: 'AuditEventConnection', totalCount: 0, nodes: [] } } },
  maxUsageCount: Number.POSITIVE_INFINITY,
};

/**
 * No final report yet for any project: a funded project's page carries an "Eindrapport" section
 * (features/final-reports/FinalReportSection.tsx) that most tests of that page do not look at.
 */
const noFinalReport: MockLink.MockedResponse = {
  request: { query: FinalReportQuery, variables: () => true },
  result: (variables: { id: string }) => ({ data: { project: { __typename: 'Project', id: variables.id, finalReport: null } } }),
  maxUsageCount: Number.POSITIVE_INFINITY,
};

/**
 * No deadline facts for any project: the project page's "Eindrapportage" section
 * (features/deadlines/DeadlineSection.tsx) stays empty unless a test passes its own mock. An
 * error, not `project: null`: that answer would overwrite the shared `project(id)` field in the
 * cache and empty the page's own ProjectDetail query.
 */
const noDeadline: MockLink.MockedResponse = {
  request: { query: ProjectDeadlineQuery, variables: () => true },
  error: new Error('no deadline mock'),
  maxUsageCount: Number.POSITIVE_INFINITY,
};

/**
 * Renders a screen as the app does — Apollo (mocked responses), session, toasts, router at
 * `path` — in Dutch unless `language` says otherwise. `route` is the route pattern (e.g.
 * `/projecten/:id`), `path` the URL.
 */
export function renderScreen(
  element: ReactElement,
  {
    mocks = [],
    path = '/',
    route = path,
    signedIn = true,
    language = 'nl',
    client,
  }: {
    mocks?: readonly MockLink.MockedResponse[];
    path?: string;
    route?: string;
    signedIn?: boolean;
    language?: 'nl' | 'en';
    /** A real client (with the app's links) instead of mocked responses: for tests that stub fetch. */
    client?: ApolloClient;
  } = {},
) {
  void i18next.changeLanguage(language);
  if (signedIn) sessionStorage.setItem('schoolmix.session', 'test-token');
  else session.clear();
  const router = createMemoryRouter(
    [
      { path: route, element },
      { path: '*', element: <p>elders</p> },
    ],
    { initialEntries: [path] },
  );
  const screen = (
    <SessionProvider>
      <ToastProvider>
        <RouterProvider router={router} />
      </ToastProvider>
    </SessionProvider>
  );
  const utils = render(client ? <ApolloProvider client={client}>{screen}</ApolloProvider> : <MockedProvider mocks={[...mocks, emptyHistory, noFinalReport, noDeadline]}>{screen}</MockedProvider>);
  return { ...utils, router };
}
