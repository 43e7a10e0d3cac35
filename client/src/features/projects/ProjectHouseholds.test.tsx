import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ViewerQuery } from '../../app/viewer.query';
import { renderScreen, viewerMock } from '../../test/render';
import { recording } from '../../test/mocks';
import { EraseHouseholdMutation, WithdrawConsentMutation } from './household-privacy.mutation';
import { ProjectHouseholdsQuery } from './project-households.query';
import { ProjectHouseholds } from './ProjectHouseholds';

/** Consent and erasure on the project page (issue 15): each behind a confirmation that says what changes. */

const CONSENTED = {
  __typename: 'Household',
  id: 'h-1',
  reference: 'GZ-2025-0001',
  postcode: '9042',
  residenceNisCode: '44021',
  children: 2,
  createdAt: '2025-02-12T08:00:00.000Z',
  consentAt: '2025-02-12T08:00:00.000Z',
  lowEducatedMother: true,
  schoolAllowance: null,
  homeLanguageNotDutch: null,
  childWithSpecialNeeds: null,
  attendances: { __typename: 'AttendanceConnection', totalCount: 1 },
};
const WITHOUT_CONSENT = { ...CONSENTED, id: 'h-2', reference: 'GZ-2025-0002', consentAt: null, lowEducatedMother: null };

const list = (nodes: unknown[]) => ({
  request: { query: ProjectHouseholdsQuery, variables: { id: 'p-1', first: 20, after: null, withCharacteristics: true } },
  result: { data: { project: { __typename: 'Project', id: 'p-1', households: { __typename: 'HouseholdConnection', totalCount: nodes.length, nodes } } } },
});

function renderList(mocks: unknown[], options: { canChange?: boolean; language?: 'nl' | 'en' } = {}) {
  return renderScreen(<ProjectHouseholds projectId="p-1" withCharacteristics canRegister={false} canChange={options.canChange ?? true} />, {
    language: options.language,
    mocks: [viewerMock({ role: 'COORDINATOR', municipality: { id: 'm-gent', name: 'Gent', nisCode: '44021' } }, ViewerQuery), ...(mocks as never[])],
  });
}

