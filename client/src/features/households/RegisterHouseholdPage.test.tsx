import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ViewerQuery } from '../../app/viewer.query';
import { renderScreen, viewerMock } from '../../test/render';
import { RegisterHouseholdProjectQuery } from './register-household-project.query';
import { RegisterHouseholdMutation } from './register-household.mutation';
import RegisterHouseholdPage from './RegisterHouseholdPage';

const GENT_COORDINATOR = viewerMock({ role: 'COORDINATOR', municipality: { id: 'm-gent', name: 'Gent', nisCode: '44021' } }, ViewerQuery);

const projectMock = {
  request: { query: RegisterHouseholdProjectQuery, variables: { id: 'p-1' } },
  result: {
    data: {
      project: {
        __typename: 'Project',
        id: 'p-1',
        title: 'Kies mee voor je buurtschool – Gent 2025',
        status: 'APPROVED',
        leadMunicipality: { __typename: 'Municipality', id: 'm-gent', name: 'Gent', nisCode: '44021', mergedInto: null },
        partnerMunicipalities: [{ __typename: 'Municipality', id: 'm-mm', name: 'Merelbeke-Melle', nisCode: '44088' }],
      },
    },
  },
};

function registerMock(input: Record<string, unknown>, payload: Record<string, unknown>) {
  return {
    request: { query: RegisterHouseholdMutation, variables: { input } },
    result: { data: { registerHousehold: { __typename: 'RegisterHouseholdPayload', household: null, userErrors: [], ...payload } } },
  };
}

const render = (mocks: unknown[], viewer = GENT_COORDINATOR) =>
  renderScreen(<RegisterHouseholdPage />, {
    path: '/projecten/p-1/gezinnen/nieuw',
    route: '/projecten/:id/gezinnen/nieuw',
    mocks: [viewer, projectMock, ...(mocks as never[])],
  });

describe('RegisterHouseholdPage', () => {
  afterEach(cleanup);

  it('shows what is wrong next to each field before sending anything, and moves focus to the first', async () => {
    const user = userEvent.setup();
    render([]);
    await screen.findByRole('heading', { level: 1, name: 'Gezin registreren' });
    await user.type(screen.getByLabelText('Gezinsreferentie'), 'Jan Peeters');
    await user.type(screen.getByLabelText('Postcode'), '900');
    await user.click(screen.getByRole('button', { name: 'Gezin registreren' }));

    const reference = screen.getByLabelText('Gezinsreferentie');
    expect(reference.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById('hh-reference-error')!.textContent).toMatch(/^Gebruik alleen letters, cijfers en \. _ -/);
    expect(reference.getAttribute('aria-describedby')).toContain('hh-reference-error');
    expect(screen.getByLabelText('Postcode').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Een Belgische postcode heeft vier cijfers, bv. 9000.')).toBeTruthy();
    // The summary lists every error, each a link to its field (as the activity form's does).
    const summary = screen.getByRole('alert');
    expect(summary.querySelector('p')!.textContent).toBe('Het gezin is niet geregistreerd. Verbeter de gemarkeerde velden.');
    expect([...summary.querySelectorAll('li a')].map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['Gezinsreferentie: Gebruik alleen letters, cijfers en . _ -: een code, geen naam, e-mailadres of adres.', '#hh-reference'],
      ['Postcode: Een Belgische postcode heeft vier cijfers, bv. 9000.', '#hh-postcode'],
    ]);
    await waitFor(() => expect(document.activeElement).toBe(reference));

    await user.clear(reference);
    await user.type(reference, 'GENT-0412345678');
    await user.click(screen.getByRole('button', { name: 'Gezin registreren' }));
    expect(document.getElementById('hh-reference-error')!.textContent).toBe('Dit lijkt op een telefoon- of rijksregisternummer. Gebruik een pseudonieme code.');
  });

  it('shows a userError of the API next to its field, in Dutch', async () => {
    const user = userEvent.setup();
    render([
      registerMock(
        { projectId: 'p-1', reference: 'GENT-25-0001', residenceNisCode: '44021', postcode: '9000', children: 1, consent: false },
        { userErrors: [{ __typename: 'UserError', field: ['input', 'reference'], message: 'A household with this reference is already registered in this project', code: 'DUPLICATE' }] },
      ),
    ]);
    await screen.findByRole('heading', { level: 1, name: 'Gezin registreren' });
    await user.type(screen.getByLabelText('Gezinsreferentie'), 'GENT-25-0001');
    await user.type(screen.getByLabelText('Postcode'), '9000');
    await user.click(screen.getByRole('button', { name: 'Gezin registreren' }));
    const error = await screen.findByText('Er is al een gezin met deze gezinsreferentie in dit project.');
    expect(error.id).toBe('hh-reference-error');
    expect(screen.getByLabelText('Gezinsreferentie').getAttribute('aria-invalid')).toBe('true');
  });

  it('registers a family with its consented characteristics, confirms it and goes back to the project', async () => {
    const user = userEvent.setup();
    const { router } = render([
      registerMock(
        {
          projectId: 'p-1',
          reference: 'GENT-25-0002',
          residenceNisCode: '44088',
          postcode: '9820',
          children: 3,
          consent: true,
          lowEducatedMother: true,
          schoolAllowance: false,
          preferredLanguage: 'ar',
        },
        { household: { __typename: 'Household', id: 'h-new', reference: 'GENT-25-0002' } },
      ),
    ]);
    await screen.findByRole('heading', { level: 1, name: 'Gezin registreren' });
    // Characteristics only appear once the family consents.
    expect(screen.queryByRole('group', { name: 'Kenmerken (met toestemming)' })).toBeNull();
    await user.type(screen.getByLabelText('Gezinsreferentie'), 'GENT-25-0002');
    await user.selectOptions(screen.getByLabelText('Woonplaats'), 'Merelbeke-Melle (44088)');
    await user.type(screen.getByLabelText('Postcode'), '9820');
    await user.clear(screen.getByLabelText('Aantal kinderen'));
    await user.type(screen.getByLabelText('Aantal kinderen'), '3');
    await user.click(screen.getByLabelText('Het gezin geeft toestemming om de kenmerken hieronder te registreren'));
    const group = screen.getByRole('group', { name: 'Kenmerken (met toestemming)' });
    await user.selectOptions(within(group).getByLabelText('Moeder is laagopgeleid'), 'Ja');
    await user.selectOptions(within(group).getByLabelText('Het gezin krijgt een schooltoelage'), 'Nee');
    await user.selectOptions(within(group).getByLabelText('Voorkeurstaal voor contact'), 'ar');
    await user.click(screen.getByRole('button', { name: 'Gezin registreren' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/projecten/p-1'));
    expect(await screen.findByText('Gezin GENT-25-0002 is geregistreerd.')).toBeTruthy();
  });

  it('tells an analyst that only the municipality’s coordinator registers families', async () => {
    render([], viewerMock({ role: 'ANALYST' }, ViewerQuery));
    expect(await screen.findByText('Alleen de coördinator van de gemeente die het project trekt, kan gezinnen registreren.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Gezin registreren' })).toBeNull();
  });
});
