import type { MockLink } from '@apollo/client/testing';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ViewerQuery } from '../../app/viewer.query';
import { renderScreen, viewerMock } from '../../test/render';
import { municipalityOptionsMock, recording } from '../../test/mocks';
import { OrganizationCreateMutation } from './organization-create.mutation';
import { OrganizationFormQuery } from './organization-form.query';
import { OrganizationListQuery } from './organization-list.query';
import { OrganizationUpdateMutation } from './organization-update.mutation';
import { UpdateOrganizationPreviewQuery } from '../../ui/consequences.query';
import OrganizationFormPage from './OrganizationFormPage';
import OrganizationListPage from './OrganizationListPage';

const GENT = { id: 'm-gent', name: 'Gent', nisCode: '44021' };
const admin = viewerMock({ role: 'ADMIN' }, ViewerQuery);
const coordinator = viewerMock({ role: 'COORDINATOR', municipality: GENT }, ViewerQuery);

const municipalitiesMock = municipalityOptionsMock([{ id: 'm-aalst', name: 'Aalst' }, { id: 'm-gent', name: 'Gent' }]);

const org = (id: string, name: string, municipality: { id: string; name: string }, promotesSocialMix = true) => ({
  __typename: 'Organization' as const,
  id,
  name,
  kind: 'LOCAL_CONSULTATION_PLATFORM',
  promotesSocialMix,
  municipality: { __typename: 'Municipality' as const, ...municipality },
});

function listMock(seen: unknown[], nodes: ReturnType<typeof org>[]) {
  return recording(OrganizationListQuery, seen, {
    data: { organizations: { __typename: 'OrganizationConnection', totalCount: nodes.length, pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null }, nodes } },
  }, { of: 'variables', always: true });
}

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

