import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ViewerQuery } from '../../app/viewer.query';
import { renderScreen, viewerMock } from '../../test/render';
import { recording } from '../../test/mocks';
import { EventDetailAttendancesQuery } from './event-attendances.query';
import { EventDetailCancelMutation } from './event-cancel.mutation';
import { EventDetailQuery } from './event-detail.query';
import { DoorEventQuery } from '../door/door-event.query';
import { eventDetail, GENT, period } from './event.fixture';
import EventPage from './EventPage';

const ROUTE = '/activiteiten/:id';

/** The page's activity: in Dutch and French, with one school. */
const detail = (over: Record<string, unknown> = {}) => eventDetail({ languages: ['nl', 'fr'], schools: [{ __typename: 'School', id: 's1', name: 'Vrije Basisschool De Klimop' }], ...over });

const detailMock = (event: unknown) => ({
  request: { query: EventDetailQuery, variables: { id: 'e1' } },
  result: { data: { event } },
  maxUsageCount: Number.POSITIVE_INFINITY,
});

/** The door form's query (coordinators): the same counts as `detail()`, no family recorded in it. */
const doorMock = {
  request: { query: DoorEventQuery, variables: { id: 'e1' } },
  result: {
    data: { event: { __typename: 'Event', id: 'e1', attended: 12, noShow: 3, registered: 2, attendances: { __typename: 'AttendanceConnection', totalCount: 0, nodes: [] } } },
  },
  maxUsageCount: Number.POSITIVE_INFINITY,
};

function attendancesMock(asked: Record<string, any>[] = []) {
  return recording(EventDetailAttendancesQuery, asked, {
    data: {
      event: {
        __typename: 'Event',
        id: 'e1',
        attendances: {
          __typename: 'AttendanceConnection',
          totalCount: 2,
          pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
          nodes: [
            { __typename: 'Attendance', id: 'a1', status: 'ATTENDED', recordedAt: '2024-10-15T18:30:00.000Z', household: { __typename: 'Household', id: 'h1', reference: 'SYN-44021-3-0001' } },
            { __typename: 'Attendance', id: 'a2', status: 'NO_SHOW', recordedAt: '2024-10-16T07:05:00.000Z', household: { __typename: 'Household', id: 'h2', reference: 'SYN-44021-3-0002' } },
          ],
        },
      },
    },
  }, { of: 'variables', always: true });
}

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

