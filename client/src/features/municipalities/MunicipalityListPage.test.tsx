import type { MockLink } from '@apollo/client/testing';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { cursorForPage } from '@schoolmix/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ViewerQuery } from '../../app/viewer.query';
import { renderScreen, viewerMock } from '../../test/render';
import { saveFile } from '../../ui/csv';
import { FundingPeriodOptionsQuery } from '../../ui/funding-period-options.query';
import { MunicipalityListQuery } from './municipality-list.query';
import MunicipalityListPage from './MunicipalityListPage';
import { connection } from '../../test/mocks';
import { ANTWERPEN_ID, borsbeekRow, municipalityRow, PERIOD_IDS, periodsData } from './test-fixtures';

const NAME_ASC = [{ field: 'NAME', direction: 'ASC' }];
const current = { validOn: '2025-01-01' };

function listMock(variables: Record<string, unknown>, nodes: unknown[], totalCount = nodes.length) {
  return {
    request: { query: MunicipalityListQuery, variables: { projectFilter: null, first: 20, after: null, orderBy: NAME_ASC, ...variables } },
    result: { data: { municipalities: connection('MunicipalityConnection', nodes, totalCount) } },
    maxUsageCount: Number.POSITIVE_INFINITY,
  };
}

const base = [
  viewerMock({ role: 'REVIEWER' }, ViewerQuery),
  { request: { query: FundingPeriodOptionsQuery }, result: { data: periodsData }, maxUsageCount: Number.POSITIVE_INFINITY },
];

/** The list at `path` as a reviewer sees it, with `mocks` after the viewer and the periods. */
const renderList = (path: string, ...mocks: MockLink.MockedResponse[]) => renderScreen(<MunicipalityListPage />, { path, route: '/gemeenten', mocks: [...base, ...mocks] });

const antwerpen = municipalityRow({ id: ANTWERPEN_ID, name: 'Antwerpen', nisCode: '11002', province: 'Antwerpen', population: 540000 });

function search(router: { state: { location: { search: string } } }) {
  return new URLSearchParams(router.state.location.search);
}

vi.mock('../../ui/csv', async (original) => ({ ...(await original<typeof import('../../ui/csv')>()), saveFile: vi.fn() }));

afterEach(() => {
  cleanup();
  vi.mocked(saveFile).mockClear();
});

