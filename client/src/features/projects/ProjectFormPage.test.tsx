import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ViewerQuery } from '../../app/viewer.query';
import { renderScreen, viewerMock } from '../../test/render';
import { ProjectFormPeriodsQuery } from './project-form.query';
import { ProjectCreateMutation } from './project-save.mutation';
import ProjectFormPage from './ProjectFormPage';

const period = (over: Record<string, unknown>) => ({
  __typename: 'FundingPeriod',
  ratePerHousehold: 170,
  maxHouseholds: 300,
  maxSubsidy: 51_000,
  reportStatus: 'OPEN',
  ...over,
});

const periodsMock = {
  request: { query: ProjectFormPeriodsQuery },
  result: {
    data: {
      fundingPeriods: {
        __typename: 'FundingPeriodConnection',
        nodes: [
          period({ id: 'fp-3', number: 3, label: 'Projectperiode 3 (2024–2025)', startsOn: '2024-10-01', endsOn: '2025-09-30', applicationsOpenOn: '2024-03-01', applicationsCloseOn: '2024-08-31', reportStatus: 'FINAL' }),
          period({ id: 'fp-9', number: 9, label: 'Projectperiode 9', startsOn: '2099-10-01', endsOn: '2100-09-30', applicationsOpenOn: '2020-01-01', applicationsCloseOn: '2099-08-31' }),
        ],
      },
    },
  },
};

const input = { title: 'Samen naar de buurtschool', leadMunicipalityId: 'm-gent', fundingPeriodId: 'fp-9', baselineHouseholds: 12, targetHouseholds: 100, priority: 1, subsidyRequested: null, coFinancing: null };

describe('ProjectFormPage (a new application)', () => {
  afterEach(cleanup);

  it('shows the open period’s window and the default amount, and puts a server refusal next to its field', async () => {
    const user = userEvent.setup();
    const refused = {
      request: { query: ProjectCreateMutation, variables: { input } },
      result: {
        data: {
          createProject: {
            __typename: 'CreateProjectPayload',
            project: null,
            userErrors: [
              { __typename: 'UserError', field: ['input', 'fundingPeriodId'], message: 'Applications … are accepted from 2020-01-01 to 2099-08-31', code: 'OUTSIDE_APPLICATION_WINDOW' },
              { __typename: 'UserError', field: ['input', 'coFinancing'], message: 'co-financing', code: 'OUT_OF_RANGE' },
            ],
          },
        },
      },
    };
    renderScreen(<ProjectFormPage />, {
      path: '/projecten/nieuw',
      route: '/projecten/nieuw',
      mocks: [viewerMock({ role: 'COORDINATOR', municipality: { id: 'm-gent', name: 'Gent', nisCode: '44021' } }, ViewerQuery), periodsMock, refused],
    });
    const form = await screen.findByRole('form', { name: 'Nieuwe aanvraag' });
    // Only OPEN periods are offered, the one with an open window chosen; its window is shown.
    const select = within(form).getByLabelText<HTMLSelectElement>('Projectperiode');
    expect(select.value).toBe('fp-9');
    expect(within(select).queryByText('Projectperiode 3 (2024–2025)')).toBeNull();
    expect(form.textContent).toContain('Aanvragen voor Projectperiode 9 kunnen van 01/01/2020 tot en met 31/08/2099.');
    expect(form.textContent).toContain('Trekkende gemeente: Gent');

    await user.click(within(form).getByRole('button', { name: 'Aanvraag bewaren als ontwerp' }));
    // Checked on the screen first: nothing sent without a title and a target.
    expect(within(form).getByLabelText('Titel').getAttribute('aria-invalid')).toBe('true');

    await user.type(within(form).getByLabelText('Titel'), 'Samen naar de buurtschool');
    await user.clear(within(form).getByLabelText('Huidig bereik (gezinnen)'));
    await user.type(within(form).getByLabelText('Huidig bereik (gezinnen)'), '12');
    await user.type(within(form).getByLabelText('Doel (gezinnen)'), '100');
    expect(form.textContent).toContain('Laat leeg voor doel × €\u00a0170,00 = €\u00a017.000,00.');
    await user.click(within(form).getByRole('button', { name: 'Aanvraag bewaren als ontwerp' }));

    const windowError = await screen.findByText('Buiten de aanvraagperiode: aanvragen kunnen van 01/01/2020 tot en met 31/08/2099.', { selector: '.field-error, [id$="-error"]' });
    expect(select.getAttribute('aria-invalid')).toBe('true');
    expect(select.getAttribute('aria-describedby')).toContain(windowError.id);
    const cofinancing = within(form).getByLabelText('Cofinanciering (€)');
    expect(cofinancing.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toContain('De aanvraag is niet bewaard');
  });
});