describe('EventPage', () => {
  it('shows the facts, the counts per status and the households recorded, with the actions of a coordinator', async () => {
    const asked: Record<string, any>[] = [];
    renderScreen(<EventPage />, {
      path: '/activiteiten/e1',
      route: ROUTE,
      mocks: [viewerMock({ role: 'COORDINATOR', municipality: GENT }, ViewerQuery), detailMock(detail()), attendancesMock(asked), doorMock],
    });
    const heading = await screen.findByRole('heading', { level: 1, name: 'Ouderavond · Ontmoetingscentrum Gent' });
    expect(heading).toBeTruthy();
    const facts = within(screen.getByRole('region', { name: 'Gegevens' }));
    expect(facts.getByText('Begin').nextElementSibling!.textContent).toBe('15/10/2024, 19:00');
    expect(facts.getByText('Einde').nextElementSibling!.textContent).toBe('15/10/2024, 20:30');
    expect(facts.getByText('Organisator').nextElementSibling!.textContent).toContain('Bevordert de sociale mix');
    expect(facts.getByRole('link', { name: 'Kies mee voor je buurtschool – Gent 2025' }).getAttribute('href')).toBe('/projecten/p1');
    expect(facts.getByRole('link', { name: 'Vrije Basisschool De Klimop' })).toBeTruthy();
    expect(facts.getByText('Telt mee voor de KPI').nextElementSibling!.textContent).toContain('Ja');

    const counts = screen.getByRole('region', { name: 'Aanwezigheden' });
    expect(Array.from(counts.querySelectorAll('.card')).map((c) => c.textContent)).toEqual(['12Aanwezig', '3Niet gekomen', '2Ingeschreven']);

    const table = await screen.findByRole('table', { name: 'Geregistreerde gezinnen' });
    const rows = within(table).getAllByRole('row');
    expect(rows[1]!.textContent).toContain('SYN-44021-3-0001');
    expect(rows[2]!.textContent).toContain('Niet gekomen');
    expect(rows[2]!.textContent).toContain('16/10/2024, 09:05');
    expect(asked[0]).toMatchObject({ id: 'e1', orderBy: [{ field: 'RECORDED_AT', direction: 'DESC' }] });

    expect(screen.getByRole('link', { name: 'Bewerken' }).getAttribute('href')).toBe('/activiteiten/e1/bewerken');
    expect(screen.getByRole('link', { name: 'Aanwezigheden registreren' }).getAttribute('href')).toBe('/activiteiten/e1/aanwezigheden');
    expect(screen.getByRole('button', { name: 'Annuleren' })).toBeTruthy();
  });

  it('shows an analyst the counts (withheld ones as such) but no households, and no actions', async () => {
    const asked: Record<string, any>[] = [];
    renderScreen(<EventPage />, {
      path: '/activiteiten/e1',
      route: ROUTE,
      mocks: [viewerMock({ role: 'ANALYST' }, ViewerQuery), detailMock(detail({ noShow: null, registered: null })), attendancesMock(asked)],
    });
    await screen.findByRole('heading', { level: 1, name: 'Ouderavond · Ontmoetingscentrum Gent' });
    const counts = screen.getByRole('region', { name: 'Aanwezigheden' });
    expect(Array.from(counts.querySelectorAll('.card')).map((c) => c.textContent)).toEqual(['12Aanwezig', 'afgeschermdNiet gekomen', 'afgeschermdIngeschreven']);
    expect(await screen.findByText('Als analist ziet u geen individuele gezinnen, alleen de aantallen hierboven.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
    expect(asked).toEqual([]);
    expect(screen.queryByRole('link', { name: 'Bewerken' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Annuleren' })).toBeNull();
  });

  it('cancels only after confirmation, sending the version and the reason, and shows the result', async () => {
    const user = userEvent.setup();
    const sent: Record<string, any>[] = [];
    renderScreen(<EventPage />, {
      path: '/activiteiten/e1',
      route: ROUTE,
      mocks: [
        viewerMock({ role: 'COORDINATOR', municipality: GENT }, ViewerQuery),
        detailMock(detail()),
        attendancesMock(),
        doorMock,
        recording(EventDetailCancelMutation, sent, {
          data: {
            cancelEvent: {
              __typename: 'CancelEventPayload',
              event: { __typename: 'Event', id: 'e1', version: 4, cancelledAt: '2024-10-14T08:00:00.000Z', cancellationReason: 'Zaal niet beschikbaar' },
              userErrors: [],
            },
          },
        }, { of: 'variables' }),
      ],
    });
    await user.click(await screen.findByRole('button', { name: 'Annuleren' }));
    const panel = screen.getByRole('region', { name: 'Activiteit annuleren?' });
    expect(sent).toEqual([]);
    await user.type(within(panel).getByLabelText('Reden (niet verplicht)'), 'Zaal niet beschikbaar');
    await user.click(within(panel).getByRole('button', { name: 'Activiteit annuleren' }));
    await waitFor(() => expect(sent).toEqual([{ input: { id: 'e1', version: 3, reason: 'Zaal niet beschikbaar' } }]));
    expect(await screen.findByText(/Deze activiteit werd geannuleerd op 14\/10\/2024\..*Reden: Zaal niet beschikbaar/)).toBeTruthy();
    expect(screen.getByText('Activiteit geannuleerd.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Annuleren' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Aanwezigheden registreren' })).toBeNull();
  });

  it('says its period’s state in the one vocabulary: lopend, afgelopen, afgesloten (issue 18)', async () => {
    const cases = [
      { fundingPeriod: period(), text: 'Periode 3 (lopend)', long: 'Deze projectperiode loopt tot en met 31/12/2999.' },
      {
        fundingPeriod: period({ startsOn: '2024-10-01', endsOn: '2025-09-30' }),
        text: 'Periode 3 (afgelopen)',
        long: 'Deze projectperiode is afgelopen op 30/09/2025; de eindrapportage is nog niet afgesloten. De cijfers tonen het resultaat, geen verwachting meer.',
      },
      {
        fundingPeriod: period({ startsOn: '2024-10-01', endsOn: '2025-09-30', reportStatus: 'FINAL' }),
        text: 'Periode 3 (afgesloten)',
        long: 'Deze projectperiode is afgelopen op 30/09/2025 en afgesloten: de cijfers zijn definitief.',
      },
    ];
    for (const c of cases) {
      const event = detail();
      renderScreen(<EventPage />, {
        path: '/activiteiten/e1',
        route: ROUTE,
        mocks: [viewerMock({ role: 'COORDINATOR', municipality: GENT }, ViewerQuery), detailMock({ ...event, project: { ...event.project, fundingPeriod: c.fundingPeriod } }), attendancesMock(), doorMock],
      });
      await screen.findByRole('heading', { level: 1, name: 'Ouderavond · Ontmoetingscentrum Gent' });
      const facts = within(screen.getByRole('region', { name: 'Gegevens' }));
      const value = facts.getByText('Projectperiode').nextElementSibling!;
      expect(value.textContent).toBe(`${c.text}${c.long}`);
      cleanup();
    }
  });

  it('says "not found" when the API answers null', async () => {
    renderScreen(<EventPage />, { path: '/activiteiten/e1', route: ROUTE, mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery), detailMock(null)] });
    expect(await screen.findByRole('heading', { name: 'Niet gevonden' })).toBeTruthy();
  });
});
