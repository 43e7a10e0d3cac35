import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ViewerQuery } from '../../app/viewer.query';
import { renderScreen, viewerMock } from '../../test/render';
import { recording } from '../../test/mocks';
import { EventFormCreateMutation } from './event-create.mutation';
import { EventFormEventQuery } from './event-form-event.query';
import { EventFormProjectQuery } from './event-form-project.query';
import { EventFormProjectsQuery } from './event-form-projects.query';
import { EventFormUpdateMutation } from './event-update.mutation';
import EventFormPage from './EventFormPage';

const GENT = { id: 'm-gent', name: 'Gent', nisCode: '44021' };
const coordinator = viewerMock({ role: 'COORDINATOR', municipality: GENT }, ViewerQuery);

const projectsMock = {
  request: { query: EventFormProjectsQuery, variables: () => true },
  result: {
    data: {
      projects: {
        __typename: 'ProjectConnection',
        pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
        nodes: [
          { __typename: 'Project', id: 'p1', title: 'Kies mee voor je buurtschool – Gent 2025' },
          { __typename: 'Project', id: 'p2', title: 'Ander project Gent' },
        ],
      },
    },
  },
  maxUsageCount: Number.POSITIVE_INFINITY,
};

const projectMock = {
  request: { query: EventFormProjectQuery, variables: { id: 'p1' } },
  result: {
    data: {
      project: {
        __typename: 'Project',
        id: 'p1',
        title: 'Kies mee voor je buurtschool – Gent 2025',
        fundingPeriod: { __typename: 'FundingPeriod', id: 'fp3', label: 'Projectperiode 3 (2024–2025)', startsOn: '2024-10-01', endsOn: '2025-09-30' },
        partnerOrganizations: [
          { __typename: 'Organization', id: 'o1', name: 'LOP Basisonderwijs Gent', promotesSocialMix: true },
          { __typename: 'Organization', id: 'o2', name: 'Oudercomité Centrumscholen Gent', promotesSocialMix: false },
        ],
        schools: {
          __typename: 'SchoolConnection',
          nodes: [
            { __typename: 'School', id: 's1', name: 'GO! Basisschool De Boomhut' },
            { __typename: 'School', id: 's2', name: 'Vrije Basisschool De Klimop' },
          ],
        },
      },
    },
  },
  maxUsageCount: Number.POSITIVE_INFINITY,
};

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

