import { schoolYearOf } from '@schoolmix/shared';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ViewerQuery } from '../../app/viewer.query';
import { renderScreen, viewerMock } from '../../test/render';
import { MunicipalityDetailQuery } from './municipality-detail.query';
import { MunicipalitySocialMixQuery } from './municipality-social-mix.query';
import MunicipalityPage, { SCHOOLS_SHOWN } from './MunicipalityPage';
import { ANTWERPEN_ID, BORSBEEK_ID, GENT_ID, municipalityRow, PERIOD_IDS, socialMix } from './test-fixtures';

afterEach(cleanup);

const thisYear = schoolYearOf(new Date());

function project(id: string, title: string, status: string, period: number, target: number, reached: number | null, lead = { id: GENT_ID, name: 'Gent' }) {
  return {
    __typename: 'Project',
    id,
    title,
    status,
    leadMunicipality: { __typename: 'Municipality', ...lead },
    targetHouseholds: target,
    fundingPeriod: {
      __typename: 'FundingPeriod',
      id: PERIOD_IDS[period - 1],
      number: period,
      label: `Projectperiode ${period} (${2021 + period}–${2022 + period})`,
      startsOn: `${2021 + period}-10-01`,
      endsOn: `${2022 + period}-09-30`,
      reportStatus: period < 3 ? 'FINAL' : 'OPEN',
    },
    kpi: { __typename: 'ProjectKpi', reached, target, progress: reached == null ? null : reached / target },
  };
}

const gentProjects = [
  project('p3', 'Kies mee voor je buurtschool – Gent 2025', 'APPROVED', 3, 281, 202),
  project('p2', 'Schoolpoorten open – Gent 2024', 'CLOSED', 2, 298, 222),
  project('p1', 'Ouders kennen hun buurtschool – Gent 2023', 'CLOSED', 1, 274, 169),
];

const gentSchools = [
  { __typename: 'School', id: 's1', name: 'Basisschool De Bron (synthetisch)', municipality: { __typename: 'Municipality', id: GENT_ID, name: 'Gent' }, institutionNumber: '412070', level: 'PRIMARY', capacity: 170 },
  { __typename: 'School', id: 's2', name: 'College Het Anker (synthetisch)', municipality: { __typename: 'Municipality', id: GENT_ID, name: 'Gent' }, institutionNumber: '123456', level: 'SECONDARY', capacity: 600 },
];

function gent(overrides: Record<string, unknown> = {}, projects: unknown[] | null = gentProjects) {
  return municipalityRow({
    arrondissement: 'Gent',
    postcode: '9000',
    mergedFrom: [],
    projects: projects ? { __typename: 'ProjectConnection', totalCount: projects.length, nodes: projects } : { __typename: 'ProjectConnection', totalCount: 3 },
    schools: { __typename: 'SchoolConnection', totalCount: 39, nodes: gentSchools },
    organizations: { __typename: 'OrganizationConnection', totalCount: 0, nodes: [] },
    ...overrides,
  });
}

