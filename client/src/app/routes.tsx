import type { RouteObject } from 'react-router';
import { NotFound } from '../ui/States';
import { Layout } from './Layout';
import { ROUTES } from './paths';
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
  { path: ROUTES.login, ...screen(() => import('../features/login/LoginPage')), errorElement: <RouteError /> },
  {
    element: <RequireSession />,
    errorElement: <RouteError />,
    children: [
      // The printable dossier: one page without the menu (issue 14).
      { path: ROUTES.projectDossier, ...screen(() => import('../features/dossier/DossierPage')) },
      {
        element: <Layout />,
        errorElement: <RouteError />,
        children: [
          { index: true, ...screen(() => import('../features/dashboard/DashboardPage')) },
          { path: ROUTES.municipalities, ...screen(() => import('../features/municipalities/MunicipalityListPage')) },
          { path: ROUTES.municipality, ...screen(() => import('../features/municipalities/MunicipalityPage')) },
          { path: ROUTES.projects, ...screen(() => import('../features/projects/ProjectListPage')) },
          { path: ROUTES.projectNew, ...screen(() => import('../features/projects/ProjectFormPage')) },
          { path: ROUTES.project, ...screen(() => import('../features/projects/ProjectPage')) },
          { path: ROUTES.projectEdit, ...screen(() => import('../features/projects/ProjectFormPage')) },
          { path: ROUTES.householdNew, ...screen(() => import('../features/households/RegisterHouseholdPage')) },
          { path: ROUTES.schools, ...screen(() => import('../features/schools/SchoolListPage')) },
          { path: ROUTES.school, ...screen(() => import('../features/schools/SchoolPage')) },
          { path: ROUTES.events, ...screen(() => import('../features/events/EventListPage')) },
          { path: ROUTES.eventNew, ...screen(() => import('../features/events/EventFormPage')) },
          { path: ROUTES.event, ...screen(() => import('../features/events/EventPage')) },
          { path: ROUTES.eventEdit, ...screen(() => import('../features/events/EventFormPage')) },
          { path: ROUTES.attendance, ...screen(() => import('../features/attendance/AttendancePage')) },
          { path: ROUTES.organizations, ...screen(() => import('../features/organizations/OrganizationListPage')) },
          { path: ROUTES.organizationNew, ...screen(() => import('../features/organizations/OrganizationFormPage')) },
          { path: ROUTES.organizationEdit, ...screen(() => import('../features/organizations/OrganizationFormPage')) },
          { path: ROUTES.users, ...screen(() => import('../features/users/UserListPage')) },
          { path: ROUTES.apiKeys, ...screen(() => import('../features/api-keys/ApiKeyListPage')) },
          { path: ROUTES.audit, ...screen(() => import('../features/audit/AuditPage')) },
          { path: ROUTES.finalReports, ...screen(() => import('../features/final-reports/FinalReportsPage')) },
          { path: ROUTES.periods, ...screen(() => import('../features/periods/PeriodsPage')) },
          { path: ROUTES.settlement, ...screen(() => import('../features/settlement/SettlementPage')) },
          { path: ROUTES.notifications, ...screen(() => import('../features/notifications/NotificationsPage')) },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
];
