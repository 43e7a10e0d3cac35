import type { MockLink } from '@apollo/client/testing';
import { MockedProvider } from '@apollo/client/testing/react';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { SessionProvider } from '../app/SessionProvider';
import { session } from '../app/session';
import { i18next } from '../i18n';
import { ToastProvider } from '../ui/Toast';

export interface ViewerMock {
  role: 'ADMIN' | 'REVIEWER' | 'ANALYST' | 'COORDINATOR' | 'INTEGRATOR';
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
          municipality: viewer.municipality ? { __typename: 'Municipality', mergedFrom: [], ...viewer.municipality } : null,
        },
      },
    },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}

/**
 * Renders a screen as the app does — Apollo (mocked responses), session, toasts, router at
 * `path` — in Dutch unless `language` says otherwise. `route` is the route pattern (e.g.
 * `/projecten/:id`), `path` the URL.
 */
export function renderScreen(
  element: ReactElement,
  { mocks = [], path = '/', route = path, signedIn = true, language = 'nl' }: { mocks?: readonly MockLink.MockedResponse[]; path?: string; route?: string; signedIn?: boolean; language?: 'nl' | 'en' } = {},
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
  const utils = render(
    <MockedProvider mocks={mocks}>
      <SessionProvider>
        <ToastProvider>
          <RouterProvider router={router} />
        </ToastProvider>
      </SessionProvider>
    </MockedProvider>,
  );
  return { ...utils, router };
}