describe('MunicipalityListPage', () => {
  it('lists the current municipalities with NIS code, province, population and projects, and keeps sort and search in the URL', async () => {
    const user = userEvent.setup();
    const { router } = renderList(
      '/gemeenten',
      listMock({ filter: current }, [antwerpen, municipalityRow()]),
      listMock({ filter: current, orderBy: [{ field: 'POPULATION', direction: 'ASC' }] }, [municipalityRow(), antwerpen]),
      listMock({ filter: { ...current, search: 'Gent' }, orderBy: [{ field: 'POPULATION', direction: 'ASC' }] }, [municipalityRow()]),
    );

    const table = await screen.findByRole('table', { name: 'Gemeenten (2 gemeenten)' });
    const gent = within(table).getByRole('row', { name: /Gent/ });
    expect(within(gent).getByRole('link', { name: 'Gent' })).toHaveProperty('href', expect.stringContaining('/gemeenten/6ae073e0'));
    expect(gent.textContent).toContain('44021');
    expect(gent.textContent).toContain('Oost-Vlaanderen');
    expect(gent.textContent).toContain('263.927');
    expect(within(gent).getAllByRole('cell').at(-1)!.textContent).toBe('3');
    expect(screen.getByLabelText('Welke gemeenten')).toHaveProperty('value', '');

    await user.click(within(table).getByRole('button', { name: /Inwoners/ }));
    expect(search(router).get('sort')).toBe('POPULATION');
    expect(search(router).get('dir')).toBe('ASC');
    await waitFor(() => expect(within(screen.getByRole('table')).getAllByRole('row')[1]!.textContent).toContain('Gent'));

    await user.type(screen.getByRole('searchbox', { name: 'Zoek op naam of NIS-code' }), 'Gent');
    expect(search(router).get('search')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Zoeken' }));
    expect(search(router).get('search')).toBe('Gent');
    expect(search(router).get('sort')).toBe('POPULATION');
    expect(await screen.findByRole('table', { name: 'Gemeenten (1 gemeente)' })).toBeTruthy();
  });

  it('shows the pre-2025 codes with "opgegaan in" and a link to the 2025 municipality when all codes are asked for', async () => {
    const user = userEvent.setup();
    const { router } = renderList('/gemeenten?validity=all&page=2', listMock({ filter: {}, after: cursorForPage(2, 20) }, [borsbeekRow], 312), listMock({ filter: current }, [antwerpen]));
    const table = await screen.findByRole('table', { name: 'Gemeenten (312 gemeenten)' });
    const row = within(table).getByRole('row', { name: /Borsbeek/ });
    expect(row.textContent).toContain('opgegaan in Antwerpen');
    expect(within(row).getByRole('link', { name: 'Antwerpen' }).getAttribute('href')).toBe(`/gemeenten/${ANTWERPEN_ID}`);
    expect(screen.getByText('21–40 van 312', { exact: false })).toBeTruthy();

    await user.selectOptions(screen.getByLabelText('Welke gemeenten'), 'Geldig op 01/01/2025 (285)');
    expect(search(router).get('validity')).toBeNull();
    expect(search(router).get('page')).toBeNull();
  });

  it('filters on taking part in a funding period and counts the projects of that period', async () => {
    const user = userEvent.setup();
    const { router } = renderList(
      '/gemeenten',
      listMock({ filter: current }, [municipalityRow()]),
      listMock({ filter: { ...current, takingPart: true } }, [municipalityRow()]),
      listMock({ filter: { ...current, takingPart: true, fundingPeriodId: PERIOD_IDS[2] }, projectFilter: { fundingPeriodId: PERIOD_IDS[2] } }, [
        municipalityRow({ projects: { __typename: 'ProjectConnection', totalCount: 1 } }),
      ]),
    );
    await screen.findByRole('table');
    const period = screen.getByLabelText('In projectperiode');
    expect(period).toHaveProperty('disabled', true);
    await user.selectOptions(screen.getByLabelText('Deelname aan actie 20'), 'Neemt deel');
    expect(search(router).get('takingPart')).toBe('yes');
    await waitFor(() => expect(screen.getByLabelText('In projectperiode')).toHaveProperty('disabled', false));
    await screen.findByRole('option', { name: 'Projectperiode 3 (2024–2025)' }); // options come from their own request
    await user.selectOptions(screen.getByLabelText('In projectperiode'), 'Projectperiode 3 (2024–2025)');
    expect(search(router).get('period')).toBe(PERIOD_IDS[2]);
    expect(await screen.findByRole('columnheader', { name: 'Projecten in de periode' })).toBeTruthy();
    await waitFor(() => expect(within(screen.getByRole('row', { name: /Gent/ })).getAllByRole('cell').at(-1)!.textContent).toBe('1'));
  });

  it('says when no municipality matches the filters and clears them', async () => {
    const user = userEvent.setup();
    const { router } = renderList('/gemeenten?search=xyz&province=Limburg', listMock({ filter: { ...current, search: 'xyz', province: 'Limburg' } }, []), listMock({ filter: current }, [municipalityRow()]));
    expect(await screen.findByText('Geen gemeenten met deze filters.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Filters wissen' }));
    expect(router.state.location.search).toBe('');
    expect(await screen.findByRole('table', { name: 'Gemeenten (1 gemeente)' })).toBeTruthy();
    expect(screen.getByRole('searchbox', { name: 'Zoek op naam of NIS-code' })).toHaveProperty('value', '');
  });

  it('shows an error with a retry button', async () => {
    renderList('/gemeenten', { request: { query: MunicipalityListQuery, variables: { filter: current, projectFilter: null, first: 20, after: null, orderBy: NAME_ASC } }, error: new Error('network down') });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('De server is niet bereikbaar');
    expect(within(alert).getByRole('button', { name: 'Opnieuw proberen' })).toBeTruthy();
  });

  it('downloads every row with the current filters as CSV', async () => {
    const user = userEvent.setup();
    const saved = vi.mocked(saveFile);
    renderList(
      '/gemeenten?validity=all&province=Antwerpen',
      listMock({ filter: { province: 'Antwerpen' } }, [borsbeekRow]),
      {
        request: { query: MunicipalityListQuery, variables: { filter: { province: 'Antwerpen' }, projectFilter: null, first: 100, after: null, orderBy: NAME_ASC } },
        result: { data: { municipalities: connection('MunicipalityConnection', [antwerpen, borsbeekRow], 2) } },
      },
    );
    await screen.findByRole('table');
    await user.click(screen.getByRole('button', { name: 'Download als CSV' }));
    await waitFor(() => expect(saved).toHaveBeenCalled());
    const [name, text] = saved.mock.calls[0]!;
    expect(name).toMatch(/^schoolmix-gemeenten-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Naam;NIS-code;Provincie;Inwoners;Geldig vanaf;Geldig tot;Opgegaan in;NIS-code opvolger;Projecten (trekker)');
    expect(lines[1]).toBe('Antwerpen;11002;Antwerpen;540000;2019-01-01;;;;3');
    expect(lines[2]).toBe('Borsbeek;11007;Antwerpen;10875;2019-01-01;2024-12-31;Antwerpen;11002;1');
  });
});
