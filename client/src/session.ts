/** The session token, kept for the browser tab only (sessionStorage). */
const KEY = 'schoolmix.session';

export const session = {
  get: (): string | null => sessionStorage.getItem(KEY),
  set: (token: string) => sessionStorage.setItem(KEY, token),
  clear: () => sessionStorage.removeItem(KEY),
};
