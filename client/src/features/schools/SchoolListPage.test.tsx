import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ViewerQuery } from '../../app/viewer.query';
import { renderScreen, viewerMock } from '../../test/render';
import { connection, municipalityOptionsMock } from '../../test/mocks';
import { saveFile } from '../../ui/csv';
import { ANTWERPEN_ID, BORSBEEK_ID, GENT_ID } from '../municipalities/test-fixtures';
import { SchoolListQuery } from './school-list.query';
import SchoolListPage from './SchoolListPage';

vi.mock('../../ui/csv', async (original) => ({ ...(await original<typeof import('../../ui/csv')>()), saveFile: vi.fn() }));

afterEach(() => {
  cleanup();
  vi.mocked(saveFile).mockClear();
});

const NAME_ASC = [{ field: 'NAME', direction: 'ASC' }];

const gent = { __typename: 'Municipality', id: GENT_ID, name: 'Gent', nisCode: '44021' };

function school(id: string, name: string, overrides: Record<string, unknown> = {}) {
  return { __typename: 'School', id, name, institutionNumber: '412070', level: 'PRIMARY', network: 'OFFICIAL_SUBSIDISED', postcode: '9051', capacity: 170, municipality: gent, ...overrides };
}

const bron = school('s1', 'Kleuterschool De Bron (synthetisch)', { level: 'NURSERY' });
const anker = school('s2', 'College Het Anker (synthetisch)', { institutionNumber: '123456', level: 'SECONDARY', network: 'FREE_SUBSIDISED', postcode: '9000', capacity: 600 });

function listMock(variables: Record<string, unknown>, nodes: unknown[], totalCount = nodes.length) {
  return {
    request: { query: SchoolListQuery, variables: { first: 20, after: null, orderBy: NAME_ASC, ...variables } },
    result: { data: { schools: connection('SchoolConnection', nodes, totalCount) } },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}

const municipalitiesMock = municipalityOptionsMock([{ id: ANTWERPEN_ID, name: 'Antwerpen', nisCode: '11002' }, { id: BORSBEEK_ID, name: 'Borsbeek', nisCode: '11007', validTo: '2024-12-31' }, { id: GENT_ID, name: 'Gent', nisCode: '44021' }]);

const base = [viewerMock({ role: 'REVIEWER' }, ViewerQuery), municipalitiesMock];

function params(router: { state: { location: { search: string } } }) {
  return new URLSearchParams(router.state.location.search);
}

describe('SchoolListPage', () => {
  it('lists schools with institution number, level, municipality and capacity; filters and sort go into the URL', async () => {
    const user = userEvent.setup();
    const { router } = renderScreen(<SchoolListPage />, {
      path: '/scholen',
      route: '/scholen',
      mocks: [
        ...base,
        listMock({ filter: {} }, [anker, bron], 335),
        listMock({ filter: { municipalityId: GENT_ID } }, [anker, bron], 39),
        listMock({ filter: { municipalityId: GENT_ID, levels: ['NURSERY'] } }, [bron]),
        listMock({ filter: { municipalityId: GENT_ID, levels: ['NURSERY'] }, orderBy: [{ field: 'CAPACITY', direction: 'ASC' }] }, [bron]),
      ],
    });
    const table = await screen.findByRole('table', { name: 'Scholen (335 scholen)' });
    const row = within(table).getByRole('row', { name: /Het Anker/ });
    expect(within(row).getByRole('link', { name: 'College Het Anker (synthetisch)' }).getAttribute('href')).toBe('/scholen/s2');
    expect(within(row).getByRole('link', { name: 'Gent' }).getAttribute('href')).toBe(`/gemeenten/${GENT_ID}`);
    expect(row.textContent).toContain('123456');
    expect(row.textContent).toContain('Secundair onderwijs');
    expect(row.textContent).toContain('600');
    expect(screen.getByText('1–20 van 335')).toBeTruthy();

    const municipality = screen.getByLabelText('Gemeente');
    await waitFor(() => expect(within(municipality).getByRole('option', { name: 'Borsbeek (tot 2024)' })).toBeTruthy());
    await user.selectOptions(municipality, 'Gent');
    expect(params(router).get('municipality')).toBe(GENT_ID);
    expect(await screen.findByRole('table', { name: 'Scholen (39 scholen)' })).toBeTruthy();

    await user.selectOptions(screen.getByLabelText('Niveau'), 'Kleuteronderwijs');
    expect(params(router).get('level')).toBe('NURSERY');
    expect(await screen.findByRole('table', { name: 'Scholen (1 school)' })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: /Capaciteit/ }));
    expect(params(router).get('sort')).toBe('CAPACITY');
    expect(screen.getByRole('columnheader', { name: /Capaciteit/ }).getAttribute('aria-sort')).toBe('ascending');
  });

  it('says when no school matches and clears the filters', async () => {
    const user = userEvent.setup();
    const { router } = renderScreen(<SchoolListPage />, {
      path: '/scholen?search=onbestaand&level=SECONDARY',
      route: '/scholen',
      mocks: [...base, listMock({ filter: { search: 'onbestaand', levels: ['SECONDARY'] } }, []), listMock({ filter: {} }, [anker, bron])],
    });
    expect(await screen.findByText('Geen scholen met deze filters.')).toBeTruthy();
    expect(screen.getByRole('searchbox', { name: 'Zoek op naam of instellingsnummer' })).toHaveProperty('value', 'onbestaand');
    await user.click(screen.getByRole('button', { name: 'Filters wissen' }));
    expect(router.state.location.search).toBe('');
    expect(await screen.findByRole('table', { name: 'Scholen (2 scholen)' })).toBeTruthy();
  });

  it('says that there are no schools yet when the list is empty without filters', async () => {
    renderScreen(<SchoolListPage />, { path: '/scholen', route: '/scholen', mocks: [...base, listMock({ filter: {} }, [])] });
    expect(await screen.findByText('Er zijn nog geen scholen.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Filters wissen' })).toBeNull();
  });

  it('downloads the filtered schools as CSV with Dutch labels', async () => {
    const user = userEvent.setup();
    renderScreen(<SchoolListPage />, {
      path: `/scholen?municipality=${GENT_ID}`,
      route: '/scholen',
      mocks: [
        ...base,
        listMock({ filter: { municipalityId: GENT_ID } }, [anker]),
        { request: { query: SchoolListQuery, variables: { filter: { municipalityId: GENT_ID }, first: 100, after: null, orderBy: NAME_ASC } }, result: { data: { schools: connection('SchoolConnection', [anker, bron]) } } },
      ],
    });
    await screen.findByRole('table');
    await user.click(screen.getByRole('button', { name: 'Download als CSV' }));
    await waitFor(() => expect(saveFile).toHaveBeenCalled());
    const lines = vi.mocked(saveFile).mock.calls[0]![1].replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toEqual([
      'Naam;Instellingsnummer;Niveau;Onderwijsnet;Gemeente;NIS-code gemeente;Postcode;Capaciteit',
      'College Het Anker (synthetisch);123456;Secundair onderwijs;Vrij gesubsidieerd;Gent;44021;9000;600',
      'Kleuterschool De Bron (synthetisch);412070;Kleuteronderwijs;Officieel gesubsidieerd;Gent;44021;9051;170',
    ]);
  });
});
