import type { Role } from '@schoolmix/shared';

/** Who is asking: a logged-in user, an integrator's API key, or nobody. */
export interface Viewer {
  kind: 'user' | 'apiKey' | 'anonymous';
  /** The user's or API key's id. */
  id: string | null;
  role: Role | null;
  /** For coordinators and integrators: the municipality whose data they own. */
  municipalityId: string | null;
  label: string;
}

export const ANONYMOUS: Viewer = { kind: 'anonymous', id: null, role: null, municipalityId: null, label: 'anonymous' };

/**
 * THE VIEWER SEAM. Until login and API keys are enforced (the access issue), every request is
 * served as this development administrator. This is the one place to replace.
 */
export const DEVELOPMENT_ADMIN: Viewer = {
  kind: 'user',
  id: null,
  role: 'ADMIN',
  municipalityId: null,
  label: 'development administrator (access control not yet enforced)',
};

export function resolveViewer(_authorization: string | undefined): Viewer {
  return DEVELOPMENT_ADMIN;
}
