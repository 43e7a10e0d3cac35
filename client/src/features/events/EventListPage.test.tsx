import { cursorForPage } from '@schoolmix/shared';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ViewerQuery } from '../../app/viewer.query';
import { renderScreen, viewerMock } from '../../test/render';
import { recording } from '../../test/mocks';
import { EventListProjectsQuery } from './event-list-projects.query';
import { EventListQuery } from './event-list.query';
import EventListPage, { toEventFilter } from './EventListPage';

const GENT = { id: 'm-gent', name: 'Gent', nisCode: '44021' };

function event(over: Record<string, unknown> = {}) {
  return {
    __typename: 'Event',
    id: 'e1',
    type: 'PARENT_EVENING',
    startsAt: '2024-10-15T17:00:00.000Z',
    endsAt: '2024-10-15T18:30:00.000Z',
    venue: 'Ontmoetingscentrum Gent',
    cancelledAt: null,
    attendanceCount: 12,
    project: { __typename: 'Project', id: 'p1', title: 'Kies mee voor je buurtschool – Gent 2025' },
    organizer: { __typename: 'Organization', id: 'o1', name: 'Huis van het Kind Gent' },
    ...over,
  };
}

function page(nodes: unknown[], totalCount = nodes.length) {
  return {
    data: {
      events: {
        __typename: 'EventConnection',
        totalCount,
        pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
        nodes,
      },
    },
  };
}

const projectsMock = {
  request: { query: EventListProjectsQuery, variables: () => true },
  result: {
    data: {
      projects: {
        __typename: 'ProjectConnection',
        pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
        nodes: [{ __typename: 'Project', id: 'p1', title: 'Kies mee voor je buurtschool – Gent 2025' }],
      },
    },
  },
  maxUsageCount: Number.POSITIVE_INFINITY,
};

/** The EventList query answered by `answer(variables)`, as often as it is asked. */
function listMock(answer: (variables: Record<string, any>) => unknown, seen: Record<string, any>[] = []) {
  return recording(EventListQuery, seen, (variables) => answer(variables) as never, { of: 'variables', always: true });
}

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

