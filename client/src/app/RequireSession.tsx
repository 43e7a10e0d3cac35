import { Navigate, Outlet, useLocation } from 'react-router';
import { paths } from './paths';
import { useSession } from './SessionProvider';

/** Screens behind the login: without a session, go to the login and come back afterwards. */
export function RequireSession() {
  const { token } = useSession();
  const location = useLocation();
  if (!token) {
    const back = `${location.pathname}${location.search}`;
    return <Navigate to={paths.login(back)} replace />;
  }
  return <Outlet />;
}