function detailMock(id: string, withProjects: boolean, municipality: unknown) {
  return {
    request: { query: MunicipalityDetailQuery, variables: { id, withProjects, schoolsFirst: SCHOOLS_SHOWN } },
    result: { data: { municipality } },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}

function mixMock(nisCode: string, trend: unknown[]) {
  return {
    request: { query: MunicipalitySocialMixQuery, variables: { nisCode, schoolYear: thisYear } },
    result: { data: { socialMixReport: { __typename: 'SocialMixReport', schoolYear: thisYear, trend } } },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}

const gentTrend = [
  socialMix('2022-2023', { dissimilarity: 0.22398017139919066, isolation: 0.5378739079337908, exposure: 0.46212609206620936, theilH: 0.056065545392107806, mutualInformation: 0.038861666335198435 }),
  socialMix('2023-2024', { dissimilarity: 0.19676939509033126 }),
  socialMix('2024-2025'),
];

const borsbeekNode = { __typename: 'Municipality', id: BORSBEEK_ID, name: 'Borsbeek', nisCode: '11007' };

describe('MunicipalityPage', () => {
  it('shows a reviewer the facts, the projects per funding period, the schools and the social mix of Gent', async () => {
    const user = userEvent.setup();
    const { router } = renderScreen(<MunicipalityPage />, {
      path: `/gemeenten/${GENT_ID}`,
      route: '/gemeenten/:id',
      mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery), detailMock(GENT_ID, true, gent()), mixMock('44021', gentTrend)],
    });

    expect(await screen.findByRole('heading', { level: 1, name: 'Gent' })).toBeTruthy();
    expect(document.title).toBe('Gent · Schoolmix');
    expect(screen.getByRole('link', { name: '← Gemeenten' }).getAttribute('href')).toBe('/gemeenten');
    const facts = screen.getByRole('region', { name: 'Gegevens' });
    expect(facts.textContent).toContain('44021');
    expect(facts.textContent).toContain('263.927');
    expect(facts.textContent).toContain('sinds 01/01/2019');
    expect(within(facts).getByText('Ontstaan uit / samengevoegd met').nextElementSibling!.textContent).toBe('geen fusie');
    // A current municipality merged into nothing: no empty "Opgegaan in" row.
    expect(within(facts).queryByText('Opgegaan in')).toBeNull();

    const projects = screen.getByRole('region', { name: 'Projecten per projectperiode' });
    // Each period says its state in the shared words (app/progress.ts): 1 and 2 closed, 3 ended with its report open.
    expect(within(projects).getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual([
      'Projectperiode 1 (2022–2023) (afgesloten)',
      'Projectperiode 2 (2023–2024) (afgesloten)',
      'Projectperiode 3 (2024–2025) (afgelopen)',
    ]);
    const current = within(projects).getByRole('table', { name: 'Projecten in Projectperiode 3 (2024–2025)' });
    const row = within(current).getByRole('row', { name: /Gent 2025/ });
    expect(within(row).getByRole('link').getAttribute('href')).toBe('/projecten/p3');
    expect(within(row).getByText('Goedgekeurd').className).toContain('badge');
    expect(row.textContent).toContain('281');
    expect(row.textContent).toContain('202');
    expect(row.textContent).toContain('72');

    const schools = screen.getByRole('region', { name: 'Scholen' });
    expect(within(schools).getByRole('link', { name: 'Basisschool De Bron (synthetisch)' }).getAttribute('href')).toBe('/scholen/s1');
    expect(within(schools).getByText('Lager onderwijs')).toBeTruthy();
    expect(within(schools).getByRole('link', { name: 'Alle 39 scholen in de scholenlijst' }).getAttribute('href')).toBe(`/scholen?municipality=${GENT_ID}`);

    const mix = screen.getByRole('region', { name: 'Sociale mix in de scholen' });
    const year = await within(mix).findByLabelText('Schooljaar');
    expect(year).toHaveProperty('value', '2024-2025');
    const cards = within(mix).getByRole('list', { name: 'Sociale-mixindexen in 2024-2025' });
    const d = within(cards).getByRole('heading', { name: 'Dissimilariteit D' }).closest('li')!;
    expect(d.textContent).toContain('0,178');
    expect(d.textContent).toContain('0 = volledig gemengd');
    expect(within(mix).getByRole('img', { name: /Dissimilariteit D per schooljaar: 2022-2023 0,224, 2023-2024 0,197, 2024-2025 0,178/ })).toBeTruthy();
    // The trend table: a row per figure, a column per school year; no note row when no year has one.
    const trend = within(mix).getByRole('table', { name: 'Sociale-mixindexen per schooljaar' });
    expect(within(trend).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Kengetal', '2022-2023', '2023-2024', '2024-2025']);
    expect(within(within(trend).getByRole('row', { name: /Isolatie xPx/ })).getAllByRole('cell').map((c) => c.textContent)).toEqual(['0,538', '0,493', '0,493']);
    expect(within(within(trend).getByRole('row', { name: /Aandeel indicatorleerlingen/ })).getAllByRole('cell').map((c) => c.textContent)).toEqual(['46,8%', '46,8%', '46,8%']);
    expect(within(trend).queryByRole('rowheader', { name: 'Opmerking' })).toBeNull();

    await user.selectOptions(year, '2022-2023');
    expect(new URLSearchParams(router.state.location.search).get('schooljaar')).toBe('2022-2023');
    expect(within(within(mix).getByRole('list', { name: 'Sociale-mixindexen in 2022-2023' })).getByRole('heading', { name: 'Dissimilariteit D' }).closest('li')!.textContent).toContain('0,224');
  });

  it('lists the municipalities merged into a 2025 municipality from the detail answer itself', async () => {
    const antwerpen = gent({ id: ANTWERPEN_ID, name: 'Antwerpen', nisCode: '11002', province: 'Antwerpen', mergedFrom: [borsbeekNode] }, []);
    renderScreen(<MunicipalityPage />, {
      path: `/gemeenten/${ANTWERPEN_ID}`,
      route: '/gemeenten/:id',
      mocks: [viewerMock({ role: 'ADMIN' }, ViewerQuery), detailMock(ANTWERPEN_ID, true, antwerpen), mixMock('11002', [])],
    });
    const facts = await screen.findByRole('region', { name: 'Gegevens' });
    // No second request: the mergers are there as soon as the facts are.
    expect(within(facts).getByRole('link', { name: 'Borsbeek (11007)' }).getAttribute('href')).toBe(`/gemeenten/${BORSBEEK_ID}`);
    expect(within(facts).queryByText('Laden…')).toBeNull();
    expect(screen.getByText('Deze gemeente trekt (nog) geen project.')).toBeTruthy();
    expect(await screen.findByText('Geen gegevens over de samenstelling van de scholen in deze gemeente.')).toBeTruthy();
  });

  it('shows a 2025 municipality the projects, schools and organisations of the municipalities merged into it, each marked "(voorheen …)"', async () => {
    const borsbeek = { id: BORSBEEK_ID, name: 'Borsbeek' };
    const antwerpen = gent(
      {
        id: ANTWERPEN_ID,
        name: 'Antwerpen',
        nisCode: '11002',
        province: 'Antwerpen',
        validFrom: '2025-01-01',
        mergedFrom: [borsbeekNode],
        schools: {
          __typename: 'SchoolConnection',
          totalCount: 2,
          nodes: [
            { ...gentSchools[0], municipality: { __typename: 'Municipality', id: ANTWERPEN_ID, name: 'Antwerpen' } },
            { ...gentSchools[1], municipality: { __typename: 'Municipality', ...borsbeek } },
          ],
        },
        organizations: {
          __typename: 'OrganizationConnection',
          totalCount: 1,
          nodes: [{ __typename: 'Organization', id: 'o1', name: 'Buurtwerk Borsbeek', promotesSocialMix: true, municipality: { __typename: 'Municipality', ...borsbeek } }],
        },
      },
      [project('pb', 'Samen naar school – Borsbeek', 'APPROVED', 3, 109, 60, borsbeek)],
    );
    renderScreen(<MunicipalityPage />, {
      path: `/gemeenten/${ANTWERPEN_ID}`,
      route: '/gemeenten/:id',
      mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery), detailMock(ANTWERPEN_ID, true, antwerpen), mixMock('11002', [])],
    });
    const projects = await screen.findByRole('region', { name: 'Projecten per projectperiode' });
    const row = within(projects).getByRole('row', { name: /Borsbeek/ });
    expect(row.textContent).toContain('Samen naar school – Borsbeek (voorheen Borsbeek)');
    expect(projects.textContent).toContain('Met de gemeenten die op 1 januari 2025 in Antwerpen opgingen: Borsbeek.');
    expect(screen.queryByText('Deze gemeente trekt (nog) geen project.')).toBeNull();
    const facts = screen.getByRole('region', { name: 'Gegevens' });
    expect(within(facts).getAllByRole('listitem').map((li) => li.textContent)).toEqual(expect.arrayContaining([expect.stringContaining('1Projecten')]));
    const schools = screen.getByRole('region', { name: 'Scholen' });
    expect(within(schools).getAllByRole('row').slice(1).map((r) => (r as HTMLTableRowElement).cells[0]!.textContent)).toEqual([
      'Basisschool De Bron (synthetisch)',
      'College Het Anker (synthetisch) (voorheen Borsbeek)',
    ]);
    const organizations = screen.getByRole('region', { name: 'Organisaties' });
    expect(within(organizations).getByRole('row', { name: /Buurtwerk/ }).textContent).toBe('Buurtwerk Borsbeek (voorheen Borsbeek)ja');
  });

  it('shows that a pre-2025 municipality merged, with a link to the 2025 one', async () => {
    const borsbeek = gent({
      id: BORSBEEK_ID,
      name: 'Borsbeek',
      nisCode: '11007',
      province: 'Antwerpen',
      validTo: '2024-12-31',
      mergedInto: { __typename: 'Municipality', id: ANTWERPEN_ID, name: 'Antwerpen', nisCode: '11002' },
    });
    renderScreen(<MunicipalityPage />, {
      path: `/gemeenten/${BORSBEEK_ID}`,
      route: '/gemeenten/:id',
      mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery), detailMock(BORSBEEK_ID, true, borsbeek), mixMock('11007', gentTrend)],
    });
    await screen.findByRole('heading', { level: 1, name: 'Borsbeek' });
    const notice = screen.getByText(/Deze NIS-code gold tot en met 31\/12\/2024/);
    expect(within(notice).getByRole('link', { name: 'Antwerpen' }).getAttribute('href')).toBe(`/gemeenten/${ANTWERPEN_ID}`);
    const facts = screen.getByRole('region', { name: 'Gegevens' });
    expect(facts.textContent).toContain('01/01/2019 tot en met 31/12/2024');
    expect(within(facts).getByRole('link', { name: 'Antwerpen (11002)' })).toBeTruthy();
    expect(within(facts).queryByText('Ontstaan uit / samengevoegd met')).toBeNull();
  });

  it('tells a coordinator of another municipality how many projects it leads without asking for them', async () => {
    renderScreen(<MunicipalityPage />, {
      path: `/gemeenten/${GENT_ID}`,
      route: '/gemeenten/:id',
      mocks: [
        viewerMock({ role: 'COORDINATOR', municipality: { id: ANTWERPEN_ID, name: 'Antwerpen', nisCode: '11002' } }, ViewerQuery),
        detailMock(GENT_ID, false, gent({}, null)),
        mixMock('44021', gentTrend),
      ],
    });
    expect(await screen.findByText('Deze gemeente trekt 3 projecten. U ziet de projecten van uw eigen gemeente.')).toBeTruthy();
    expect(screen.queryByRole('link', { name: /Gent 2025/ })).toBeNull();
  });

  it('shows the Antwerpen coordinator the projects of Borsbeek, merged into Antwerpen and so its own', async () => {
    const borsbeek = gent({
      id: BORSBEEK_ID,
      name: 'Borsbeek',
      nisCode: '11007',
      validTo: '2024-12-31',
      mergedInto: { __typename: 'Municipality', id: ANTWERPEN_ID, name: 'Antwerpen', nisCode: '11002' },
    });
    renderScreen(<MunicipalityPage />, {
      path: `/gemeenten/${BORSBEEK_ID}`,
      route: '/gemeenten/:id',
      mocks: [
        viewerMock({ role: 'COORDINATOR', municipality: { id: ANTWERPEN_ID, name: 'Antwerpen', nisCode: '11002', mergedFrom: [{ __typename: 'Municipality', id: BORSBEEK_ID }] } }, ViewerQuery),
        // Only the request WITH projects is answered: asking without them would end in an error.
        detailMock(BORSBEEK_ID, true, borsbeek),
        mixMock('11007', gentTrend),
      ],
    });
    await screen.findByRole('heading', { level: 1, name: 'Borsbeek' });
    expect(await screen.findByRole('link', { name: /Gent 2025/ })).toBeTruthy();
    expect(screen.queryByText(/U ziet de projecten van uw eigen gemeente/)).toBeNull();
  });

  it('shows withheld indices as withheld for an analyst', async () => {
    renderScreen(<MunicipalityPage />, {
      path: `/gemeenten/${GENT_ID}`,
      route: '/gemeenten/:id',
      mocks: [
        viewerMock({ role: 'ANALYST' }, ViewerQuery),
        detailMock(GENT_ID, true, gent()),
        mixMock('44021', [
          socialMix('2024-2025', {
            pupils: null,
            indicatorPupils: null,
            indicatorShare: null,
            dissimilarity: null,
            isolation: null,
            exposure: null,
            mutualInformation: null,
            theilH: null,
            schoolCount: 2,
            suppressedReason: 'BELOW_THRESHOLD',
          }),
        ]),
      ],
    });
    const mix = await screen.findByRole('region', { name: 'Sociale mix in de scholen' });
    const cards = await within(mix).findByRole('list', { name: 'Sociale-mixindexen in 2024-2025' });
    expect(within(cards).getAllByText('afgeschermd')).toHaveLength(5);
    expect(within(mix).getAllByText('afgeschermd: te weinig (indicator)leerlingen').length).toBeGreaterThan(0);
    const trend = within(mix).getByRole('table', { name: 'Sociale-mixindexen per schooljaar' });
    expect(within(trend).getAllByRole('cell').filter((c) => c.textContent.includes('0,'))).toEqual([]);
    expect(within(within(trend).getByRole('row', { name: /Opmerking/ })).getByRole('cell').textContent).toBe('afgeschermd: te weinig (indicator)leerlingen');
  });

  it('shows an integrator of Gent its projects and says the indices are not for its role', async () => {
    renderScreen(<MunicipalityPage />, {
      path: `/gemeenten/${GENT_ID}`,
      route: '/gemeenten/:id',
      mocks: [viewerMock({ role: 'INTEGRATOR', municipality: { id: GENT_ID, name: 'Gent', nisCode: '44021' } }, ViewerQuery), detailMock(GENT_ID, true, gent())],
    });
    expect(await screen.findByRole('link', { name: 'Kies mee voor je buurtschool – Gent 2025' })).toBeTruthy();
    const mix = screen.getByRole('region', { name: 'Sociale mix in de scholen' });
    expect(mix.textContent).toContain('De sociale-mixindexen zijn niet beschikbaar voor uw rol.');
  });

  it('speaks English when the user chose it', async () => {
    renderScreen(<MunicipalityPage />, {
      path: `/gemeenten/${GENT_ID}`,
      route: '/gemeenten/:id',
      language: 'en',
      mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery), detailMock(GENT_ID, true, gent()), mixMock('44021', gentTrend)],
    });
    expect(await screen.findByRole('region', { name: 'Projects per funding period' })).toBeTruthy();
    expect(screen.getByText('Approved')).toBeTruthy();
    expect(await screen.findByRole('table', { name: 'Social-mix indices per school year' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'All 39 schools in the school list' })).toBeTruthy();
  });

  it('says so when the municipality does not exist', async () => {
    renderScreen(<MunicipalityPage />, {
      path: '/gemeenten/00000000-0000-4000-8000-000000000000',
      route: '/gemeenten/:id',
      mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery), detailMock('00000000-0000-4000-8000-000000000000', true, null)],
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Niet gevonden' })).toBeTruthy();
  });
});
