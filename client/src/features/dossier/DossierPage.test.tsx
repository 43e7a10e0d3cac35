import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ViewerQuery } from '../../app/viewer.query';
import { renderScreen, viewerMock } from '../../test/render';
import { FinalReportQuery } from '../final-reports/final-report.query';
import { project, projectEvents } from '../projects/project.fixture';
import { ProjectDetailQuery } from '../projects/project-detail.query';
import { ProjectEventsQuery } from '../projects/project-events.query';
import DossierPage from './DossierPage';

const detail = { request: { query: ProjectDetailQuery, variables: { id: 'p-1' } }, result: { data: { project: project({ transitions: [
  { __typename: 'ProjectTransition', id: 't-1', from: 'DRAFT', to: 'SUBMITTED', note: null, actorLabel: 'coordinator.gent@schoolmix.demo', at: '2024-06-08T10:00:00.000Z' },
  { __typename: 'ProjectTransition', id: 't-2', from: 'SUBMITTED', to: 'APPROVED', note: 'In orde', actorLabel: 'reviewer@schoolmix.demo', at: '2024-07-20T10:00:00.000Z' },
] }) } } };

const events = {
  request: { query: ProjectEventsQuery, variables: { id: 'p-1', first: 100 } },
  result: { data: { project: projectEvents(12) } },
};

describe('DossierPage', () => {
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it('puts the whole file on one page without the menu: application, decisions, KPI, events, final report slot, settlement, history', async () => {
    renderScreen(<DossierPage />, { path: '/projecten/p-1/dossier', route: '/projecten/:id/dossier', mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery), detail, events] });
    expect(await screen.findByRole('heading', { level: 1, name: 'Dossier Kies mee voor je buurtschool – Gent 2025' })).toBeTruthy();
    expect(screen.queryByRole('navigation')).toBeNull();
    const headings = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(headings).toEqual(['Aanvraag', 'Verloop', 'KPI: bereikte gezinnen', 'Activiteiten', 'Eindrapportage', 'Afrekening', 'Geschiedenis']);
    const application = screen.getByRole('region', { name: 'Aanvraag' });
    expect(within(application).getByRole('row', { name: /Toegekende subsidie/ }).textContent).toContain('€\u00a047.770,00');
    expect(within(application).getByRole('row', { name: /Partners/ }).textContent).toContain('Merelbeke-Melle, LOP Basisonderwijs Gent');
    expect(screen.getByText('In orde')).toBeTruthy();
    const eventRow = within(await screen.findByRole('table', { name: 'Activiteiten van het project' })).getByRole('row', { name: /Ontmoetingscentrum Gent/ });
    expect(eventRow.textContent).toContain('Huis van het Kind Gent');
    expect(screen.getByRole('region', { name: 'Eindrapportage' }).getAttribute('data-slot')).toBe('final-report');
    expect(within(screen.getByRole('region', { name: 'Afrekening' })).getByRole('row', { name: /^Saldo/ }).textContent).toBe('SaldoUit te betalen: €\u00a05.678,00');
  });

  it('holds the accepted final report: status, decision, narrative, the frozen figures and what differs now', async () => {
    const snapshot = {
      __typename: 'FinalReportFigures', reached: 200, target: 281, eventsHeld: 12, subsidyGranted: 47_770, earnedSubsidy: 34_000,
      byEventType: [
        { __typename: 'FinalReportEventType', type: 'PARENT_EVENING', reached: 150, eventsHeld: 7 },
        { __typename: 'FinalReportEventType', type: 'SCHOOL_VISIT', reached: 90, eventsHeld: 5 },
      ],
      families: { __typename: 'FinalReportFamilies', withIndicator: 78, withoutIndicator: 83, indicatorUnknown: 39, withSpecialNeeds: 10 },
    };
    const report = {
      __typename: 'FinalReport', id: 'fr-1', status: 'ACCEPTED', version: 4,
      whatWasDone: 'Twaalf activiteiten in vier wijken.', whatWorked: 'Schoolbezoeken met een tolk.', obstacles: 'Weinig avondopvang.',
      submittedAt: '2025-10-20T10:00:00.000Z', submittedBy: 'coordinator.gent@schoolmix.demo',
      reviewedAt: '2025-11-04T10:00:00.000Z', reviewedBy: 'reviewer@schoolmix.demo', reviewNote: 'Volledig.', waiverReason: null,
      snapshot,
      differences: [{ __typename: 'FinalReportDifference', figure: 'reached', snapshot: 200, live: 202, money: false }],
    };
    const finalReport = { request: { query: FinalReportQuery, variables: { id: 'p-1' } }, result: { data: { project: { __typename: 'Project', id: 'p-1', finalReport: report } } } };
    renderScreen(<DossierPage />, { path: '/projecten/p-1/dossier', route: '/projecten/:id/dossier', mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery), detail, events, finalReport] });
    const region = await screen.findByRole('region', { name: 'Eindrapportage' });
    expect(await within(region).findByText('Aanvaard')).toBeTruthy();
    expect(within(region).getByText('Volledig.')).toBeTruthy();
    expect(within(region).getByText('Schoolbezoeken met een tolk.')).toBeTruthy();
    expect(region.textContent).toContain('€\u00a034.000,00');
    expect(region.textContent).toContain('202');
  });

  it('prints with the browser’s print dialog (Print / PDF)', async () => {
    // happy-dom has no print dialog: the button must call the browser's.
    const print = vi.fn();
    window.print = print;
    renderScreen(<DossierPage />, { path: '/projecten/p-1/dossier', route: '/projecten/:id/dossier', mocks: [viewerMock({ role: 'ADMIN' }, ViewerQuery), detail, events] });
    await userEvent.click(await screen.findByRole('button', { name: 'Afdrukken / PDF' }));
    expect(print).toHaveBeenCalledOnce();
  });

  it('prints on A4 with page numbers, rows that never split and no buttons or menu (dossier.css)', () => {
    const css = readFileSync(join(import.meta.dirname, 'dossier.css'), 'utf8');
    expect(css).toMatch(/@page\s*{[^}]*size:\s*A4/);
    expect(css).toMatch(/counter\(page\)/);
    expect(css).toMatch(/@media print[\s\S]*\.dossier tr[\s\S]*break-inside:\s*avoid/);
    expect(css).toMatch(/@media print[\s\S]*nav[\s\S]*display:\s*none/);
  });
});
