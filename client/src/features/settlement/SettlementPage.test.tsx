import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ViewerQuery } from '../../app/viewer.query';
import { renderScreen, viewerMock } from '../../test/render';
import { PeriodSettlementQuery } from './period-settlement.query';
import SettlementPage from './SettlementPage';

const row = (id: string, title: string, municipality: string, figures: Record<string, unknown>) => ({
  __typename: 'ProjectSettlement',
  project: { __typename: 'Project', id, title, leadMunicipality: { __typename: 'Municipality', id: `m-${id}`, name: municipality } },
  advanceShare: 60,
  withheld: false,
  ...figures,
});

const settlement = (rows: ReturnType<typeof row>[], totals: Record<string, unknown>) => ({
  request: { query: PeriodSettlementQuery, variables: { id: 'fp-3' } },
  result: {
    data: {
      settlement: {
        __typename: 'PeriodSettlement',
        fundingPeriod: { __typename: 'FundingPeriod', id: 'fp-3', number: 3, label: 'Projectperiode 3 (2024–2025)', advanceShare: 60, ratePerHousehold: 170 },
        rows,
        totals: { __typename: 'SettlementTotals', ...totals },
      },
    },
  },
});

// Over target (€ 680 to pay) and under target (€ 1.020 to recover), as in the server's hand-computed cases.
const BOTH = settlement(
  [
    row('p-1', 'Buurtschool Gent', 'Gent', { target: 10, reached: 12, granted: 1700, advance: 1020, earned: 1700, toPay: 680, toRecover: 0 }),
    row('p-2', 'Samen naar school Boom', 'Boom', { target: 20, reached: 6, granted: 3400, advance: 2040, earned: 1020, toPay: 0, toRecover: 1020 }),
  ],
  { projects: 2, granted: 5100, advance: 3060, earned: 2720, toPay: 680, toRecover: 1020 },
);

describe('SettlementPage', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  const open = (mock: ReturnType<typeof settlement>, role: 'ADMIN' | 'ANALYST' = 'ADMIN') =>
    renderScreen(<SettlementPage />, { path: '/periodes/fp-3/afrekening', route: '/periodes/:id/afrekening', mocks: [viewerMock({ role }, ViewerQuery), mock] });

  it('lists each funded project’s money in euros, with the totals in the footer', async () => {
    open(BOTH);
    const table = await screen.findByRole('table', { name: 'Afrekening per project, Projectperiode 3 (2024–2025)' });
    const cells = (name: RegExp) => within(within(table).getByRole('row', { name })).getAllByRole('cell').map((c) => c.textContent);
    expect(cells(/Buurtschool Gent/)).toEqual(['Gent', '10', '12', '€\u00a01.700,00', '€\u00a01.020,00', '€\u00a01.700,00', '€\u00a0680,00', '€\u00a00,00']);
    expect(cells(/Samen naar school Boom/).slice(-3)).toEqual(['€\u00a01.020,00', '€\u00a00,00', '€\u00a01.020,00']);
    expect(cells(/Totaal \(2 projecten\)/)).toEqual(['€\u00a05.100,00', '€\u00a03.060,00', '€\u00a02.720,00', '€\u00a0680,00', '€\u00a01.020,00']);
    expect(within(table).getByRole('link', { name: 'Buurtschool Gent' }).getAttribute('href')).toBe('/projecten/p-1');
  });

  it('shows withheld money as withheld, totals included, and says why', async () => {
    open(
      settlement(
        [row('p-3', 'Klein project', 'Zwalm', { target: 10, reached: null, granted: 1700, advance: 1020, earned: null, toPay: null, toRecover: null, withheld: true })],
        { projects: 1, granted: 1700, advance: 1020, earned: null, toPay: null, toRecover: null },
      ),
      'ANALYST',
    );
    const table = await screen.findByRole('table', { name: /Afrekening per project/ });
    expect(within(within(table).getByRole('row', { name: /Klein project/ })).getAllByRole('cell').map((c) => c.textContent)).toEqual([
      'Zwalm', '10', 'afgeschermd', '€\u00a01.700,00', '€\u00a01.020,00', 'afgeschermd', 'afgeschermd', 'afgeschermd',
    ]);
    expect(within(within(table).getByRole('row', { name: /Totaal/ })).getAllByRole('cell').slice(-3).map((c) => c.textContent)).toEqual(['afgeschermd', 'afgeschermd', 'afgeschermd']);
    expect(screen.getByText(/volgt uit een afgeschermd aantal bereikte gezinnen/)).toBeTruthy();
  });

  it('downloads the server’s CSV of the period with the session’s token', async () => {
    sessionStorage.setItem('schoolmix.session', 'token-1');
    const fetchMock = vi.fn(() => Promise.resolve(new Response('\uFEFFperiod;title\r\n', { headers: { 'content-disposition': 'attachment; filename="schoolmix-settlement-2025-04-01.csv"' } })));
    vi.stubGlobal('fetch', fetchMock);
    URL.createObjectURL = vi.fn(() => 'blob:csv');
    URL.revokeObjectURL = vi.fn();
    open(BOTH);
    await userEvent.click(await screen.findByRole('button', { name: 'CSV downloaden' }));
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/export/settlement.csv?fundingPeriod=3');
    expect((init.headers as Record<string, string>).authorization).toMatch(/^Bearer /);
  });
});
