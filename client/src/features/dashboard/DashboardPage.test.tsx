import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ViewerQuery } from '../../app/viewer.query';
import { renderScreen, viewerMock } from '../../test/render';
import DashboardPage from './DashboardPage';
import { DashboardQuery } from './dashboard.query';
import { progressBand } from './progress';

const municipality = (id: string, name: string, nisCode: string) => ({ __typename: 'Municipality', id, name, nisCode });
const progress = (m: ReturnType<typeof municipality>, target: number, reached: number | null, expectedByNow: number) => ({
  __typename: 'MunicipalityProgress',
  municipality: m,
  projectCount: 1,
  target,
  reached,
  expectedByNow,
  progress: reached === null ? null : reached / target,
  onTrack: reached === null ? null : reached >= expectedByNow,
});
const period = (number: number, status: 'OPEN' | 'FINAL', report: Record<string, unknown>) => ({
  __typename: 'FundingPeriod',
  id: `p${number}`,
  number,
  label: `Projectperiode ${number}`,
  startsOn: `${2021 + number}-10-01`,
  // Period 3 still runs (far end) unless a test says otherwise; period 1 has ended.
  endsOn: number === 3 ? '2999-09-30' : `${2022 + number}-09-30`,
  reportStatus: status,
  programReport: { __typename: 'ProgramReport', projectCount: 2, ...report },
});

const dashboard = {
  request: { query: DashboardQuery },
  result: {
    data: {
      fundingPeriods: {
        __typename: 'FundingPeriodConnection',
        nodes: [
          period(1, 'FINAL', { budget: 51_000, representedLocalGovernments: 3, committed: 300, realised: 280, pending: false, paid: 1_530, toRecover: 2_040.5, municipalityProgress: [] }),
          period(3, 'OPEN', {
            budget: 1_234_567.5,
            representedLocalGovernments: 40,
            committed: 9_000,
            realised: null,
            pending: true,
            paid: 12_000,
            toRecover: 0,
            municipalityProgress: [progress(municipality('g', 'Gent', '44021'), 281, 202, 140.5), progress(municipality('b', 'Boom', '11005'), 47, null, 23.5)],
          }),
        ],
      },
      overdueFinalReports: {
        __typename: 'ProjectConnection',
        totalCount: 1,
        nodes: [{ __typename: 'Project', id: 'pr-7', title: 'Samen naar school', finalReportDueOn: '2025-10-31', leadMunicipality: { __typename: 'Municipality', id: 'b', name: 'Boom' } }],
      },
      programSummary: { __typename: 'ProgramSummary', periods: 2, finalPeriods: 1, budget: 1_285_567.5, committed: 9_300, realised: 280, representedLocalGovernments: 41 },
    },
  },
};

// The map's shapes: the app's own copy of the 2025 boundaries, served as a static file.
const topology = readFileSync(join(import.meta.dirname, '../../../public/data/flanders-municipalities-2025.topo.json'), 'utf8');

