/**
 * Every URL of the SPA in one place (Dutch, as the users speak): `ROUTES` holds the patterns the
 * router matches, `paths` the typed builders every link, redirect and back link uses. A renamed
 * URL is one edit here; the router and the links cannot drift apart.
 */
export const ROUTES = {
  login: '/aanmelden',
  dashboard: '/',
  municipalities: '/gemeenten',
  municipality: '/gemeenten/:id',
  projects: '/projecten',
  projectNew: '/projecten/nieuw',
  project: '/projecten/:id',
  projectEdit: '/projecten/:id/bewerken',
  projectDossier: '/projecten/:id/dossier',
  householdNew: '/projecten/:id/gezinnen/nieuw',
  schools: '/scholen',
  school: '/scholen/:id',
  events: '/activiteiten',
  eventNew: '/activiteiten/nieuw',
  event: '/activiteiten/:id',
  eventEdit: '/activiteiten/:id/bewerken',
  attendance: '/activiteiten/:id/aanwezigheden',
  organizations: '/organisaties',
  organizationNew: '/organisaties/nieuw',
  organizationEdit: '/organisaties/:id/bewerken',
  users: '/gebruikers',
  apiKeys: '/api-sleutels',
  audit: '/audit',
  finalReports: '/eindrapporten',
  periods: '/periodes',
  settlement: '/periodes/:id/afrekening',
  notifications: '/meldingen',
} as const;

export type RouteName = keyof typeof ROUTES;

/** `?name=value` for the set values only ('' when none). */
function query(values: Record<string, string | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value) params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The URL of each screen; ids are the API's UUIDs. */
export const paths = {
  /** The login; `back` is where to return after it (left out for the dashboard). */
  login: (back?: string) => ROUTES.login + (back && back !== '/' ? query({ terug: back }) : ''),
  dashboard: ROUTES.dashboard,
  municipalities: ROUTES.municipalities,
  municipality: (id: string) => `/gemeenten/${id}`,
  projects: ROUTES.projects,
  projectNew: ROUTES.projectNew,
  project: (id: string) => `/projecten/${id}`,
  projectEdit: (id: string) => `/projecten/${id}/bewerken`,
  projectDossier: (id: string) => `/projecten/${id}/dossier`,
  householdNew: (projectId: string) => `/projecten/${projectId}/gezinnen/nieuw`,
  schools: (filter: { municipality?: string } = {}) => ROUTES.schools + query(filter),
  school: (id: string) => `/scholen/${id}`,
  events: ROUTES.events,
  /** The new-event form, for a project when given (`?project=`). */
  eventNew: (projectId?: string | null) => ROUTES.eventNew + query({ project: projectId }),
  event: (id: string) => `/activiteiten/${id}`,
  eventEdit: (id: string) => `/activiteiten/${id}/bewerken`,
  attendance: (eventId: string) => `/activiteiten/${eventId}/aanwezigheden`,
  organizations: (filter: { municipality?: string } = {}) => ROUTES.organizations + query(filter),
  organizationNew: ROUTES.organizationNew,
  organizationEdit: (id: string) => `/organisaties/${id}/bewerken`,
  users: ROUTES.users,
  apiKeys: ROUTES.apiKeys,
  audit: ROUTES.audit,
  finalReports: ROUTES.finalReports,
  periods: ROUTES.periods,
  settlement: (periodId: string) => `/periodes/${periodId}/afrekening`,
  notifications: ROUTES.notifications,
} as const;