describe('ProjectHouseholds: withdraw consent and erase', () => {
  it('withdraws consent only after a confirmation that says the family stays reached; the row then shows no consent', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    renderList([
      list([CONSENTED, WITHOUT_CONSENT]),
      recording(WithdrawConsentMutation, sent, {
        data: {
          withdrawConsent: {
            __typename: 'WithdrawConsentPayload',
            household: { __typename: 'Household', id: 'h-1', consentAt: null, lowEducatedMother: null, schoolAllowance: null, homeLanguageNotDutch: null, childWithSpecialNeeds: null },
            userErrors: [],
          },
        },
      }),
    ]);
    const row = (await screen.findByRole('rowheader', { name: 'GZ-2025-0001' })).closest('tr')!;
    // No consent, nothing to withdraw: only "Wissen" for the second family.
    const other = screen.getByRole('rowheader', { name: 'GZ-2025-0002' }).closest('tr')!;
    expect(within(other).queryByRole('button', { name: /Toestemming intrekken/ })).toBeNull();
    expect(within(other).getByRole('button', { name: 'Gezin GZ-2025-0002 wissen' })).toBeTruthy();

    await user.click(within(row).getByRole('button', { name: 'Toestemming intrekken voor GZ-2025-0001' }));
    const panel = await screen.findByRole('region', { name: 'Toestemming van gezin GZ-2025-0001 intrekken?' });
    expect(panel.textContent).toContain('blijft meetellen als bereikt');
    expect(panel.textContent).toContain('indicator niet gekend');
    expect(sent).toEqual([]);
    await user.click(within(panel).getByRole('button', { name: 'Ja, toestemming intrekken' }));
    await waitFor(() => expect(sent).toEqual([{ id: 'h-1' }]));
    await waitFor(() => expect(screen.queryByRole('region', { name: /intrekken\?/ })).toBeNull());
    expect(await screen.findByText('De toestemming van GZ-2025-0001 is ingetrokken.')).toBeTruthy();
    // The cache took the answer: no consent, characteristics unknown, no withdraw button any more.
    await waitFor(() => expect(within(row).queryByRole('button', { name: /Toestemming intrekken/ })).toBeNull());
    expect(within(row).getByText('niet gekend')).toBeTruthy();
  });

  it('erases after a confirmation that says the record is anonymised and the family stays reached, with the reason; the list is fetched again', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    renderList([
      list([CONSENTED, WITHOUT_CONSENT]),
      recording(EraseHouseholdMutation, sent, { data: { eraseHousehold: { __typename: 'EraseHouseholdPayload', household: { __typename: 'Household', id: 'h-2', erasedAt: '2025-04-01T10:00:00.000Z' }, userErrors: [] } } }),
      list([CONSENTED]),
    ]);
    await user.click(await screen.findByRole('button', { name: 'Gezin GZ-2025-0002 wissen' }));
    const panel = await screen.findByRole('region', { name: 'Gezin GZ-2025-0002 wissen?' });
    expect(panel.textContent).toContain('geanonimiseerd');
    expect(panel.textContent).toContain('blijft meetellen als bereikt');
    // "Terug" changes nothing.
    await user.click(within(panel).getByRole('button', { name: 'Terug' }));
    expect(screen.queryByRole('region', { name: 'Gezin GZ-2025-0002 wissen?' })).toBeNull();
    expect(sent).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Gezin GZ-2025-0002 wissen' }));
    const again = await screen.findByRole('region', { name: 'Gezin GZ-2025-0002 wissen?' });
    await user.type(within(again).getByLabelText(/Reden/), 'Verzoek van het gezin');
    await user.click(within(again).getByRole('button', { name: 'Ja, gezin wissen' }));
    await waitFor(() => expect(sent).toEqual([{ id: 'h-2', reason: 'Verzoek van het gezin' }]));
    expect(await screen.findByText('Het gezin is gewist.')).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('rowheader', { name: 'GZ-2025-0002' })).toBeNull());
    expect(screen.getByRole('rowheader', { name: 'GZ-2025-0001' })).toBeTruthy();
  });

  it('shows the server’s refusal and keeps the panel open', async () => {
    const user = userEvent.setup();
    renderList([
      list([WITHOUT_CONSENT]),
      {
        request: { query: EraseHouseholdMutation, variables: () => true },
        result: {
          data: {
            eraseHousehold: {
              __typename: 'EraseHouseholdPayload',
              household: null,
              userErrors: [{ __typename: 'UserError', field: ['input', 'reason'], message: 'Looks like a phone number (PHONE); records here are pseudonymous: leave it out', code: 'CONTAINS_IDENTIFIER' }],
            },
          },
        },
      },
    ]);
    await user.click(await screen.findByRole('button', { name: 'Gezin GZ-2025-0002 wissen' }));
    const panel = await screen.findByRole('region', { name: 'Gezin GZ-2025-0002 wissen?' });
    await user.click(within(panel).getByRole('button', { name: 'Ja, gezin wissen' }));
    expect((await within(panel).findByRole('alert')).textContent).toContain('PHONE');
    expect(screen.getByRole('region', { name: 'Gezin GZ-2025-0002 wissen?' })).toBeTruthy();
  });

  it('in English, and without the actions for those who may not change families', async () => {
    const user = userEvent.setup();
    renderList([list([CONSENTED])], { language: 'en' });
    await user.click(await screen.findByRole('button', { name: 'Withdraw consent for GZ-2025-0001' }));
    const panel = await screen.findByRole('region', { name: 'Withdraw the consent of family GZ-2025-0001?' });
    expect(panel.textContent).toContain('keeps counting as reached');
    expect(within(panel).getByRole('button', { name: 'Yes, withdraw consent' })).toBeTruthy();
  });

  it('no actions without canChange', async () => {
    renderList([list([CONSENTED])], { canChange: false });
    expect(await screen.findByRole('rowheader', { name: 'GZ-2025-0001' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /wissen|intrekken/ })).toBeNull();
    expect(screen.queryByRole('columnheader', { name: 'Acties' })).toBeNull();
  });
});