describe('EventListPage', () => {
  it('shows each activity with its type, Belgian date and time, project, organiser, attendance and state', async () => {
    const rows = [
      event(),
      event({ id: 'e2', type: 'SCHOOL_VISIT', venue: 'GO! Basisschool De Boomhut', startsAt: '2025-03-12T08:30:00.000Z', attendanceCount: null }),
      event({ id: 'e3', venue: 'Bibliotheek Gent', cancelledAt: '2024-10-11T08:00:00.000Z', attendanceCount: 0 }),
    ];
    renderScreen(<EventListPage />, { path: '/activiteiten', mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery), projectsMock, listMock(() => page(rows, 3))] });

    expect(screen.getByText('Laden…')).toBeTruthy();
    const table = await screen.findByRole('table', { name: 'Activiteiten' });
    const [, first, second, third] = within(table).getAllByRole('row');
    expect(within(first!).getByRole('link', { name: 'Ontmoetingscentrum Gent' }).getAttribute('href')).toBe('/activiteiten/e1');
    expect(first!.textContent).toContain('Ouderavond');
    expect(first!.textContent).toContain('15/10/2024, 19:00');
    expect(first!.textContent).toContain('Huis van het Kind Gent');
    expect(within(first!).getByRole('link', { name: 'Kies mee voor je buurtschool – Gent 2025' }).getAttribute('href')).toBe('/projecten/p1');
    expect(within(first!).getAllByRole('cell')[5]!.textContent).toBe('12');
    expect(second!.textContent).toContain('Schoolbezoek');
    expect(second!.textContent).toContain('12/03/2025, 09:30');
    expect(within(second!).getAllByRole('cell')[5]!.textContent).toBe('afgeschermd');
    expect(within(third!).getAllByRole('cell')[6]!.textContent).toBe('Geannuleerd');
    expect(screen.getByText('3 activiteiten')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Download als CSV' })).toBeTruthy();
    // A reviewer adds no activities.
    expect(screen.queryByRole('link', { name: 'Activiteit toevoegen' })).toBeNull();
  });

  it('keeps filters and sort in the URL, goes back to page 1, and asks the API with Belgian days', async () => {
    const user = userEvent.setup();
    const seen: Record<string, any>[] = [];
    const { router } = renderScreen(<EventListPage />, {
      path: '/activiteiten?page=2',
      route: '/activiteiten',
      mocks: [viewerMock({ role: 'COORDINATOR', municipality: GENT }, ViewerQuery), projectsMock, listMock(() => page([event()], 30), seen)],
    });
    await screen.findByRole('table', { name: 'Activiteiten' });
    expect(seen[0]).toMatchObject({ first: 20, after: cursorForPage(2, 20), orderBy: [{ field: 'STARTS_AT', direction: 'DESC' }] });

    await user.selectOptions(screen.getByLabelText('Type'), 'Schoolbezoek');
    await waitFor(() => expect(router.state.location.search).toBe('?type=SCHOOL_VISIT'));
    await screen.findByRole('option', { name: 'Kies mee voor je buurtschool – Gent 2025' }); // options come from their own request
    await user.selectOptions(screen.getByLabelText('Project'), 'Kies mee voor je buurtschool – Gent 2025');
    await waitFor(() => expect(router.state.location.search).toBe('?type=SCHOOL_VISIT&project=p1'));
    await user.click(screen.getByRole('button', { name: /Activiteit \(locatie\)/ }));
    await waitFor(() => expect(router.state.location.search).toBe('?type=SCHOOL_VISIT&project=p1&sort=VENUE&dir=ASC'));
    await waitFor(() => expect(seen.at(-1)).toMatchObject({ filter: { types: ['SCHOOL_VISIT'], projectId: 'p1' }, after: null, orderBy: [{ field: 'VENUE', direction: 'ASC' }] }));
    // The coordinator may add one, for the project filtered on.
    expect(screen.getByRole('link', { name: 'Activiteit toevoegen' }).getAttribute('href')).toBe('/activiteiten/nieuw?project=p1');
  });

  it('turns the date range into Brussels midnights, the end day included', () => {
    expect(toEventFilter({ search: ' boomhut ', project: '', type: 'X', from: '2025-03-01', to: '2025-03-31', cancelled: 'no' })).toEqual({
      search: 'boomhut',
      startsFrom: '2025-02-28T23:00:00.000Z',
      startsBefore: '2025-03-31T22:00:00.000Z',
      cancelled: false,
    });
    expect(toEventFilter({ search: '', project: '', type: '', from: 'gisteren', to: '', cancelled: 'yes' })).toEqual({ cancelled: true });
    expect(toEventFilter({ search: '', project: '', type: '', from: '', to: '', cancelled: '' })).toBeUndefined();
  });

  it('says there are no activities yet, and offers a coordinator to add the first', async () => {
    renderScreen(<EventListPage />, { path: '/activiteiten', mocks: [viewerMock({ role: 'COORDINATOR', municipality: GENT }, ViewerQuery), projectsMock, listMock(() => page([]))] });
    expect(await screen.findByText('Nog geen activiteiten')).toBeTruthy();
    expect(await screen.findByText('Voeg de eerste ouderavond of het eerste schoolbezoek van uw project toe.')).toBeTruthy();
    expect(screen.getAllByRole('link', { name: 'Activiteit toevoegen' })).toHaveLength(2);
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Download als CSV' })).toBeNull();
  });

  it('tells "no match for these filters" apart from "nothing yet", with a button that clears them', async () => {
    const user = userEvent.setup();
    const { router } = renderScreen(<EventListPage />, {
      path: '/activiteiten?cancelled=yes&search=nergens',
      route: '/activiteiten',
      mocks: [viewerMock({ role: 'ANALYST' }, ViewerQuery), projectsMock, listMock((v) => page(v.filter ? [] : [event()]))],
    });
    expect(await screen.findByText('Geen activiteiten met deze filters')).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('Locatie bevat').value).toBe('nergens');
    const empty = screen.getByText('Geen activiteiten met deze filters').closest('.empty') as HTMLElement;
    await user.click(within(empty).getByRole('button', { name: 'Filters wissen' }));
    await waitFor(() => expect(router.state.location.search).toBe(''));
    expect(await screen.findByRole('table', { name: 'Activiteiten' })).toBeTruthy();
  });

  it('shows a failed load with a retry button', async () => {
    const user = userEvent.setup();
    let calls = 0;
    renderScreen(<EventListPage />, {
      path: '/activiteiten',
      mocks: [
        viewerMock({ role: 'REVIEWER' }, ViewerQuery),
        projectsMock,
        {
          request: { query: EventListQuery, variables: () => true },
          result: () => (++calls === 1 ? { errors: [{ message: 'Database is down' }] } : page([event()])) as never,
          maxUsageCount: Number.POSITIVE_INFINITY,
        },
      ],
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Er ging iets mis: Database is down');
    await user.click(within(alert).getByRole('button', { name: 'Opnieuw proberen' }));
    expect(await screen.findByRole('table', { name: 'Activiteiten' })).toBeTruthy();
  });
});
