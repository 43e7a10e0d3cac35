import { cleanup, screen, waitFor, within } from '@testing-library/react';
import type { DocumentNode } from 'graphql';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ViewerQuery } from '../../app/viewer.query';
import { renderScreen, viewerMock } from '../../test/render';
import { PeriodCloseMutation, PeriodCreateMutation, PeriodReopenMutation } from './periods.mutation';
import { PeriodsQuery } from './periods.query';
import PeriodsPage from './PeriodsPage';

/**
 * The administrator's period screen: what each period offers (reopen a FINAL one, close the report
 * of one whose last day has passed, nothing of the kind for a running one), the consequence said
 * before a report is closed, the reason a reopening needs, and a new period sent as typed.
 */

const period = (number: number, startsOn: string, endsOn: string, reportStatus: 'OPEN' | 'FINAL', version = 1) => ({
  __typename: 'FundingPeriod' as const,
  id: `fp-${number}`,
  version,
  number,
  label: `Projectperiode ${number} (${startsOn.slice(0, 4)}–${endsOn.slice(0, 4)})`,
  startsOn,
  endsOn,
  ratePerHousehold: 170,
  maxHouseholds: 300,
  maxSubsidy: 51000,
  applicationsOpenOn: `${Number(startsOn.slice(0, 4))}-03-01`,
  applicationsCloseOn: `${Number(startsOn.slice(0, 4))}-08-31`,
  finalReportDueOn: `${endsOn.slice(0, 4)}-10-31`,
  advanceShare: 60,
  reportStatus,
  reopenedAt: null,
  reopenReason: null,
});

const PERIODS = [period(1, '2022-10-01', '2023-09-30', 'FINAL'), period(3, '2024-10-01', '2025-09-30', 'OPEN', 4), period(9, '2098-10-01', '2099-09-30', 'OPEN')];
const periodsMock = {
  request: { query: PeriodsQuery },
  result: { data: { fundingPeriods: { __typename: 'FundingPeriodConnection', nodes: PERIODS } } },
  maxUsageCount: Number.POSITIVE_INFINITY,
};
const admin = viewerMock({ role: 'ADMIN' }, ViewerQuery);

/** A mutation mock that keeps every input it was sent and answers with these userErrors (none: success). */
function sending(query: DocumentNode, field: string, typename: string, sent: unknown[], userErrors: unknown[] = []) {
  return {
    request: { query, variables: () => true },
    result: (variables: Record<string, unknown>) => {
      sent.push(variables.input);
      return { data: { [field]: { __typename: typename, fundingPeriod: userErrors.length ? null : { __typename: 'FundingPeriod', id: 'fp-x', version: 2, reportStatus: 'FINAL', reopenedAt: null, reopenReason: null }, userErrors } } };
    },
  };
}

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

