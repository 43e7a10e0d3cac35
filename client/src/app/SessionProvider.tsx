import { useApolloClient, useQuery } from '@apollo/client/react';
import { createContext, type ReactNode, useContext, useSyncExternalStore } from 'react';
import type { ViewerQuery as ViewerData } from '../gql/graphql';
import { LogoutMutation } from './logout.mutation';
import { session } from './session';
import { ViewerQuery } from './viewer.query';

export type Viewer = ViewerData['viewer'];

interface SessionValue {
  token: string | null;
  viewer: Viewer | null;
  loading: boolean;
  /** Empties the cache (nothing of a previous user stays), then keeps the token. */
  signIn: (token: string) => Promise<void>;
  /** Ends the session on the server (a copy of the token stops working), forgets the token, empties the cache. */
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

/** Who is signed in: the token (this tab) and the viewer the server sees behind it. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useApolloClient();
  const token = useSyncExternalStore(session.subscribe, session.get, () => null);
  // Always asked of the server: a cached viewer may be someone who signed in before in this tab.
  const { data, loading } = useQuery(ViewerQuery, { skip: !token, fetchPolicy: 'network-only' });
  const value: SessionValue = {
    token,
    viewer: token && data?.viewer.role ? data.viewer : null,
    loading: Boolean(token) && loading,
    signIn: async (next) => {
      await client.clearStore();
      session.set(next);
    },
    signOut: async () => {
      // Signing out goes on in this tab even when the server cannot be reached.
      if (session.get()) await client.mutate({ mutation: LogoutMutation, variables: { input: {} } }).catch(() => undefined);
      session.clear();
      await client.clearStore();
    },
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/**
 * The municipalities whose rows a coordinator or integrator owns: its own and the pre-2025 ones
 * merged into it (policy.ts on the server decides the same way).
 */
export function useOwnedMunicipalityIds(): string[] {
  const { viewer } = useSession();
  const own = viewer?.municipality;
  return own ? [own.id, ...own.mergedFrom.map((m) => m.id)] : [];
}

/** Whether the viewer has one of these roles. */
export function useCan(...roles: NonNullable<Viewer['role']>[]): boolean {
  const { viewer } = useSession();
  return Boolean(viewer?.role && roles.includes(viewer.role));
}