describe('EventFormPage', () => {
  it('refuses to send an incomplete form and names every missing field', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    renderScreen(<EventFormPage />, {
      path: '/activiteiten/nieuw',
      mocks: [coordinator, projectsMock, { request: { query: EventFormCreateMutation, variables: () => true }, result: () => (sent.push(1), { data: null }) as never }],
    });
    await screen.findByRole('option', { name: 'Ander project Gent' });
    await user.click(screen.getByRole('button', { name: 'Activiteit toevoegen' }));
    const summary = await screen.findByRole('alert');
    expect(summary.textContent).toContain('Niet opgeslagen. Verbeter de gemarkeerde velden:');
    expect(within(summary).getAllByRole('link').map((l) => l.textContent)).toEqual([
      'Project: Vul dit in.',
      'Type: Vul dit in.',
      'Organisator: Vul dit in.',
      'Begin: Vul dit in.',
      'Einde: Vul dit in.',
      'Locatie: Vul dit in.',
    ]);
    const venue = screen.getByLabelText('Locatie');
    expect(venue.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(venue.getAttribute('aria-describedby')!)!.textContent).toBe('Vul dit in.');
    expect(sent).toEqual([]);
  });

  it('sends every field in UTC from Belgian time, and shows the API’s userErrors next to their fields', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    renderScreen(<EventFormPage />, {
      path: '/activiteiten/nieuw?project=p1',
      route: '/activiteiten/nieuw',
      mocks: [
        coordinator,
        projectsMock,
        projectMock,
        recording(EventFormCreateMutation, sent, {
          data: {
            createEvent: {
              __typename: 'CreateEventPayload',
              event: null,
              userErrors: [
                { __typename: 'UserError', field: ['input', 'startsAt'], message: 'Must fall inside the project’s funding period (2024-10-01 – 2025-09-30)', code: 'OUTSIDE_PERIOD' },
                { __typename: 'UserError', field: ['input', 'organizerId'], message: 'X is not a partner organisation of this project', code: 'NOT_A_PARTNER' },
                { __typename: 'UserError', field: ['input', 'capacity'], message: 'Must be a whole number from 1 to 100000', code: 'OUT_OF_RANGE' },
              ],
            },
          },
        }),
      ],
    });
    // ?project=p1 preselects the project; its partners and schools are offered.
    await screen.findByRole('option', { name: 'LOP Basisonderwijs Gent' });
    // The project options come from another request: wait for them rather than race it.
    await waitFor(() => expect(screen.getByLabelText<HTMLSelectElement>(/^Project/).value).toBe('p1'));
    expect(screen.getByText('Projectperiode 3 (2024–2025): de activiteit moet beginnen tussen 01/10/2024 en 30/09/2025.')).toBeTruthy();
    expect(screen.getByRole('option', { name: 'Oudercomité Centrumscholen Gent (bevordert de sociale mix niet)' })).toBeTruthy();

    await user.click(screen.getByRole('radio', { name: 'Schoolbezoek' }));
    await user.selectOptions(screen.getByLabelText(/^Organisator/), 'LOP Basisonderwijs Gent');
    await user.type(screen.getByLabelText('Begin'), '2026-03-12T09:30');
    expect(screen.getByLabelText<HTMLInputElement>('Einde').value).toBe('2026-03-12T11:30');
    await user.type(screen.getByLabelText('Locatie'), 'GO! Basisschool De Boomhut');
    await user.type(screen.getByLabelText(/^Capaciteit/), '0');
    await user.clear(screen.getByLabelText(/^Talen/));
    await user.type(screen.getByLabelText(/^Talen/), 'NL, fr ar');
    await user.click(screen.getByRole('checkbox', { name: 'Vrije Basisschool De Klimop' }));
    await user.click(screen.getByRole('button', { name: 'Activiteit toevoegen' }));

    await waitFor(() =>
      expect(sent).toEqual([
        {
          projectId: 'p1',
          type: 'SCHOOL_VISIT',
          organizerId: 'o1',
          schoolIds: ['s2'],
          startsAt: '2026-03-12T08:30:00.000Z',
          endsAt: '2026-03-12T10:30:00.000Z',
          venue: 'GO! Basisschool De Boomhut',
          capacity: 0,
          languages: ['nl', 'fr', 'ar'],
        },
      ]),
    );
    const summary = await screen.findByRole('alert');
    expect(within(summary).getAllByRole('link').map((l) => l.textContent)).toEqual([
      'Organisator: Deze organisatie is geen partner van het project.',
      'Begin: Het begin moet binnen de projectperiode vallen (01/10/2024 – 30/09/2025).',
      'Capaciteit (gezinnen): Een geheel getal van 1 tot 100.000.',
    ]);
    const startsAt = screen.getByLabelText('Begin');
    expect(startsAt.getAttribute('aria-invalid')).toBe('true');
    expect(startsAt.getAttribute('aria-describedby')).toContain('event-startsAt-error');
    expect(document.getElementById('event-startsAt-error')!.textContent).toBe('Het begin moet binnen de projectperiode vallen (01/10/2024 – 30/09/2025).');
    expect(screen.getByLabelText(/^Organisator/).getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Locatie').getAttribute('aria-invalid')).toBeNull();
  });

  it('edits an activity: sends its version back, and goes to the activity with a toast when saved', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    const { router } = renderScreen(<EventFormPage />, {
      path: '/activiteiten/e1/bewerken',
      route: '/activiteiten/:id/bewerken',
      mocks: [
        coordinator,
        projectMock,
        {
          request: { query: EventFormEventQuery, variables: { id: 'e1' } },
          result: {
            data: {
              event: {
                __typename: 'Event',
                id: 'e1',
                version: 7,
                type: 'PARENT_EVENING',
                startsAt: '2024-10-15T17:00:00.000Z',
                endsAt: '2024-10-15T18:30:00.000Z',
                venue: 'Ontmoetingscentrum Gent',
                capacity: null,
                languages: ['nl', 'fr'],
                cancelledAt: null,
                organizer: { __typename: 'Organization', id: 'o1' },
                project: { __typename: 'Project', id: 'p1', title: 'Kies mee voor je buurtschool – Gent 2025' },
                schools: [{ __typename: 'School', id: 's1' }],
              },
            },
          },
        },
        recording(EventFormUpdateMutation, sent, {
          data: {
            updateEvent: {
              __typename: 'UpdateEventPayload',
              event: {
                __typename: 'Event',
                id: 'e1',
                version: 8,
                type: 'PARENT_EVENING',
                startsAt: '2024-10-15T17:00:00.000Z',
                endsAt: '2024-10-15T18:30:00.000Z',
                venue: 'Bibliotheek Gent',
                capacity: null,
                languages: ['nl', 'fr'],
                organizer: { __typename: 'Organization', id: 'o1', name: 'LOP Basisonderwijs Gent', promotesSocialMix: true },
                schools: [{ __typename: 'School', id: 's1', name: 'GO! Basisschool De Boomhut' }],
              },
              userErrors: [],
            },
          },
        }),
      ],
    });
    const venue = await screen.findByLabelText<HTMLInputElement>('Locatie');
    expect(venue.value).toBe('Ontmoetingscentrum Gent');
    expect(screen.getByLabelText<HTMLInputElement>('Begin').value).toBe('2024-10-15T19:00');
    expect(screen.getByRole('link', { name: 'Kies mee voor je buurtschool – Gent 2025' })).toBeTruthy();
    await screen.findByRole('option', { name: 'LOP Basisonderwijs Gent' });
    expect(screen.getByLabelText<HTMLSelectElement>(/^Organisator/).value).toBe('o1');
    expect(screen.getByRole<HTMLInputElement>('checkbox', { name: 'GO! Basisschool De Boomhut' }).checked).toBe(true);

    await user.clear(venue);
    await user.type(venue, 'Bibliotheek Gent');
    await user.click(screen.getByRole('button', { name: 'Opslaan' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/activiteiten/e1'));
    expect(sent).toEqual([
      {
        id: 'e1',
        version: 7,
        type: 'PARENT_EVENING',
        organizerId: 'o1',
        schoolIds: ['s1'],
        startsAt: '2024-10-15T17:00:00.000Z',
        endsAt: '2024-10-15T18:30:00.000Z',
        venue: 'Bibliotheek Gent',
        capacity: null,
        languages: ['nl', 'fr'],
      },
    ]);
    expect(screen.getByText('Wijzigingen opgeslagen.')).toBeTruthy();
  });
});
