import { gql } from '@apollo/client';
import { useMutation } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';

export const LOGIN = gql`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      token
      userErrors { field message code }
    }
  }
`;

interface LoginResult {
  login: { token: string | null; userErrors: { field: string[]; message: string; code: string }[] };
}

const DUTCH: Record<string, string> = {
  INVALID_CREDENTIALS: 'Onbekend e-mailadres of verkeerd wachtwoord.',
  RATE_LIMITED: 'Te veel mislukte pogingen. Probeer het over een kwartier opnieuw.',
};

/** E-mail and password; on success hands the session token to `onToken`. */
export function LoginForm({ onToken }: { onToken: (token: string) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [login, { loading, data, error }] = useMutation<LoginResult>(LOGIN);
  const refusal = data?.login.userErrors[0];
  const problem = error ? 'De server is niet bereikbaar; probeer het opnieuw.' : refusal && (DUTCH[refusal.code] ?? refusal.message);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await login({ variables: { input: { email, password } } });
    const token = result.data?.login.token;
    if (token) onToken(token);
  }

  return (
    <form onSubmit={submit} className="login" aria-labelledby="login-title">
      <h1 id="login-title">Aanmelden</h1>
      <label>
        E-mailadres
        <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label>
        Wachtwoord
        <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      {problem && <p role="alert">{problem}</p>}
      <button type="submit" disabled={loading}>{loading ? 'Bezig…' : 'Aanmelden'}</button>
    </form>
  );
}