describe('OrganizationListPage', () => {
  it('lists organisations with whether they count for the KPI, filters by municipality and kind in the URL, and offers edit only for the coordinator’s own', async () => {
    const user = userEvent.setup();
    const seen: Record<string, any>[] = [];
    renderScreen(<OrganizationListPage />, {
      path: '/organisaties',
      mocks: [coordinator, municipalitiesMock, listMock(seen, [org('o1', 'LOP Gent', GENT), org('o2', 'Vzw Aalst', { id: 'm-aalst', name: 'Aalst' }, false)])],
    });
    const table = await screen.findByRole('table', { name: 'Organisaties' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(within(table).getByText('telt mee')).toBeTruthy();
    expect(within(table).getByText('telt niet mee')).toBeTruthy();
    // The edit links follow the viewer's municipality, whose query may answer after the list's.
    expect((await screen.findByRole('link', { name: 'LOP Gent bewerken' })).getAttribute('href')).toBe('/organisaties/o1/bewerken');
    expect(screen.queryByRole('link', { name: 'Vzw Aalst bewerken' })).toBeNull();
    expect(screen.getByText('2 organisaties')).toBeTruthy();

    await screen.findByRole('option', { name: 'Aalst' });
    await user.selectOptions(screen.getByLabelText('Gemeente'), 'm-gent');
    await user.selectOptions(screen.getByLabelText('Soort'), 'SCHOOL_BOARD');
    await waitFor(() => expect(seen.at(-1)?.filter).toEqual({ municipalityId: 'm-gent', kinds: ['SCHOOL_BOARD'] }));
    expect(seen.at(-1)?.first).toBe(20);
  });

  it('says so when there are none yet, and shows an error with a retry', async () => {
    renderScreen(<OrganizationListPage />, { path: '/organisaties', mocks: [admin, municipalitiesMock, listMock([], [])] });
    expect(await screen.findByText('Nog geen organisaties')).toBeTruthy();
    cleanup();
    renderScreen(<OrganizationListPage />, {
      path: '/organisaties',
      mocks: [admin, municipalitiesMock, { request: { query: OrganizationListQuery, variables: () => true }, error: new Error('kapot') }],
    });
    expect(await screen.findByRole('button', { name: 'Opnieuw proberen' })).toBeTruthy();
  });
});

/** LOP Gent (version 3, 12 activities) as the edit form loads it. */
const formMock = {
  request: { query: OrganizationFormQuery, variables: { id: 'o1' } },
  result: { data: { organization: { ...org('o1', 'LOP Gent', GENT), version: 3 }, events: { __typename: 'EventConnection', totalCount: 12 } } },
  maxUsageCount: Number.POSITIVE_INFINITY,
};

/** LOP Gent's edit form as `viewer`, with `mocks` after the form's own. */
function renderEdit(viewer: MockLink.MockedResponse, mocks: MockLink.MockedResponse[], language?: 'nl' | 'en') {
  return renderScreen(<OrganizationFormPage />, { path: '/organisaties/o1/bewerken', route: '/organisaties/:id/bewerken', language, mocks: [viewer, formMock, ...mocks] });
}

describe('OrganizationFormPage', () => {
  it('creates an organisation for a municipality and shows the API’s userErrors next to their fields', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    renderScreen(<OrganizationFormPage />, {
      path: '/organisaties/nieuw',
      mocks: [
        admin,
        municipalitiesMock,
        recording(OrganizationCreateMutation, sent, {
          data: {
            createOrganization: {
              __typename: 'CreateOrganizationPayload',
              organization: null,
              userErrors: [{ __typename: 'UserError', field: ['input', 'name'], message: 'exists', code: 'DUPLICATE' }],
            },
          },
        }),
      ],
    });
    await user.click(await screen.findByRole('button', { name: 'Organisatie toevoegen' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Naam: Vul dit in.');
    expect(sent).toEqual([]);
    await user.type(screen.getByLabelText('Naam'), 'LOP Basisonderwijs');
    await user.selectOptions(screen.getByLabelText('Soort'), 'LOCAL_CONSULTATION_PLATFORM');
    await screen.findByRole('option', { name: 'Gent' });
    await user.selectOptions(screen.getByLabelText('Gemeente'), 'm-gent');
    expect(screen.getByText(/Dit beslist over de KPI/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Organisatie toevoegen' }));
    await waitFor(() => expect(sent).toEqual([{ name: 'LOP Basisonderwijs', kind: 'LOCAL_CONSULTATION_PLATFORM', municipalityId: 'm-gent', promotesSocialMix: true }]));
    const name = screen.getByLabelText('Naam');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById('org-name-error')!.textContent).toBe('Deze gemeente heeft al een organisatie met deze naam.');
  });

  it('asks to confirm a change of the KPI flag, naming its consequence, before it sends it; PERIOD_CLOSED is explained', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    renderEdit(coordinator, [
      recording(OrganizationUpdateMutation, sent, {
        data: {
          updateOrganization: {
            __typename: 'UpdateOrganizationPayload',
            organization: null,
            userErrors: [{ __typename: 'UserError', field: ['input', 'promotesSocialMix'], message: 'frozen', code: 'PERIOD_CLOSED' }],
          },
        },
      }),
    ]);
    const flag = await screen.findByRole('checkbox', { name: 'Bevordert de sociale mix in de scholen' });
    expect((flag as HTMLInputElement).checked).toBe(true);
    await user.click(flag);
    await user.click(screen.getByRole('button', { name: 'Opslaan' }));
    const panel = screen.getByRole('region', { name: 'KPI-regel wijzigen?' });
    expect(panel.textContent).toContain('De 12 activiteiten van deze organisatie tellen dan niet meer mee voor de KPI');
    expect(sent).toEqual([]);
    await user.click(within(panel).getByRole('button', { name: 'Ja, wijzigen en herberekenen' }));
    await waitFor(() => expect(sent).toEqual([{ id: 'o1', version: 3, name: 'LOP Gent', kind: 'LOCAL_CONSULTATION_PLATFORM', promotesSocialMix: false }]));
    expect(await screen.findByText(/organiseerde activiteiten van een afgesloten project of een definitieve periode/, { selector: '.field-error' })).toBeTruthy();
  });

  it('saves a rename without a confirmation, in English too', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    const { router } = renderEdit(admin, [
      recording(OrganizationUpdateMutation, sent, {
        data: {
          updateOrganization: {
            __typename: 'UpdateOrganizationPayload',
            organization: { __typename: 'Organization', id: 'o1', name: 'LOP Gent-Centrum', kind: 'LOCAL_CONSULTATION_PLATFORM', promotesSocialMix: true, version: 4 },
            userErrors: [],
          },
        },
      }),
    ], 'en');
    const name = await screen.findByLabelText('Name');
    await user.clear(name);
    await user.type(name, 'LOP Gent-Centrum');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(sent).toEqual([{ id: 'o1', version: 3, name: 'LOP Gent-Centrum', kind: 'LOCAL_CONSULTATION_PLATFORM', promotesSocialMix: true }]));
    await waitFor(() => expect(router.state.location.pathname).toBe('/organisaties'));
    expect(screen.getByText('Organisation saved.')).toBeTruthy();
  });

  it('refuses a coordinator another municipality’s organisation, and a reviewer the form', async () => {
    renderScreen(<OrganizationFormPage />, {
      path: '/organisaties/o9/bewerken',
      route: '/organisaties/:id/bewerken',
      mocks: [
        coordinator,
        { ...formMock, request: { query: OrganizationFormQuery, variables: { id: 'o9' } }, result: { data: { organization: { ...org('o9', 'Vzw Aalst', { id: 'm-aalst', name: 'Aalst' }), version: 1 }, events: { __typename: 'EventConnection', totalCount: 0 } } } },
      ],
    });
    expect((await screen.findByRole('alert')).textContent).toBe('U kunt alleen de organisaties van uw eigen gemeente bewerken.');
    cleanup();
    renderScreen(<OrganizationFormPage />, { path: '/organisaties/nieuw', mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery)] });
    expect((await screen.findByRole('alert')).textContent).toBe('Alleen beheerders en coördinatoren beheren organisaties.');
  });
});

