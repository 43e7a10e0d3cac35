import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
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
  endsOn: `${2022 + number}-09-30`,
  reportStatus: status,
  programReport: { __typename: 'ProgramReport', representedLocalGovernments2025: 2, projectCount: 2, ...report },
});

const dashboard = {
  request: { query: DashboardQuery },
  result: {
    data: {
      fundingPeriods: {
        __typename: 'FundingPeriodConnection',
        nodes: [
          period(1, 'FINAL', { budget: 51_000, representedLocalGovernments: 3, committed: 300, realised: 280, pending: false, municipalityProgress: [] }),
          period(3, 'OPEN', {
            budget: 1_234_567.5,
            representedLocalGovernments: 40,
            committed: 9_000,
            realised: null,
            pending: true,
            municipalityProgress: [progress(municipality('g', 'Gent', '44021'), 281, 202, 140.5), progress(municipality('b', 'Boom', '11005'), 47, null, 23.5)],
          }),
        ],
      },
      programmeSummary: { __typename: 'ProgrammeSummary', periods: 2, finalPeriods: 1, budget: 1_285_567.5, committed: 9_300, realised: 280, representedLocalGovernments: 41 },
    },
  },
};

describe('DashboardPage', () => {
  it('shows the published programme table in nl-BE formats, "pending" for an open period, and the programme total', async () => {
    renderScreen(<DashboardPage />, { mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery), dashboard] });
    const table = await screen.findByRole('table', { name: 'Actie 20 per projectperiode' });
    const [, first, third, total] = within(table).getAllByRole('row');
    expect(first?.textContent).toContain('€\u00a051.000,00');
    expect(within(first!).getAllByRole('cell').at(-1)?.textContent).toBe('280');
    expect(third?.textContent).toContain('€\u00a01.234.567,50');
    expect(third?.textContent).toContain('9.000');
    expect(third?.textContent).toContain('Eindrapportage nog niet afgerond');
    expect(total?.textContent).toContain('Hele programma');
    expect(within(total!).getAllByRole('cell').map((c) => c.textContent)).toEqual(['€\u00a01.285.567,50', '41', '9.300', '280']);
  });

  it('lists KPI progress of the open period per municipality, a withheld count as "afgeschermd", with a bullet bar read out as a sentence', async () => {
    renderScreen(<DashboardPage />, { mocks: [viewerMock({ role: 'ANALYST' }, ViewerQuery), dashboard] });
    const table = await screen.findByRole('table', { name: 'KPI-voortgang per gemeente, Projectperiode 3' });
    const gent = within(table).getByRole('row', { name: /Gent/ });
    expect(within(gent).getAllByRole('cell').map((c) => c.textContent).slice(0, 5)).toEqual(['1', '202', '281', '141', '72%']);
    expect(within(gent).getByRole('img').getAttribute('aria-label')).toBe('Gent: 202 bereikt, doel 281, verwacht tegen nu 141');
    const boom = within(table).getByRole('row', { name: /Boom/ });
    expect(within(boom).getAllByRole('cell')[1]?.textContent).toBe('afgeschermd');
    expect(within(table).getByRole('link', { name: 'Gent' }).getAttribute('href')).toBe('/gemeenten/g');
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
  });
});
