import type { Role } from '@schoolmix/shared';

/** Who is asking: a logged-in user, an integrator's API key, or nobody. */
export interface Viewer {
  kind: 'user' | 'apiKey' | 'anonymous';
  /** The user's or API key's id. */
  id: string | null;
  role: Role | null;
  /** For coordinators and integrators: the municipality whose data they own. */
  municipalityId: string | null;
  /**
   * Every municipality whose rows this viewer owns: its own, plus the pre-2025 municipalities
   * merged into it (Antwerpen's coordinator owns Borsbeek's earlier projects).
   */
  ownedMunicipalityIds: readonly string[];
  label: string;
  /** For a session token: the session's id and end (what `logout` revokes); null for API keys and anonymous. */
  session?: { id: string; expiresAt: Date } | null;
}

export const ANONYMOUS: Viewer = { kind: 'anonymous', id: null, role: null, municipalityId: null, ownedMunicipalityIds: [], label: 'anonymous' };
