import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ViewerQuery } from '../../app/viewer.query';
import { renderScreen, viewerMock } from '../../test/render';
import { PartnerMunicipalityOptionsQuery, PartnerOrganizationOptionsQuery, ProjectFormPeriodsQuery, ProjectFormProjectQuery, SchoolOptionsQuery } from './project-form.query';
import { ProjectCreateMutation, ProjectUpdateMutation } from './project-save.mutation';
import ProjectFormPage from './ProjectFormPage';

const period = (over: Record<string, unknown>) => ({
  __typename: 'FundingPeriod',
  ratePerHousehold: 170,
  maxHouseholds: 300,
  maxSubsidy: 51_000,
  reportStatus: 'OPEN',
  ...over,
});

const periodsMock = {
  request: { query: ProjectFormPeriodsQuery },
  result: {
    data: {
      fundingPeriods: {
        __typename: 'FundingPeriodConnection',
        nodes: [
          period({ id: 'fp-3', number: 3, label: 'Projectperiode 3 (2024–2025)', startsOn: '2024-10-01', endsOn: '2025-09-30', applicationsOpenOn: '2024-03-01', applicationsCloseOn: '2024-08-31', reportStatus: 'FINAL' }),
          period({ id: 'fp-9', number: 9, label: 'Projectperiode 9', startsOn: '2099-10-01', endsOn: '2100-09-30', applicationsOpenOn: '2020-01-01', applicationsCloseOn: '2099-08-31' }),
        ],
      },
    },
  },
};

const input = {
  title: 'Samen naar de buurtschool',
  leadMunicipalityId: 'm-gent',
  fundingPeriodId: 'fp-9',
  baselineHouseholds: 12,
  targetHouseholds: 100,
  priority: 1,
  subsidyRequested: null,
  coFinancing: null,
  partnerMunicipalityIds: [] as string[],
  partnerOrganizationIds: [] as string[],
  schoolIds: [] as string[],
};

const page = (typename: string, nodes: unknown[]) => ({ __typename: typename, pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null }, nodes });
const municipality = (id: string, name: string, validFrom = '1977-01-01', validTo: string | null = null) => ({ __typename: 'Municipality', id, name, validFrom, validTo });
const gent = { __typename: 'Municipality', id: 'm-gent', name: 'Gent' };
const merelbeke = { __typename: 'Municipality', id: 'm-merelbeke', name: 'Merelbeke-Melle' };
const organization = (id: string, name: string, home = gent) => ({ __typename: 'Organization', id, name, municipality: home });
const school = (id: string, name: string, postcode = '9000', home = gent) => ({ __typename: 'School', id, name, postcode, municipality: home });

/** The choices: Gent's partners-to-be (one merged away before period 9), organisations and schools per municipality. */
const optionMocks = [
  {
    request: { query: PartnerMunicipalityOptionsQuery, variables: { after: null } },
    result: {
      data: {
        municipalities: page('MunicipalityConnection', [
          municipality('m-gent', 'Gent'),
          municipality('m-melle', 'Melle', '1977-01-01', '2024-12-31'),
          municipality('m-merelbeke', 'Merelbeke-Melle', '2025-01-01'),
        ]),
      },
    },
    maxUsageCount: Number.POSITIVE_INFINITY,
  },
  {
    request: { query: PartnerOrganizationOptionsQuery, variables: { municipalityId: 'm-gent', after: null } },
    result: { data: { organizations: page('OrganizationConnection', [organization('o-brug', 'Vzw De Brug'), organization('o-lop', 'LOP Gent basisonderwijs')]) } },
    maxUsageCount: Number.POSITIVE_INFINITY,
  },
  {
    request: { query: PartnerOrganizationOptionsQuery, variables: { municipalityId: 'm-merelbeke', after: null } },
    result: { data: { organizations: page('OrganizationConnection', [organization('o-melle', 'Gemeentelijke dienst Melle', merelbeke)]) } },
    maxUsageCount: Number.POSITIVE_INFINITY,
  },
  {
    request: { query: SchoolOptionsQuery, variables: { municipalityId: 'm-gent', after: null } },
    result: {
      data: {
        schools: page('SchoolConnection', [
          school('s-1', 'Basisschool De Regenboog'),
          school('s-2', 'Basisschool Sint-Amandus'),
          school('s-3', 'Atheneum Gent-Zuid', '9050'),
          ...Array.from({ length: 9 }, (_, i) => school(`s-x${i}`, `Basisschool Wijk ${i + 1}`)),
        ]),
      },
    },
    maxUsageCount: Number.POSITIVE_INFINITY,
  },
  {
    request: { query: SchoolOptionsQuery, variables: { municipalityId: 'm-merelbeke', after: null } },
    result: { data: { schools: page('SchoolConnection', [school('s-melle', 'Basisschool Melle-Dorp', '9090', merelbeke)]) } },
    maxUsageCount: Number.POSITIVE_INFINITY,
  },
];

