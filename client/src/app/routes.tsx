import type { RouteObject } from 'react-router';
import { NotFound } from '../ui/States';
import { Layout } from './Layout';
import { RequireSession } from './RequireSession';
import { RouteError } from './RouteError';

/** A screen loaded on demand: each route is its own chunk, so the first load stays small. */
function screen(load: () => Promise<{ default: React.ComponentType }>): Pick<RouteObject, 'lazy'> {
  return { lazy: async () => ({ Component: (await load()).default }) };
}

/**
 * Every screen and its URL (Dutch, as the users speak). List state (filters, sort, page) is in
 * the query string, so every view can be bookmarked.
 */
export const routes: RouteObject[] = [
  { path: '/aanmelden', ...screen(() => import('../features/login/LoginPage')), errorElement: <RouteError /> },
  {
    element: <RequireSession />,
    errorElement: <RouteError />,
    children: [
      // The printable dossier: one page without the menu (issue 14).
      { path: 'projecten/:id/dossier', ...screen(() => import('../features/dossier/DossierPage')) },
      {
        element: <Layout />,
        errorElement: <RouteError />,
        children: [
          { index: true, ...screen(() => import('../features/dashboard/DashboardPage')) },
          { path: 'gemeenten', ...screen(() => import('../features/municipalities/MunicipalityListPage')) },
          { path: 'gemeenten/:id', ...screen(() => import('../features/municipalities/MunicipalityPage')) },
          { path: 'projecten', ...screen(() => import('../features/projects/ProjectListPage')) },
          { path: 'projecten/nieuw', ...screen(() => import('../features/projects/ProjectFormPage')) },
          { path: 'projecten/:id', ...screen(() => import('../features/projects/ProjectPage')) },
          { path: 'projecten/:id/bewerken', ...screen(() => import('../features/projects/ProjectFormPage')) },
          { path: 'projecten/:id/gezinnen/nieuw', ...screen(() => import('../features/households/RegisterHouseholdPage')) },
          { path: 'scholen', ...screen(() => import('../features/schools/SchoolListPage')) },
          { path: 'scholen/:id', ...screen(() => import('../features/schools/SchoolPage')) },
          { path: 'activiteiten', ...screen(() => import('../features/events/EventListPage')) },
          { path: 'activiteiten/nieuw', ...screen(() => import('../features/events/EventFormPage')) },
          { path: 'activiteiten/:id', ...screen(() => import('../features/events/EventPage')) },
          { path: 'activiteiten/:id/bewerken', ...screen(() => import('../features/events/EventFormPage')) },
          { path: 'activiteiten/:id/aanwezigheden', ...screen(() => import('../features/attendance/AttendancePage')) },
          { path: 'organisaties', ...screen(() => import('../features/organizations/OrganizationListPage')) },
          { path: 'organisaties/nieuw', ...screen(() => import('../features/organizations/OrganizationFormPage')) },
          { path: 'organisaties/:id/bewerken', ...screen(() => import('../features/organizations/OrganizationFormPage')) },
          { path: 'gebruikers', ...screen(() => import('../features/users/UserListPage')) },
          { path: 'api-sleutels', ...screen(() => import('../features/api-keys/ApiKeyListPage')) },
          { path: 'audit', ...screen(() => import('../features/audit/AuditPage')) },
          { path: 'eindrapporten', ...screen(() => import('../features/final-reports/FinalReportsPage')) },
          { path: 'periodes', ...screen(() => import('../features/periods/PeriodsPage')) },
          { path: 'periodes/:id/afrekening', ...screen(() => import('../features/settlement/SettlementPage')) },
          { path: 'meldingen', ...screen(() => import('../features/notifications/NotificationsPage')) },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
];
