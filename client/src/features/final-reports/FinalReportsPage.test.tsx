import { cursorForPage } from '@schoolmix/shared';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ViewerQuery } from '../../app/viewer.query';
import { renderScreen, viewerMock } from '../../test/render';
import { FundingPeriodOptionsQuery } from '../../ui/funding-period-options.query';
import { FinalReportListQuery } from './final-report.query';
import FinalReportsPage from './FinalReportsPage';

const P2 = '00000000-0000-4000-8000-000000000002';

function node(n: number, status: string, differences = 0) {
  return {
    __typename: 'FinalReport',
    id: `fr-${n}`,
    status,
    submittedAt: status === 'DRAFT' ? null : '2025-10-15T10:00:00.000Z',
    differences: Array.from({ length: differences }, (_, i) => ({ __typename: 'FinalReportDifference', figure: `f${i}` })),
    project: {
      __typename: 'Project',
      id: `p-${n}`,
      title: `Project ${n}`,
      status: 'APPROVED',
      leadMunicipality: { __typename: 'Municipality', id: `m-${n}`, name: `Gemeente ${n}` },
      fundingPeriod: { __typename: 'FundingPeriod', id: P2, label: 'Projectperiode 2 (2023–2024)' },
    },
  };
}

const listMock = (variables: Record<string, unknown>, totalCount: number, nodes: ReturnType<typeof node>[]) => ({
  request: { query: FinalReportListQuery, variables },
  result: { data: { finalReports: { __typename: 'FinalReportConnection', totalCount, nodes } } },
});

const periodsMock = {
  request: { query: FundingPeriodOptionsQuery },
  result: { data: { fundingPeriods: { __typename: 'FundingPeriodConnection', nodes: [{ __typename: 'FundingPeriod', id: P2, number: 2, label: 'Projectperiode 2 (2023–2024)' }] } } },
  maxUsageCount: Number.POSITIVE_INFINITY,
};

describe('FinalReportsPage', () => {
  it('lists the reports of a status a page at a time, and filters by period (back to page 1)', async () => {
    const user = userEvent.setup();
    const page2 = listMock({ fundingPeriodId: null, status: 'SUBMITTED', first: 20, after: cursorForPage(2, 20) }, 21, [node(21, 'SUBMITTED', 2)]);
    const page1 = listMock({ fundingPeriodId: null, status: 'SUBMITTED', first: 20, after: null }, 21, Array.from({ length: 20 }, (_, i) => node(i + 1, 'SUBMITTED')));
    const filtered = listMock({ fundingPeriodId: P2, status: 'SUBMITTED', first: 20, after: null }, 1, [node(7, 'SUBMITTED', 1)]);
    renderScreen(<FinalReportsPage />, { path: '/eindrapporten?status=SUBMITTED&page=2', route: '/eindrapporten', mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery), periodsMock, page2, page1, filtered] });

    const table = await screen.findByRole('table', { name: 'Eindrapporten' });
    const [, row] = within(table).getAllByRole('row');
    expect(within(row!).getByRole('link', { name: 'Project 21' }).getAttribute('href')).toBe('/projecten/p-21');
    expect(row!.textContent).toContain('Ingediend');
    expect(row!.textContent).toContain('15/10/2025');
    expect(within(row!).getAllByRole('cell').at(-1)!.textContent).toBe('2');
    expect(screen.getByText('21 eindrapporten')).toBeTruthy();

    await user.click(screen.getByRole('link', { name: /Vorige/ }));
    expect(await screen.findByRole('link', { name: 'Project 20' })).toBeTruthy();

    await screen.findByRole('option', { name: 'Projectperiode 2 (2023–2024)' });
    await user.selectOptions(screen.getByLabelText('Projectperiode'), P2);
    expect(await screen.findByRole('link', { name: 'Project 7' })).toBeTruthy();
    await waitFor(() => expect(screen.getByText('1 eindrapport')).toBeTruthy());
  });
});
