import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ViewerQuery } from '../../app/viewer.query';
import { renderScreen, viewerMock } from '../../test/render';
import { DeadlineSection } from './DeadlineSection';
import { GrantDeadlineExtensionMutation } from './deadline.mutation';
import { ProjectDeadlineQuery } from './deadline.query';

const project = (over: Record<string, unknown> = {}) => ({
  __typename: 'Project',
  id: 'pr-1',
  status: 'APPROVED',
  finalReportDueOn: '2025-10-31',
  finalReportOverdue: true,
  fundingPeriod: { __typename: 'FundingPeriod', id: 'fp-3', finalReportDueOn: '2025-10-31', reportStatus: 'OPEN' },
  leadMunicipality: { __typename: 'Municipality', id: 'm-1', name: 'Gent' },
  deadlineExtension: null,
  ...over,
});
const deadline = (p: ReturnType<typeof project>) => ({ request: { query: ProjectDeadlineQuery, variables: { id: 'pr-1' } }, result: { data: { project: p } } });

describe('DeadlineSection (project page, "Indieningstermijn")', () => {
  it('shows the effective deadline and "Te laat"; a coordinator gets no extension form', async () => {
    renderScreen(<DeadlineSection projectId="pr-1" />, { mocks: [viewerMock({ role: 'COORDINATOR', municipality: { id: 'm-1', name: 'Gent', nisCode: '44021' } }, ViewerQuery), deadline(project())] });
    expect((await screen.findByTestId('final-report-due')).textContent).toBe('31/10/2025');
    expect(screen.getByText('Te laat')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Verlenging toekennen' })).toBeNull();
  });

  it('a reviewer grants an extension: checked locally first, then sent with the municipality and period; the new date shows', async () => {
    const user = userEvent.setup();
    const grant = vi.fn(() => ({ data: { grantDeadlineExtension: { __typename: 'GrantDeadlineExtensionPayload', deadlineExtension: { __typename: 'DeadlineExtension', id: 'x-1', dueOn: '2025-12-15' }, userErrors: [] } } }));
    const extended = project({
      finalReportDueOn: '2025-12-15',
      finalReportOverdue: false,
      deadlineExtension: { __typename: 'DeadlineExtension', id: 'x-1', dueOn: '2025-12-15', reason: 'Ziekte', grantedBy: 'reviewer@schoolmix.demo', grantedAt: '2025-11-05T10:00:00.000Z' },
    });
    renderScreen(<DeadlineSection projectId="pr-1" />, {
      mocks: [
        viewerMock({ role: 'REVIEWER' }, ViewerQuery),
        deadline(project()),
        { request: { query: GrantDeadlineExtensionMutation, variables: { input: { municipalityId: 'm-1', fundingPeriodId: 'fp-3', dueOn: '2025-12-15', reason: 'Ziekte' } } }, result: grant },
        deadline(extended),
      ],
    });
    const submit = await screen.findByRole('button', { name: 'Verlenging toekennen' });
    await user.click(submit);
    expect(screen.getByText('Vul een datum in.')).toBeTruthy();
    expect(screen.getByText('Geef een reden.')).toBeTruthy();
    expect(grant).not.toHaveBeenCalled();
    await user.type(screen.getByLabelText('Nieuwe datum'), '2025-12-15');
    await user.type(screen.getByLabelText('Reden'), 'Ziekte');
    await user.click(submit);
    await vi.waitFor(() => expect(grant).toHaveBeenCalledTimes(1));
    await vi.waitFor(() => expect(screen.getByTestId('final-report-due').textContent).toBe('15/12/2025'));
    expect(screen.getByText('Verlenging voor Gent tot 15/12/2025, toegekend door reviewer@schoolmix.demo op 05/11/2025: Ziekte')).toBeTruthy();
    expect(screen.queryByText('Te laat')).toBeNull();
  });

  it('says nothing for a project that owes no final report (not funded)', async () => {
    const answered = vi.fn(() => ({ data: { project: project({ status: 'DRAFT', finalReportOverdue: false }) } }));
    const { container } = renderScreen(<DeadlineSection projectId="pr-1" />, {
      mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery), { request: { query: ProjectDeadlineQuery, variables: { id: 'pr-1' } }, result: answered }],
    });
    await vi.waitFor(() => expect(answered).toHaveBeenCalled());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(container.querySelector('#deadline-title')).toBeNull();
  });
});