describe('DashboardPage', () => {
  beforeEach(() => {
    vi.stubGlobal('fetch', vi.fn((url: string) => Promise.resolve(String(url).endsWith('/data/flanders-municipalities-2025.topo.json') ? new Response(topology) : new Response('', { status: 404 }))));
  });
  afterEach(() => vi.unstubAllGlobals());

  it('shows the published programme table in nl-BE formats, "pending" for an open period, and the programme total', async () => {
    renderScreen(<DashboardPage />, { mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery), dashboard] });
    const table = await screen.findByRole('table', { name: 'Actie 20 per projectperiode' });
    const [, first, third, total] = within(table).getAllByRole('row');
    expect(first?.textContent).toContain('€\u00a051.000,00');
    expect(within(first!).getAllByRole('cell').slice(3).map((c) => c.textContent)).toEqual(['280', '€\u00a01.530,00 – Afrekening Projectperiode 1', '€\u00a02.040,50']);
    // "Uitbetaald" opens the period's settlement table, whose totals it repeats.
    expect(within(first!).getByRole('link', { name: /– Afrekening Projectperiode 1$/ }).getAttribute('href')).toBe('/periodes/p1/afrekening');
    expect(third?.textContent).toContain('€\u00a01.234.567,50');
    expect(third?.textContent).toContain('9.000');
    expect(third?.textContent).toContain('Eindrapportage nog niet afgerond');
    expect(total?.textContent).toContain('Hele programma');
    expect(within(total!).getAllByRole('cell').map((c) => c.textContent)).toEqual(['€\u00a01.285.567,50', '41', '9.300', '280', '€\u00a013.530,00', '€\u00a02.040,50']);
  });

  it('lists KPI progress of the open period per municipality, its progress band in text, a withheld count as "afgeschermd", with a bullet bar read out as a sentence', async () => {
    renderScreen(<DashboardPage />, { mocks: [viewerMock({ role: 'ANALYST' }, ViewerQuery), dashboard] });
    const table = await screen.findByRole('table', { name: 'KPI-voortgang per gemeente, Projectperiode 3' });
    const gent = within(table).getByRole('row', { name: /Gent/ });
    expect(within(gent).getAllByRole('cell').map((c) => c.textContent).slice(0, 5)).toEqual(['1', '202', '281', '141', '72%']);
    expect(within(gent).getByRole('img').getAttribute('aria-label')).toBe('Gent: 202 bereikt, doel 281, verwacht tegen nu 141');
    // The swatch's colour is also said in text in the row header, not by colour alone.
    expect(within(gent).getByRole('rowheader').textContent).toBe('op schema: Gent');
    const boom = within(table).getByRole('row', { name: /Boom/ });
    expect(within(boom).getByRole('rowheader').textContent).toBe('afgeschermd: Boom');
    expect(within(boom).getAllByRole('cell')[1]?.textContent).toBe('afgeschermd');
    expect(within(table).getByRole('link', { name: 'Gent' }).getAttribute('href')).toBe('/gemeenten/g');
  });

  it('draws the 285 municipalities of 2025 offline, coloured by progress, with the counts in the legend and the attribution', async () => {
    const { container } = renderScreen(<DashboardPage />, { mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery), dashboard] });
    const map = await screen.findByRole('img', { name: /^Kaart van de Vlaamse gemeenten/ });
    expect(map.getAttribute('aria-label')).toBe(
      'Kaart van de Vlaamse gemeenten, gekleurd volgens KPI-voortgang in Projectperiode 3: 1 op schema, 1 afgeschermd, 283 neemt niet deel',
    );
    const paths = container.querySelectorAll('.map path');
    expect(paths).toHaveLength(285);
    const gent = [...paths].find((p) => p.querySelector('title')?.textContent?.startsWith('Gent:'));
    expect(gent?.querySelector('title')?.textContent).toBe('Gent: 202 van 281 gezinnen (op schema)');
    expect(gent?.getAttribute('fill')).toBe('#998ec3'); // 202 reached ≥ 140,5 expected by now
    expect(screen.getByText(/Grenzen: Statbel, Provincies in Cijfers/)).toBeTruthy();
  });

  it('lists the overdue final reports with their effective deadline, linked to the project', async () => {
    renderScreen(<DashboardPage />, { mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery), dashboard] });
    expect((await screen.findByRole('heading', { name: 'Eindrapportages te laat (1)' })).tagName).toBe('H2');
    const table = screen.getByRole('table', { name: 'Projecten waarvan de eindrapportage te laat is, langst te laat eerst' });
    const row = within(table).getByRole('row', { name: /Samen naar school/ });
    expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual(['Boom', '31/10/2025']);
    expect(within(row).getByRole('link', { name: 'Samen naar school' }).getAttribute('href')).toBe('/projecten/pr-7');
  });

  it('after the period has ended, says so and measures against the target: no "verwacht tegen nu", no "op schema" (issue 18)', async () => {
    const ended = structuredClone(dashboard);
    (ended.result.data.fundingPeriods.nodes[1] as { endsOn: string }).endsOn = '2025-09-30';
    renderScreen(<DashboardPage />, { mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery), ended] });
    const table = await screen.findByRole('table', { name: 'KPI-voortgang per gemeente, Projectperiode 3' });
    expect(screen.getByText(/Projectperiode 3: afgelopen\. Deze projectperiode is afgelopen op 30\/09\/2025/)).toBeTruthy();
    expect(within(table).queryByRole('columnheader', { name: 'Verwacht tegen nu' })).toBeNull();
    const gent = within(table).getByRole('row', { name: /Gent/ });
    expect(within(gent).getAllByRole('cell').map((c) => c.textContent).slice(0, 4)).toEqual(['1', '202', '281', '72%']);
    expect(within(gent).getByRole('rowheader').textContent).toBe('doel niet gehaald (50–100 %): Gent');
    expect(within(gent).getByRole('img').getAttribute('aria-label')).toBe('Gent: 202 bereikt, doel 281');
    const map = await screen.findByRole('img', { name: /^Kaart van de Vlaamse gemeenten/ });
    expect(map.getAttribute('aria-label')).toContain('1 doel niet gehaald (50–100 %)');
    expect(map.getAttribute('aria-label')).not.toContain('op schema');
  });

  it('shows the error with a retry when the API fails', async () => {
    renderScreen(<DashboardPage />, { mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery), { request: { query: DashboardQuery }, error: new Error('network down') }] });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('De server is niet bereikbaar');
    expect(within(alert).getByRole('button', { name: 'Opnieuw proberen' })).toBeTruthy();
  });
});

describe('progress bands of the map', () => {
  it('colours by reached against expected-by-now and the target', () => {
    expect(progressBand(undefined)).toBe('none');
    expect(progressBand({ reached: null, target: 10, expectedByNow: 5 })).toBe('withheld');
    expect(progressBand({ reached: 10, target: 10, expectedByNow: 10 })).toBe('done');
    expect(progressBand({ reached: 6, target: 10, expectedByNow: 5 })).toBe('onTrack');
    expect(progressBand({ reached: 3, target: 10, expectedByNow: 5 })).toBe('behind');
    expect(progressBand({ reached: 2, target: 10, expectedByNow: 5 })).toBe('far');
    // After the period: against the target, whatever expected-by-now says.
    expect(progressBand({ reached: 6, target: 10, expectedByNow: 5 }, false)).toBe('behind');
    expect(progressBand({ reached: 4, target: 10, expectedByNow: 5 }, false)).toBe('far');
  });
});
