import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ViewerQuery } from '../../app/viewer.query';
import { renderScreen, viewerMock } from '../../test/render';
import { CancelEventPreviewQuery } from '../../ui/consequences.query';
import { EventDetailAttendancesQuery } from './event-attendances.query';
import { EventDetailQuery } from './event-detail.query';
import { DoorEventQuery } from '../door/door-event.query';
import { eventDetail, GENT, period } from './event.fixture';
import EventPage from './EventPage';

const event = eventDetail({ attended: 3, noShow: 0, registered: 0 }, { fundingPeriod: period({ startsOn: '2024-10-01', endsOn: '2025-09-30' }) });

const mocks = (preview: unknown) => [
  viewerMock({ role: 'COORDINATOR', municipality: GENT }, ViewerQuery),
  { request: { query: EventDetailQuery, variables: { id: 'e1' } }, result: { data: { event } }, maxUsageCount: Number.POSITIVE_INFINITY },
  {
    request: { query: EventDetailAttendancesQuery, variables: () => true },
    result: {
      data: {
        event: {
          __typename: 'Event',
          id: 'e1',
          attendances: { __typename: 'AttendanceConnection', totalCount: 0, pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null }, nodes: [] },
        },
      },
    },
    maxUsageCount: Number.POSITIVE_INFINITY,
  },
  {
    request: { query: DoorEventQuery, variables: { id: 'e1' } },
    result: { data: { event: { __typename: 'Event', id: 'e1', attended: 3, noShow: 0, registered: 0, attendances: { __typename: 'AttendanceConnection', totalCount: 0, nodes: [] } } } },
    maxUsageCount: Number.POSITIVE_INFINITY,
  },
  { request: { query: CancelEventPreviewQuery, variables: { input: { id: 'e1', version: 3 } } }, result: { data: { previewCancelEvent: preview } } },
];

function preview(projects: unknown[], lost: number) {
  return { __typename: 'ConsequencePreview', householdsNoLongerReached: lost, householdsNewlyReached: 0, projects, userErrors: [] };
}

afterEach(cleanup);

/** Issue 18: cancelling an event that 3 families attended silently lowered the reach from 205 to 202. */
describe('cancelling an event says first what it does to the figures', () => {
  it('names the families that stop counting and the project’s reach and earned subsidy before → after', async () => {
    const user = userEvent.setup();
    const project = {
      __typename: 'ProjectConsequence',
      projectId: 'p1',
      title: 'Kies mee voor je buurtschool – Gent 2025',
      targetHouseholds: 281,
      reachedBefore: 205,
      reachedAfter: 202,
      progressBefore: 205 / 281,
      progressAfter: 202 / 281,
      householdsNoLongerReached: 3,
      householdsNewlyReached: 0,
      earnedBefore: 34_850,
      earnedAfter: 34_340,
    };
    renderScreen(<EventPage />, { path: '/activiteiten/e1', route: '/activiteiten/:id', mocks: mocks(preview([project], 3)) });
    const [open] = await screen.findAllByRole('button', { name: /nnuleren/ });
    await user.click(open!);
    const panel = screen.getByRole('region', { name: 'Activiteit annuleren?' });
    const status = within(panel).getByRole('status');
    expect(await within(status).findByText('3 gezinnen tellen niet meer mee als bereikt.')).toBeTruthy();
    expect(within(status).getByRole('listitem').textContent).toBe(
      'Kies mee voor je buurtschool – Gent 2025: bereik 205 → 202 van 281 (73% → 72%). Verdiende subsidie €\u00a034.850,00 → €\u00a034.340,00.',
    );
  });

  it('says so when nothing changes (the event counted for no family)', async () => {
    const user = userEvent.setup();
    renderScreen(<EventPage />, { path: '/activiteiten/e1', route: '/activiteiten/:id', mocks: mocks(preview([], 0)) });
    const [open] = await screen.findAllByRole('button', { name: /nnuleren/ });
    await user.click(open!);
    expect(await screen.findByText('Geen gezin houdt op mee te tellen; het bereik verandert niet.')).toBeTruthy();
  });
});
