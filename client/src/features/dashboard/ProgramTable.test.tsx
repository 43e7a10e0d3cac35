import { MockedProvider } from '@apollo/client/testing/react';
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PROGRAM_QUERY, ProgramTable } from './ProgramTable';

const report = (budget: number, represented: number, committed: number, realised: number | null) => ({
  __typename: 'ProgramReport',
  budget,
  representedLocalGovernments: represented,
  committed,
  realised,
  pending: realised === null,
});

describe('ProgramTable', () => {
  it('shows the published columns in nl-BE formats, and "pending" while a report is open', async () => {
    const mocks = [
      {
        request: { query: PROGRAM_QUERY },
        result: {
          data: {
            fundingPeriods: {
              __typename: 'FundingPeriodConnection',
              nodes: [
                { __typename: 'FundingPeriod', id: 'p1', label: 'Projectperiode 1', report: report(51_000, 3, 300, 280) },
                { __typename: 'FundingPeriod', id: 'p3', label: 'Projectperiode 3', report: report(1_234_567.5, 40, 9_000, null) },
              ],
            },
          },
        },
      },
    ];
    render(
      <MockedProvider mocks={mocks}>
        <ProgramTable />
      </MockedProvider>,
    );
    expect(screen.getByRole('status')?.textContent).toContain('Laden');
    const table = await screen.findByRole('table', { name: 'Actie 20 per projectperiode' });
    const [, first, third] = within(table).getAllByRole('row');
    expect(first?.textContent).toContain('€\u00a051.000,00');
    expect(within(first!).getAllByRole('cell').at(-1)?.textContent).toContain('280');
    expect(third?.textContent).toContain('€\u00a01.234.567,50');
    expect(third?.textContent).toContain('9.000');
    expect(third?.textContent).toContain('Eindrapportage nog niet afgerond');
  });
});
