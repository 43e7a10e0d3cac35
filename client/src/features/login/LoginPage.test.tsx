import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderScreen } from '../../test/render';
import { DemoLoginsQuery } from './demo-logins.query';
import LoginPage from './LoginPage';
import { LoginMutation } from './login.mutation';

const demoLogins = (logins: { email: string; role: string; municipalityName: string | null }[]) => ({
  request: { query: DemoLoginsQuery },
  result: { data: { demoLogins: logins.map((l) => ({ __typename: 'DemoLoginType', password: 'schoolmix-demo', ...l })) } },
});

const refused = {
  request: { query: LoginMutation, variables: { input: { email: 'reviewer@schoolmix.demo', password: 'schoolmix-demo' } } },
  result: {
    data: { login: { __typename: 'LoginPayload', token: null, userErrors: [{ __typename: 'UserError', field: ['input', 'password'], message: 'Unknown e-mail or wrong password', code: 'INVALID_CREDENTIALS' }] } },
  },
};

describe('LoginPage', () => {
  it('lists the demo logins; choosing one fills the form; a refusal is said in Dutch', async () => {
    const user = userEvent.setup();
    renderScreen(<LoginPage />, {
      path: '/aanmelden',
      signedIn: false,
      mocks: [
        demoLogins([
          { email: 'reviewer@schoolmix.demo', role: 'REVIEWER', municipalityName: null },
          { email: 'coordinator.gent@schoolmix.demo', role: 'COORDINATOR', municipalityName: 'Gent' },
        ]),
        refused,
      ],
    });
    const table = await screen.findByRole('table', { name: 'Demologins' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(within(table).getByRole('row', { name: /coördinator.*Gent/ })).toBeTruthy();
    expect(within(table).getByRole('button', { name: 'Vul coordinator.gent@schoolmix.demo in (coördinator Gent)' }).textContent).toBe('coordinator.gent@schoolmix.demo');
    const reviewer = within(table).getByRole('button', { name: 'Vul reviewer@schoolmix.demo in (dossierbehandelaar)' });
    expect(reviewer.textContent).toBe('reviewer@schoolmix.demo');
    await user.click(reviewer);
    expect(screen.getByLabelText<HTMLInputElement>('E-mailadres').value).toBe('reviewer@schoolmix.demo');
    expect(screen.getByLabelText<HTMLInputElement>('Wachtwoord').value).toBe('schoolmix-demo');
    await user.click(screen.getByRole('button', { name: 'Aanmelden' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Onbekend e-mailadres of verkeerd wachtwoord.');
  });

  it('lists no demo logins when the demo data set is not loaded', async () => {
    renderScreen(<LoginPage />, { path: '/aanmelden', signedIn: false, mocks: [demoLogins([])] });
    await screen.findByRole('heading', { level: 1, name: 'Aanmelden' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByRole('table', { name: 'Demologins' })).toBeNull();
  });
});