const coordinator = viewerMock({ role: 'COORDINATOR', municipality: { id: 'm-gent', name: 'Gent', nisCode: '44021' } }, ViewerQuery);

describe('ProjectFormPage (a new application)', () => {
  afterEach(cleanup);

  it('shows the open period’s window and the default amount, and puts a server refusal next to its field', async () => {
    const user = userEvent.setup();
    const refused = {
      request: { query: ProjectCreateMutation, variables: { input } },
      result: {
        data: {
          createProject: {
            __typename: 'CreateProjectPayload',
            project: null,
            userErrors: [
              { __typename: 'UserError', field: ['input', 'fundingPeriodId'], message: 'Applications … are accepted from 2020-01-01 to 2099-08-31', code: 'OUTSIDE_APPLICATION_WINDOW' },
              { __typename: 'UserError', field: ['input', 'coFinancing'], message: 'co-financing', code: 'OUT_OF_RANGE' },
            ],
          },
        },
      },
    };
    renderScreen(<ProjectFormPage />, {
      path: '/projecten/nieuw',
      route: '/projecten/nieuw',
      mocks: [coordinator, periodsMock, ...optionMocks, refused],
    });
    const form = await screen.findByRole('form', { name: 'Nieuwe aanvraag' });
    // Only OPEN periods are offered, the one with an open window chosen; its window is shown.
    const select = within(form).getByLabelText<HTMLSelectElement>('Projectperiode');
    expect(select.value).toBe('fp-9');
    expect(within(select).queryByText('Projectperiode 3 (2024–2025)')).toBeNull();
    expect(form.textContent).toContain('Aanvragen voor Projectperiode 9 kunnen van 01/01/2020 tot en met 31/08/2099.');
    expect(form.textContent).toContain('Trekkende gemeente: Gent');

    await user.click(within(form).getByRole('button', { name: 'Aanvraag bewaren als ontwerp' }));
    // Checked on the screen first: nothing sent without a title and a target.
    expect(within(form).getByLabelText('Titel').getAttribute('aria-invalid')).toBe('true');

    await user.type(within(form).getByLabelText('Titel'), 'Samen naar de buurtschool');
    await user.clear(within(form).getByLabelText('Huidig bereik (gezinnen)'));
    await user.type(within(form).getByLabelText('Huidig bereik (gezinnen)'), '12');
    await user.type(within(form).getByLabelText('Doel (gezinnen)'), '100');
    expect(form.textContent).toContain('Laat leeg voor doel × €\u00a0170,00 = €\u00a017.000,00.');
    await user.click(within(form).getByRole('button', { name: 'Aanvraag bewaren als ontwerp' }));

    const windowError = await screen.findByText('Buiten de aanvraagperiode: aanvragen kunnen van 01/01/2020 tot en met 31/08/2099.', { selector: '.field-error, [id$="-error"]' });
    expect(select.getAttribute('aria-invalid')).toBe('true');
    expect(select.getAttribute('aria-describedby')).toContain(windowError.id);
    const cofinancing = within(form).getByLabelText('Cofinanciering (€)');
    expect(cofinancing.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toContain('De aanvraag is niet bewaard');
  });

  it('sends the chosen partner municipality, partner organisation and two schools', async () => {
    const user = userEvent.setup();
    const chosen = { ...input, partnerMunicipalityIds: ['m-merelbeke'], partnerOrganizationIds: ['o-brug'], schoolIds: ['s-3', 's-melle'] };
    const created = {
      request: { query: ProjectCreateMutation, variables: { input: chosen } },
      result: { data: { createProject: { __typename: 'CreateProjectPayload', project: { __typename: 'Project', id: 'p-new', version: 1 }, userErrors: [] } } },
    };
    const { router } = renderScreen(<ProjectFormPage />, { path: '/projecten/nieuw', route: '/projecten/nieuw', mocks: [coordinator, periodsMock, ...optionMocks, created] });
    const form = await screen.findByRole('form', { name: 'Nieuwe aanvraag' });
    await user.type(within(form).getByLabelText('Titel'), 'Samen naar de buurtschool');
    await user.clear(within(form).getByLabelText('Huidig bereik (gezinnen)'));
    await user.type(within(form).getByLabelText('Huidig bereik (gezinnen)'), '12');
    await user.type(within(form).getByLabelText('Doel (gezinnen)'), '100');

    // Partners: only municipalities of period 9, not the lead (Gent) nor Melle (merged away in 2025).
    const partners = await within(form).findByRole('group', { name: 'Partnergemeenten' });
    const offered = within(partners)
      .getAllByRole('checkbox')
      .map((c) => c.closest('label')?.textContent);
    expect(offered).toEqual(['Merelbeke-Melle']);
    await user.click(within(partners).getByRole('checkbox', { name: 'Merelbeke-Melle' }));

    // Organisations and schools of the lead and the partner, named with their municipality.
    const organizations = within(form).getByRole('group', { name: 'Partnerorganisaties' });
    await user.click(await within(organizations).findByRole('checkbox', { name: 'Vzw De Brug (Gent)' }));
    expect(await within(organizations).findByRole('checkbox', { name: 'Gemeentelijke dienst Melle (Merelbeke-Melle)' })).toBeTruthy();
    const schools = within(form).getByRole('group', { name: 'Scholen' });
    // A long list has a search field; the chosen schools stay in view while searching.
    await user.type(within(schools).getByRole('searchbox', { name: 'Zoek een school' }), 'atheneum');
    await user.click(within(schools).getByRole('checkbox', { name: 'Atheneum Gent-Zuid (Gent) · 9050' }));
    await user.clear(within(schools).getByRole('searchbox', { name: 'Zoek een school' }));
    await user.type(within(schools).getByRole('searchbox', { name: 'Zoek een school' }), 'melle');
    expect(within(schools).getAllByRole('checkbox').map((c) => c.closest('label')?.textContent)).toEqual(['Atheneum Gent-Zuid (Gent) · 9050', 'Basisschool Melle-Dorp (Merelbeke-Melle) · 9090']);
    await user.click(within(schools).getByRole('checkbox', { name: 'Basisschool Melle-Dorp (Merelbeke-Melle) · 9090' }));
    expect(schools.textContent).toContain('2 gekozen');

    await user.click(within(form).getByRole('button', { name: 'Aanvraag bewaren als ontwerp' }));
    await screen.findByText('elders');
    expect(router.state.location.pathname).toBe('/projecten/p-new');
  });
});

describe('ProjectFormPage (editing a draft)', () => {
  afterEach(cleanup);

  const draft = {
    __typename: 'Project',
    id: 'p-1',
    title: 'Samen naar de buurtschool',
    status: 'DRAFT',
    version: 3,
    baselineHouseholds: 12,
    targetHouseholds: 100,
    priority: 1,
    subsidyRequested: 17_000,
    coFinancing: 17_000,
    reviewNote: null,
    leadMunicipality: gent,
    fundingPeriod: { __typename: 'FundingPeriod', id: 'fp-9' },
    partnerMunicipalities: [merelbeke],
    partnerOrganizations: [organization('o-lop', 'LOP Gent basisonderwijs')],
    schools: page('SchoolConnection', [school('s-2', 'Basisschool Sint-Amandus'), school('s-melle', 'Basisschool Melle-Dorp', '9090', merelbeke)]),
  };
  const draftMock = { request: { query: ProjectFormProjectQuery, variables: { id: 'p-1' } }, result: { data: { project: draft } } };
  const unchanged = {
    id: 'p-1',
    version: 3,
    title: 'Samen naar de buurtschool',
    baselineHouseholds: 12,
    targetHouseholds: 100,
    priority: 1,
    subsidyRequested: 17_000,
    coFinancing: 17_000,
    partnerMunicipalityIds: ['m-merelbeke'],
    partnerOrganizationIds: ['o-lop'],
    schoolIds: ['s-2', 's-melle'],
  };

  it('starts with the project’s current partners and schools, and sends them back', async () => {
    const user = userEvent.setup();
    const saved = {
      request: { query: ProjectUpdateMutation, variables: { input: unchanged } },
      result: {
        data: {
          updateProject: {
            __typename: 'UpdateProjectPayload',
            project: { __typename: 'Project', id: 'p-1', version: 4, title: draft.title, baselineHouseholds: 12, targetHouseholds: 100, priority: 1, subsidyRequested: 17_000, coFinancing: 17_000 },
            userErrors: [],
          },
        },
      },
    };
    const { router } = renderScreen(<ProjectFormPage />, { path: '/projecten/p-1/bewerken', route: '/projecten/:id/bewerken', mocks: [coordinator, periodsMock, draftMock, ...optionMocks, saved] });
    const form = await screen.findByRole('form', { name: 'Aanvraag bewerken' });
    const checked = (group: string) =>
      within(within(form).getByRole('group', { name: group }))
        .getAllByRole<HTMLInputElement>('checkbox')
        .filter((c) => c.checked)
        .map((c) => c.closest('label')?.textContent);
    // The option lists of the lead and the partner municipalities answer separately (and in any order under load).
    await within(form).findByRole('checkbox', { name: 'Basisschool Melle-Dorp (Merelbeke-Melle) · 9090' });
    await within(form).findByRole('checkbox', { name: 'Basisschool Sint-Amandus (Gent) · 9000' });
    await within(form).findByRole('checkbox', { name: 'Gemeentelijke dienst Melle (Merelbeke-Melle)' });
    await waitFor(() => {
      expect(checked('Partnergemeenten')).toEqual(['Merelbeke-Melle']);
      expect(checked('Partnerorganisaties')).toEqual(['LOP Gent basisonderwijs (Gent)']);
      expect(checked('Scholen')).toEqual(['Basisschool Melle-Dorp (Merelbeke-Melle) · 9090', 'Basisschool Sint-Amandus (Gent) · 9000']);
    });

    await user.click(within(form).getByRole('button', { name: 'Wijzigingen bewaren' }));
    await screen.findByText('elders');
    expect(router.state.location.pathname).toBe('/projecten/p-1');
  });

  it('puts a server refusal of the schools next to the schools', async () => {
    const user = userEvent.setup();
    const refused = {
      request: { query: ProjectUpdateMutation, variables: { input: { ...unchanged, schoolIds: ['s-2'] } } },
      result: {
        data: {
          updateProject: {
            __typename: 'UpdateProjectPayload',
            project: null,
            userErrors: [{ __typename: 'UserError', field: ['input', 'schoolIds'], message: '1 of these were not found', code: 'NOT_FOUND' }],
          },
        },
      },
    };
    renderScreen(<ProjectFormPage />, { path: '/projecten/p-1/bewerken', route: '/projecten/:id/bewerken', mocks: [coordinator, periodsMock, draftMock, ...optionMocks, refused] });
    const form = await screen.findByRole('form', { name: 'Aanvraag bewerken' });
    const schools = within(form).getByRole('group', { name: 'Scholen' });
    await user.click(await within(schools).findByRole('checkbox', { name: 'Basisschool Melle-Dorp (Merelbeke-Melle) · 9090' }));
    await user.click(within(form).getByRole('button', { name: 'Wijzigingen bewaren' }));

    const error = await within(schools).findByText('Een gekozen school bestaat niet (meer). Herlaad de pagina.');
    expect(schools.getAttribute('aria-describedby')).toContain(error.id);
    expect(screen.getByRole('alert').textContent).toContain('Scholen: Een gekozen school bestaat niet (meer).');
    expect(within(form).getByRole('group', { name: 'Partnerorganisaties' }).querySelector('.field-error')).toBeNull();
  });
});