describe('the KPI flag’s consequences, before they happen (issue 18)', () => {
  it('shows in the confirmation what the server’s preview says: families that stop counting, reach and earned subsidy per project', async () => {
    const user = userEvent.setup();
    const asked: unknown[] = [];
    renderEdit(coordinator, [
      recording(UpdateOrganizationPreviewQuery, asked, {
        data: {
          previewUpdateOrganization: {
            __typename: 'ConsequencePreview',
            householdsNoLongerReached: 4,
            householdsNewlyReached: 0,
            userErrors: [],
            projects: [
              {
                __typename: 'ProjectConsequence',
                projectId: 'p1',
                title: 'Samen naar school',
                targetHouseholds: 100,
                reachedBefore: 4,
                reachedAfter: 0,
                progressBefore: 0.04,
                progressAfter: 0,
                householdsNoLongerReached: 4,
                householdsNewlyReached: 0,
                earnedBefore: 680,
                earnedAfter: 0,
              },
            ],
          },
        },
      }),
    ]);
    await user.click(await screen.findByRole('checkbox', { name: 'Bevordert de sociale mix in de scholen' }));
    await user.click(screen.getByRole('button', { name: 'Opslaan' }));
    const panel = screen.getByRole('region', { name: 'KPI-regel wijzigen?' });
    expect(await within(panel).findByText('4 gezinnen tellen niet meer mee als bereikt.')).toBeTruthy();
    expect(within(panel).getByRole('listitem').textContent).toBe('Samen naar school: bereik 4 → 0 van 100 (4% → 0%). Verdiende subsidie €\u00a0680,00 → €\u00a00,00.');
    // Only the flag is previewed, with the version the change will send.
    expect(asked).toEqual([{ id: 'o1', version: 3, promotesSocialMix: false }]);
  });
});
