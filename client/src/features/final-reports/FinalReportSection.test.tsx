import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ViewerQuery } from '../../app/viewer.query';
import { renderScreen, viewerMock } from '../../test/render';
import { ReviewFinalReportMutation, SubmitFinalReportMutation } from './final-report.mutation';
import { FinalReportQuery } from './final-report.query';
import { FinalReportSection } from './FinalReportSection';

const SNAPSHOT = {
  __typename: 'FinalReportFigures',
  reached: 3,
  target: 100,
  eventsHeld: 2,
  subsidyGranted: 17_000,
  earnedSubsidy: 510,
  byEventType: [
    { __typename: 'FinalReportEventTypeFigures', type: 'PARENT_EVENING', reached: 2, eventsHeld: 1 },
    { __typename: 'FinalReportEventTypeFigures', type: 'SCHOOL_VISIT', reached: 2, eventsHeld: 1 },
  ],
  families: { __typename: 'FinalReportFamilies', withIndicator: 1, withoutIndicator: 1, indicatorUnknown: 1, withSpecialNeeds: 1 },
};

function report(over: Record<string, unknown> = {}) {
  return {
    __typename: 'FinalReport',
    id: 'fr-1',
    status: 'DRAFT',
    version: 1,
    whatWasDone: 'Twee ouderavonden.',
    whatWorked: '',
    obstacles: '',
    submittedAt: null,
    submittedBy: null,
    reviewedAt: null,
    reviewedBy: null,
    reviewNote: null,
    waiverReason: null,
    snapshot: null,
    differences: [],
    ...over,
  };
}

const reportMock = (r: ReturnType<typeof report> | null) => ({
  request: { query: FinalReportQuery, variables: { id: 'p-1' } },
  result: { data: { project: { __typename: 'Project', id: 'p-1', finalReport: r } } },
});

const GENT = { id: 'm-gent', name: 'Gent', nisCode: '44021' };

describe('FinalReportSection', () => {
  it('lets the coordinator complete and submit the narrative; the frozen figures then show', async () => {
    const user = userEvent.setup();
    const narrative = { whatWasDone: 'Twee ouderavonden.', whatWorked: 'Kleine groepen.', obstacles: 'Weinig tolken.' };
    const submitted = report({ ...narrative, status: 'SUBMITTED', version: 2, submittedAt: '2025-04-01T10:00:00.000Z', submittedBy: 'coordinator.gent@schoolmix.demo', snapshot: SNAPSHOT });
    const submit = {
      request: { query: SubmitFinalReportMutation, variables: { input: { projectId: 'p-1', version: 1, ...narrative } } },
      result: { data: { submitFinalReport: { __typename: 'SubmitFinalReportPayload', finalReport: submitted, userErrors: [] } } },
    };
    renderScreen(<FinalReportSection project={{ id: 'p-1', status: 'APPROVED' }} canWrite canReview={false} />, {
      mocks: [viewerMock({ role: 'COORDINATOR', municipality: GENT }, ViewerQuery), reportMock(report()), submit, reportMock(submitted)],
    });

    const done = await screen.findByLabelText('Wat werd er gedaan?');
    expect((done as HTMLTextAreaElement).value).toBe('Twee ouderavonden.');
    expect(screen.getByText('Ontwerp')).toBeTruthy();

    // Incomplete: refused on screen, per field, before anything is sent.
    await user.click(screen.getByRole('button', { name: 'Indienen' }));
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(screen.getByLabelText('Wat werkte goed?').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getAllByText('Vul dit in voor je indient.')).toHaveLength(2);

    await user.type(screen.getByLabelText('Wat werkte goed?'), narrative.whatWorked);
    await user.type(screen.getByLabelText('Welke hindernissen waren er?'), narrative.obstacles);
    await user.click(screen.getByRole('button', { name: 'Indienen' }));

    const figures = await screen.findByRole('table', { name: 'Cijfers zoals vastgelegd bij de indiening' });
    expect(within(figures).getByRole('row', { name: /Bereikte gezinnen/ }).textContent).toContain('3');
    expect(within(figures).getByRole('row', { name: /Verdiende subsidie/ }).textContent).toContain('€\u00a0510,00');
    expect(within(figures).getByRole('row', { name: /Gehouden activiteiten/ }).textContent).toContain('2');
    expect(screen.getByText('Ingediend', { selector: '.final-status' })).toBeTruthy();
    expect(screen.getByText('De cijfers van nu komen overeen met die bij de indiening.')).toBeTruthy();
    await waitFor(() => expect(screen.queryByLabelText('Wat werd er gedaan?')).toBeNull());
  });

  it('shows a reviewer the differences since submission and asks for changes with a required note (English)', async () => {
    const user = userEvent.setup();
    const differences = [
      { __typename: 'FinalReportDifference', figure: 'reached', snapshot: 3, live: 4, money: false },
      { __typename: 'FinalReportDifference', figure: 'earnedSubsidy', snapshot: 510, live: 680, money: true },
    ];
    const submitted = report({ ...{ whatWorked: 'Kleine groepen.', obstacles: 'Weinig tolken.' }, status: 'SUBMITTED', version: 2, submittedAt: '2025-04-01T10:00:00.000Z', submittedBy: 'coordinator.gent@schoolmix.demo', snapshot: SNAPSHOT, differences });
    const changes = {
      request: { query: ReviewFinalReportMutation, variables: { input: { projectId: 'p-1', version: 2, decision: 'REQUEST_CHANGES', note: 'Describe the interpreters.' } } },
      result: {
        data: {
          reviewFinalReport: {
            __typename: 'ReviewFinalReportPayload',
            finalReport: {
              ...submitted,
              status: 'CHANGES_REQUESTED',
              version: 3,
              reviewNote: 'Describe the interpreters.',
              reviewedAt: '2025-04-02T10:00:00.000Z',
              reviewedBy: 'reviewer@schoolmix.demo',
              project: { __typename: 'Project', id: 'p-1', status: 'APPROVED', version: 3, transitions: [] },
            },
            userErrors: [],
          },
        },
      },
    };
    renderScreen(<FinalReportSection project={{ id: 'p-1', status: 'APPROVED' }} canWrite={false} canReview />, {
      language: 'en',
      mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery), reportMock(submitted), changes],
    });

    const diff = await screen.findByRole('table', { name: 'Figures that differ now from those at submission' });
    expect(within(diff).getByRole('row', { name: /Households reached/ }).textContent).toBe('Households reached34');
    expect(within(diff).getByRole('row', { name: /Earned subsidy/ }).textContent).toContain('680,00');

    await user.click(screen.getByRole('button', { name: 'Ask for changes' }));
    expect(await screen.findByText('Say what must change.')).toBeTruthy();
    await user.type(screen.getByLabelText('Note'), 'Describe the interpreters.');
    await user.click(screen.getByRole('button', { name: 'Ask for changes' }));
    expect(await screen.findByText('Changes requested', { selector: '.final-status' })).toBeTruthy();
    expect(screen.getByText('Describe the interpreters.', { selector: 'dd' })).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Accept and close the project' })).toBeNull());
  });
});
