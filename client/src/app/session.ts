/** The session token, kept for the browser tab only (sessionStorage). */
const KEY = 'schoolmix.session';
const listeners = new Set<() => void>();

export const session = {
  get: (): string | null => sessionStorage.getItem(KEY),
  set(token: string): void {
    sessionStorage.setItem(KEY, token);
    for (const listener of listeners) listener();
  },
  clear(): void {
    sessionStorage.removeItem(KEY);
    for (const listener of listeners) listener();
  },
  /** Called when the token is set or cleared (also when the server ends the session). */
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