describe('PeriodsPage', () => {
  it('offers reopening for a FINAL period, closing for an ended OPEN one, and neither for a running one', async () => {
    renderScreen(<PeriodsPage />, { path: '/periodes', mocks: [admin, periodsMock] });
    const table = await screen.findByRole('table', { name: 'Projectperiodes, oudste eerst' });
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    expect(screen.getByRole('button', { name: 'Heropenen: Projectperiode 1 (2022–2023)' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Rapportage afsluiten: Projectperiode 3 (2024–2025)' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Bewerken: Projectperiode 9 (2098–2099)' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Rapportage afsluiten: Projectperiode 9 (2098–2099)' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Heropenen: Projectperiode 3 (2024–2025)' })).toBeNull();
    // The period's state in the words every screen uses (app/progress.ts).
    expect([...table.querySelectorAll('.period-phase')].map((e) => e.textContent)).toEqual(['afgesloten', 'afgelopen', 'nog niet begonnen']);
  });

  it('says what closing a report does before it happens, then closes it with the version it saw', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    renderScreen(<PeriodsPage />, { path: '/periodes', mocks: [admin, periodsMock, sending(PeriodCloseMutation, 'closeFundingPeriodReport', 'CloseFundingPeriodReportPayload', sent)] });
    await user.click(await screen.findByRole('button', { name: 'Rapportage afsluiten: Projectperiode 3 (2024–2025)' }));
    const region = screen.getByRole('region', { name: 'Rapportage van periode 3 afsluiten' });
    expect(region.textContent).toContain('de goedgekeurde projecten worden afgesloten');
    expect(region.textContent).toContain('Alleen een beheerder kan de periode heropenen');
    expect(sent).toEqual([]);
    await user.click(within(region).getByRole('button', { name: 'Definitief afsluiten' }));
    await waitFor(() => expect(sent).toEqual([{ fundingPeriodId: 'fp-3', version: 4 }]));
    expect(await screen.findByText('Rapportage afgesloten: de cijfers zijn definitief.')).toBeTruthy();
  });

  it('asks a reason before reopening and sends it', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    renderScreen(<PeriodsPage />, { path: '/periodes', mocks: [admin, periodsMock, sending(PeriodReopenMutation, 'reopenFundingPeriod', 'ReopenFundingPeriodPayload', sent)] });
    await user.click(await screen.findByRole('button', { name: 'Heropenen: Projectperiode 1 (2022–2023)' }));
    const region = screen.getByRole('region', { name: 'Periode 1 heropenen' });
    await user.click(within(region).getByRole('button', { name: 'Heropenen' }));
    expect(within(region).getByText('Vul dit in.')).toBeTruthy();
    expect(sent).toEqual([]);
    await user.type(within(region).getByLabelText('Reden'), 'Correctie na controle van de aanwezigheden');
    await user.click(within(region).getByRole('button', { name: 'Heropenen' }));
    await waitFor(() => expect(sent).toEqual([{ id: 'fp-1', version: 1, reason: 'Correctie na controle van de aanwezigheden' }]));
  });

  it('creates a period from what was typed and shows a refusal next to its field', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    const refusal = [{ __typename: 'UserError', field: ['input', 'startsOn'], message: 'Overlaps Projectperiode 3', code: 'CONFLICT' }];
    renderScreen(<PeriodsPage />, { path: '/periodes', mocks: [admin, periodsMock, sending(PeriodCreateMutation, 'createFundingPeriod', 'CreateFundingPeriodPayload', sent, refusal)] });
    await user.click(await screen.findByRole('button', { name: 'Nieuwe periode' }));
    const form = screen.getByRole('form', { name: 'Nieuwe projectperiode' });
    await user.type(within(form).getByLabelText('Nummer'), '4');
    await user.type(within(form).getByLabelText('Naam'), 'Projectperiode 4 (2025–2026)');
    for (const [label, value] of [
      ['Begint op', '2025-10-01'],
      ['Eindigt op', '2026-09-30'],
      ['Aanvragen vanaf', '2025-03-01'],
      ['Aanvragen tot en met', '2025-08-31'],
      ['Eindrapport tegen', '2026-10-31'],
    ] as const) {
      await user.type(within(form).getByLabelText(label), value);
    }
    await user.click(within(form).getByRole('button', { name: 'Periode aanmaken' }));
    await waitFor(() =>
      expect(sent).toEqual([
        { number: 4, label: 'Projectperiode 4 (2025–2026)', startsOn: '2025-10-01', endsOn: '2026-09-30', ratePerHousehold: 170, maxHouseholds: 300, applicationsOpenOn: '2025-03-01', applicationsCloseOn: '2025-08-31', finalReportDueOn: '2026-10-31', advanceShare: 60 },
      ]),
    );
    expect(within(form).getByLabelText('Begint op').getAttribute('aria-invalid')).toBe('true');
    // The refusal is said in Dutch (by field and code), not in the server's English.
    expect(screen.getByRole('alert').textContent).toContain('Begint op: Deze data overlappen met een andere periode; periodes overlappen niet.');
  });

  it('tells a reviewer that only administrators manage periods', async () => {
    renderScreen(<PeriodsPage />, { path: '/periodes', mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery)] });
    expect((await screen.findByRole('alert')).textContent).toBe('Alleen beheerders beheren de projectperiodes.');
  });
});
