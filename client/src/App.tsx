import { useApolloClient } from '@apollo/client/react';
import { useState } from 'react';
import { LoginForm } from './LoginForm';
import { ProgramTable } from './ProgramTable';
import { session } from './session';

/** The shell of the admin SPA; the screens themselves are built in the SPA issue. */
export function App() {
  const client = useApolloClient();
  const [token, setToken] = useState(session.get());

  function signIn(value: string) {
    session.set(value);
    setToken(value);
  }

  async function signOut() {
    session.clear();
    setToken(null);
    await client.clearStore();
  }

  return (
    <>
      <header className="top">
        <strong>Schoolmix</strong> <span>Plan Samenleven · actie 20: sociale mix in scholen bevorderen</span>
        {token && (
          <button type="button" onClick={signOut}>
            Afmelden
          </button>
        )}
      </header>
      <main>
        {token ? (
          <>
            <h1>Programma per projectperiode</h1>
            <ProgramTable />
          </>
        ) : (
          <LoginForm onToken={signIn} />
        )}
      </main>
    </>
  );
}
