import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ViewerQuery } from '../../app/viewer.query';
import { renderScreen, viewerMock } from '../../test/render';
import { GENT_ID } from '../municipalities/test-fixtures';
import { SchoolDetailQuery } from './school-detail.query';
import { SchoolDetailMirrorQuery } from './school-mirror.query';
import SchoolPage from './SchoolPage';

afterEach(cleanup);

const ID = '74611800-5210-4596-8b53-b8cd192daf16';
const YEARS = ['2022-2023', '2023-2024', '2024-2025'];

function composition(schoolYear: string, pupils: number | null, indicatorPupils: number | null, rest: (number | null)[] = [34, 47, 30, 5]) {
  const [lowEducatedMother, schoolAllowance, homeLanguageNotDutch, pupilsWithSpecialNeeds] = rest;
  return { __typename: 'SchoolComposition', id: `c-${schoolYear}`, schoolYear, pupils, indicatorPupils, lowEducatedMother, schoolAllowance, homeLanguageNotDutch, pupilsWithSpecialNeeds };
}

function detail(compositions: unknown[]) {
  return {
    request: { query: SchoolDetailQuery, variables: { id: ID } },
    result: {
      data: {
        school: {
          __typename: 'School',
          id: ID,
          name: 'Kleuterschool De Bron (synthetisch)',
          institutionNumber: '412070',
          level: 'NURSERY',
          network: 'OFFICIAL_SUBSIDISED',
          postcode: '9051',
          capacity: 170,
          municipality: { __typename: 'Municipality', id: GENT_ID, name: 'Gent', nisCode: '44021' },
          compositions,
        },
      },
    },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}

function mirror(schoolYear: string, figures: Partial<Record<string, number | boolean | string | null>>, log?: string[]) {
  const data = {
    school: {
      __typename: 'School',
      id: ID,
      mirror: { __typename: 'SchoolMirror', schoolYear, pupils: 122, indicatorShare: null, areaCode: '44021', areaShare: null, gap: null, mirrors: null, tolerance: 0.1, suppressedReason: null, ...figures },
    },
  };
  if (log) {
    // The delay is asked for when the request arrives, the result when it is answered.
    return {
      request: { query: SchoolDetailMirrorQuery, variables: { id: ID, schoolYear } },
      delay: () => {
        log.push(`asked ${schoolYear}`);
        return 20;
      },
      result: () => {
        log.push(`answered ${schoolYear}`);
        return { data };
      },
    };
  }
  return {
    request: { query: SchoolDetailMirrorQuery, variables: { id: ID, schoolYear } },
    result: { data },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}

describe('SchoolPage', () => {
  it('sets the school against its neighbourhood per school year, as a chart and as a table', async () => {
    renderScreen(<SchoolPage />, {
      path: `/scholen/${ID}`,
      route: '/scholen/:id',
      mocks: [
        viewerMock({ role: 'REVIEWER' }, ViewerQuery),
        detail([composition(YEARS[0]!, 127, 64), composition(YEARS[1]!, 121, 61), composition(YEARS[2]!, 122, 60)]),
        mirror(YEARS[0]!, { pupils: 127, indicatorShare: 0.5039, areaShare: 0.3, gap: 0.2039, mirrors: false }),
        mirror(YEARS[1]!, { pupils: 121, indicatorShare: 0.5041, areaShare: 0.4141, gap: 0.09, mirrors: true }),
        mirror(YEARS[2]!, { indicatorShare: 0.4918032786885246, areaShare: 0.459499384489126, gap: 0.03230389419939861, mirrors: true }),
      ],
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Kleuterschool De Bron (synthetisch)' })).toBeTruthy();
    expect(screen.getByRole('link', { name: '← Scholen' }).getAttribute('href')).toBe('/scholen');
    const facts = screen.getByRole('region', { name: 'Gegevens' });
    expect(facts.textContent).toContain('412070');
    expect(facts.textContent).toContain('Kleuteronderwijs');
    expect(facts.textContent).toContain('Officieel gesubsidieerd');
    expect(within(facts).getByRole('link', { name: 'Gent' }).getAttribute('href')).toBe(`/gemeenten/${GENT_ID}`);

    const section = screen.getByRole('region', { name: 'Samenstelling tegenover de buurt' });
    const table = await within(section).findByRole('table', { name: 'School tegenover buurt per schooljaar' });
    const latest = within(table).getByRole('row', { name: /2024-2025/ });
    const cells = within(latest).getAllByRole('cell').map((c) => c.textContent);
    expect(cells).toEqual(['49,2%', '45,9%', '+3,2 pp', 'ja, binnen 10 pp']);
    expect(within(table).getByRole('row', { name: /2022-2023/ }).textContent).toContain('nee, meer dan 10 pp');
    // A gap always with one decimal: "+9,0 pp", not "+9 pp".
    expect(within(within(table).getByRole('row', { name: /2023-2024/ })).getAllByRole('cell')[2]!.textContent).toBe('+9,0 pp');
    expect(within(section).getByRole('img', { name: /2024-2025: school 49,2%, buurt 45,9%, kloof \+3,2 pp; ja, binnen 10 pp/ })).toBeTruthy();
    expect(within(section).getByText(/hoogstens 10 procentpunt/)).toBeTruthy();
    // The characteristics: a row per characteristic, a column per school year.
    const characteristics = within(section).getByRole('table', { name: 'Leerlingenkenmerken per schooljaar' });
    expect(within(characteristics).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Kenmerk', ...YEARS]);
    const pupils = within(characteristics).getByRole('row', { name: /^Leerlingen/ });
    expect(within(pupils).getAllByRole('cell').map((c) => c.textContent)).toEqual(['127', '121', '122']);
    const language = within(characteristics).getByRole('row', { name: /Thuistaal niet Nederlands/ });
    expect(within(language).getAllByRole('cell').map((c) => c.textContent)).toEqual(['30', '30', '30']);
  });

  it('asks for the mirror of every school year at once, not one after the other', async () => {
    const log: string[] = [];
    renderScreen(<SchoolPage />, {
      path: `/scholen/${ID}`,
      route: '/scholen/:id',
      mocks: [
        viewerMock({ role: 'REVIEWER' }, ViewerQuery),
        detail([composition(YEARS[0]!, 127, 64), composition(YEARS[1]!, 121, 61), composition(YEARS[2]!, 122, 60)]),
        ...YEARS.map((year) => mirror(year, { indicatorShare: 0.5, areaShare: 0.45, gap: 0.05, mirrors: true }, log)),
      ],
    });
    const table = await screen.findByRole('table', { name: 'School tegenover buurt per schooljaar' });
    expect(within(table).getAllByText('ja, binnen 10 pp')).toHaveLength(3);
    expect(log.slice(0, 3).sort()).toEqual(YEARS.map((year) => `asked ${year}`));
    expect(log.slice(3).sort()).toEqual(YEARS.map((year) => `answered ${year}`));
  });

  it('shows withheld shares and counts as withheld, never as 0', async () => {
    renderScreen(<SchoolPage />, {
      path: `/scholen/${ID}`,
      route: '/scholen/:id',
      mocks: [
        viewerMock({ role: 'ANALYST' }, ViewerQuery),
        detail([composition(YEARS[2]!, 123, null, [null, null, null, 6])]),
        mirror(YEARS[2]!, { pupils: null, suppressedReason: 'BELOW_THRESHOLD' }),
      ],
    });
    const table = await screen.findByRole('table', { name: 'School tegenover buurt per schooljaar' });
    const cells = within(within(table).getByRole('row', { name: /2024-2025/ })).getAllByRole('cell').map((c) => c.textContent);
    expect(cells).toEqual(['afgeschermd', 'afgeschermd', 'afgeschermd', 'afgeschermd: te weinig (indicator)leerlingen']);
    // No empty chart when every share is withheld: a sentence instead.
    expect(screen.queryByRole('img')).toBeNull();
    expect(screen.getByText(/Geen grafiek: de aandelen van school en buurt zijn voor geen enkel schooljaar beschikbaar/)).toBeTruthy();
    const characteristics = screen.getByRole('table', { name: 'Leerlingenkenmerken per schooljaar' });
    expect(within(characteristics).getAllByText('afgeschermd')).toHaveLength(4);
    expect(within(characteristics).queryByText('0')).toBeNull();
  });

  it('says when a school has no composition yet', async () => {
    renderScreen(<SchoolPage />, { path: `/scholen/${ID}`, route: '/scholen/:id', mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery), detail([])] });
    expect(await screen.findByText('Nog geen leerlingenkenmerken voor deze school.')).toBeTruthy();
  });

  it('says so when the school does not exist, and offers a retry when loading fails', async () => {
    renderScreen(<SchoolPage />, {
      path: `/scholen/${ID}`,
      route: '/scholen/:id',
      mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery), { request: { query: SchoolDetailQuery, variables: { id: ID } }, result: { data: { school: null } } }],
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Niet gevonden' })).toBeTruthy();
    cleanup();
    renderScreen(<SchoolPage />, {
      path: `/scholen/${ID}`,
      route: '/scholen/:id',
      mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery), { request: { query: SchoolDetailQuery, variables: { id: ID } }, error: new Error('down') }],
    });
    expect(within(await screen.findByRole('alert')).getByRole('button', { name: 'Opnieuw proberen' })).toBeTruthy();
  });
});
