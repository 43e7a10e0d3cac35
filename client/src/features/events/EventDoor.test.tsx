import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ViewerQuery } from '../../app/viewer.query';
import { renderScreen, viewerMock } from '../../test/render';
import { RecordAttendancePreviewQuery } from '../../ui/consequences.query';
import { DoorEventQuery } from '../door/door-event.query';
import { AttendanceHouseholdsQuery } from '../door/door-households.query';
import { AttendanceRecordMutation } from '../door/door-record.mutation';
import { EventDetailAttendancesQuery } from './event-attendances.query';
import { EventDetailQuery } from './event-detail.query';
import { oneFamilyLessPreview } from '../attendance/attendance.fixture';
import { eventDetail, GENT, period } from './event.fixture';
import EventPage from './EventPage';

/**
 * The door on the event page (issue 18): the door form with its suggestion list, an ARIA
 * combobox — type, walk the suggestions with the arrow keys, Enter picks, Escape closes, a tap
 * picks — then "Aanwezig", and the field is empty and focused for the next family while the
 * page's count goes up. Shown only where a recording would be accepted.
 */

const ROUTE = '/activiteiten/:id';
const PATH = '/activiteiten/e1';

const household = (id: string, reference: string) => ({ __typename: 'Household', id, reference });
const attendance = (id: string, h: ReturnType<typeof household>, status: string) => ({ __typename: 'Attendance', id, status, recordedAt: '2024-10-15T18:30:00.000Z', household: h });

/** The project's families; the mocked server answers "contains", case-insensitively, at most `first`. */
const FAMILIES = Array.from({ length: 11 }, (_, i) => household(`h${i + 1}`, `SYN-44021-3-${String(i + 1).padStart(4, '0')}`));

function detail(over: { cancelledAt?: string | null; status?: string; reportStatus?: string } = {}) {
  return eventDetail({ cancelledAt: over.cancelledAt ?? null }, { status: over.status ?? 'APPROVED', fundingPeriod: period({ reportStatus: over.reportStatus ?? 'OPEN' }) });
}

/** The mocks of the page; `asked` collects the suggestion queries' variables, `sent` the recordings. */
function mocks({
  event = detail(),
  asked = [],
  sent = [],
  role = 'COORDINATOR',
}: { event?: ReturnType<typeof detail>; asked?: Record<string, any>[]; sent?: Record<string, any>[]; role?: 'COORDINATOR' | 'REVIEWER' } = {}) {
  // The server's state: what the door query and the record mutation answer follows the recordings.
  const recorded = [attendance('a1', FAMILIES[0]!, 'ATTENDED')];
  const count = (status: string) => recorded.filter((a) => a.status === status).length;
  const counts = () => ({ attended: 11 + count('ATTENDED'), noShow: 3 + count('NO_SHOW'), registered: 2 + count('REGISTERED') });
  return [
    viewerMock({ role, municipality: role === 'COORDINATOR' ? GENT : null }, ViewerQuery),
    { request: { query: EventDetailQuery, variables: { id: 'e1' } }, result: { data: { event } }, maxUsageCount: Number.POSITIVE_INFINITY },
    {
      request: { query: EventDetailAttendancesQuery, variables: () => true },
      result: () => ({
        data: {
          event: {
            __typename: 'Event',
            id: 'e1',
            attendances: { __typename: 'AttendanceConnection', totalCount: recorded.length, pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null }, nodes: [...recorded] },
          },
        },
      }),
      maxUsageCount: Number.POSITIVE_INFINITY,
    },
    {
      request: { query: DoorEventQuery, variables: { id: 'e1' } },
      result: () => ({ data: { event: { __typename: 'Event', id: 'e1', ...counts(), attendances: { __typename: 'AttendanceConnection', totalCount: recorded.length, nodes: [...recorded] } } } }),
      maxUsageCount: Number.POSITIVE_INFINITY,
    },
    {
      request: { query: AttendanceHouseholdsQuery, variables: () => true },
      result: (variables: Record<string, any>) => {
        asked.push(variables);
        const matching = FAMILIES.filter((h) => h.reference.toLowerCase().includes(String(variables.search).toLowerCase()));
        return { data: { households: { __typename: 'HouseholdConnection', totalCount: matching.length, nodes: matching.slice(0, variables.first as number) } } };
      },
      maxUsageCount: Number.POSITIVE_INFINITY,
    },
    {
      request: { query: RecordAttendancePreviewQuery, variables: () => true },
      result: { data: { previewRecordAttendance: oneFamilyLessPreview } },
      maxUsageCount: Number.POSITIVE_INFINITY,
    },
    {
      request: { query: AttendanceRecordMutation, variables: () => true },
      result: (variables: Record<string, any>) => {
        const input = variables.input as { householdId: string; status: string };
        sent.push(input);
        const h = FAMILIES.find((f) => f.id === input.householdId)!;
        const saved = attendance(`a-${h.id}`, h, input.status);
        const at = recorded.findIndex((a) => a.household.id === h.id);
        if (at >= 0) recorded.splice(at, 1);
        recorded.unshift(saved);
        return { data: { recordAttendance: { __typename: 'RecordAttendancePayload', attendance: saved, userErrors: [] } } };
      },
      maxUsageCount: Number.POSITIVE_INFINITY,
    },
  ];
}

const card = (label: string) =>
  within(screen.getByRole('region', { name: 'Aanwezigheden' }))
    .getByText(label, { selector: '.card .label' })
    .parentElement!.querySelector('.figure')!.textContent;

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

describe('the door on the event page', () => {
  // Two families typed key by key, each waiting for the suggestions (250 ms after the last key): more than the default 5 s on a loaded machine.
  it('suggests the matching families as a combobox: arrows walk, Enter picks, Enter again records as present; the field is ready for the next family and the count goes up', { timeout: 20_000 }, async () => {
    const user = userEvent.setup();
    const asked: Record<string, any>[] = [];
    const sent: Record<string, any>[] = [];
    renderScreen(<EventPage />, { path: PATH, route: ROUTE, mocks: mocks({ asked, sent }) });
    const field = await screen.findByRole('combobox', { name: 'Gezinsreferentie' });
    expect(field.getAttribute('aria-expanded')).toBe('false');
    expect(card('Aanwezig')).toBe('12');

    // "00" fits all 11 families: the first 8, in reference order, and the rest is said.
    await user.type(field, '00');
    const list = await screen.findByRole('listbox', { name: 'Passende gezinnen' });
    await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(8));
    expect(field.getAttribute('aria-expanded')).toBe('true');
    expect(field.getAttribute('aria-controls')).toBe(list.id);
    expect(asked.at(-1)).toEqual({ projectId: 'p1', search: '00', first: 8 });
    const options = within(list).getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual([
      'SYN-44021-3-0001 · nu Aanwezig',
      ...FAMILIES.slice(1, 8).map((h) => h.reference),
    ]);
    expect(await screen.findByText('De eerste 8 van 11 passende gezinnen. Kies met pijl omhoog of omlaag en Enter, of typ meer.')).toBeTruthy();

    // Typing more narrows the list; the arrows walk it (the focus stays in the field).
    await user.type(field, '1');
    await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(3));
    const walked = () => within(list).getAllByRole('option').findIndex((o) => o.id === field.getAttribute('aria-activedescendant'));
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(walked()).toBe(1);
    expect(within(list).getAllByRole('option')[1]!.getAttribute('aria-selected')).toBe('true');
    // Up from the first wraps to the last, down from the last to the first.
    await user.keyboard('{ArrowUp}{ArrowUp}');
    expect(walked()).toBe(2);
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(walked()).toBe(1);
    expect(document.activeElement).toBe(field);

    // Enter picks the walked-to family: the field holds its reference, the list closes, nothing is recorded yet.
    await user.keyboard('{Enter}');
    expect((field as HTMLInputElement).value).toBe('SYN-44021-3-0010');
    expect(field.getAttribute('aria-expanded')).toBe('false');
    expect(field.hasAttribute('aria-activedescendant')).toBe(false);
    expect(sent).toEqual([]);

    // Enter again records as present: at once, the page's count goes up and the field is ready.
    await user.keyboard('{Enter}');
    await waitFor(() => expect(sent).toEqual([{ eventId: 'e1', householdId: 'h10', status: 'ATTENDED' }]));
    const said = await screen.findByText('SYN-44021-3-0010 geregistreerd: Aanwezig. Nu 13 gezinnen aanwezig.');
    expect(said.getAttribute('role')).toBe('status');
    expect(card('Aanwezig')).toBe('13');
    expect((field as HTMLInputElement).value).toBe('');
    expect(document.activeElement).toBe(field);
    // The list of families at the activity is read again.
    expect(await within(await screen.findByRole('table', { name: 'Geregistreerde gezinnen' })).findByText('SYN-44021-3-0010')).toBeTruthy();

    // The next family: a tap on a suggestion picks it (the focus stays in the field), then "Aanwezig".
    await user.type(field, '0005');
    // The typed part is in bold: the option's text is the reference (a real browser's accessible name too).
    const fifth = await waitFor(() => within(screen.getByRole('listbox', { name: 'Passende gezinnen' })).getByText((_, el) => el?.getAttribute('role') === 'option' && el.textContent === 'SYN-44021-3-0005'));
    await user.click(fifth);
    expect((field as HTMLInputElement).value).toBe('SYN-44021-3-0005');
    expect(document.activeElement).toBe(field);
    expect(screen.queryByRole('listbox')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Aanwezig' }));
    expect(await screen.findByText('SYN-44021-3-0005 geregistreerd: Aanwezig. Nu 14 gezinnen aanwezig.')).toBeTruthy();
    expect(card('Aanwezig')).toBe('14');
    expect(document.activeElement).toBe(field);
    expect(sent).toHaveLength(2);
  });

  it('Escape closes the list, a second Escape empties the field; a family recorded as present asks "Toch registreren" before Niet gekomen', { timeout: 20_000 }, async () => {
    const user = userEvent.setup();
    const sent: Record<string, any>[] = [];
    renderScreen(<EventPage />, { path: PATH, route: ROUTE, mocks: mocks({ sent }) });
    const field = await screen.findByRole<HTMLInputElement>('combobox', { name: 'Gezinsreferentie' });
    await user.type(field, '000');
    await within(await screen.findByRole('listbox', { name: 'Passende gezinnen' })).findAllByRole('option');
    await user.keyboard('{ArrowDown}{Escape}');
    expect(field.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(field.value).toBe('000');
    await user.keyboard('{Escape}');
    expect(field.value).toBe('');

    // SYN-44021-3-0001 is recorded as present: Niet gekomen asks first, and records on "Toch registreren".
    await user.type(field, 'SYN-44021-3-0001');
    expect(await screen.findByText(/Dit gezin staat al geregistreerd als Aanwezig/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Niet gekomen' }));
    const panel = await screen.findByRole('region', { name: 'SYN-44021-3-0001 registreren als Niet gekomen?' });
    expect(await within(panel).findByText('1 gezin telt niet meer mee als bereikt.')).toBeTruthy();
    expect(sent).toEqual([]);
    await user.click(within(panel).getByRole('button', { name: 'Toch registreren' }));
    expect(await screen.findByText('SYN-44021-3-0001 geregistreerd: Niet gekomen. Nu 4 gezinnen niet gekomen.')).toBeTruthy();
    expect(sent).toEqual([{ eventId: 'e1', householdId: 'h1', status: 'NO_SHOW' }]);
    expect(card('Aanwezig')).toBe('11');
    expect(document.activeElement).toBe(field);
  });

  it('is there only where a recording would be accepted: not for a reviewer, a cancelled activity, a closed project or a final period', { timeout: 20_000 }, async () => {
    const cases = [
      { role: 'REVIEWER' as const, event: detail(), notice: false },
      { role: 'COORDINATOR' as const, event: detail({ cancelledAt: '2024-10-14T08:00:00.000Z' }), notice: false },
      { role: 'COORDINATOR' as const, event: detail({ status: 'CLOSED' }), notice: true },
      { role: 'COORDINATOR' as const, event: detail({ reportStatus: 'FINAL' }), notice: true },
    ];
    for (const c of cases) {
      renderScreen(<EventPage />, { path: PATH, route: ROUTE, mocks: mocks({ role: c.role, event: c.event }) });
      await screen.findByRole('heading', { level: 1, name: 'Ouderavond · Ontmoetingscentrum Gent' });
      await screen.findByRole('region', { name: 'Gegevens' });
      expect(screen.queryByRole('combobox', { name: 'Gezinsreferentie' })).toBeNull();
      expect(screen.queryByRole('region', { name: 'Eén gezin registreren' })).toBeNull();
      const frozen = 'De cijfers van dit project liggen vast (project afgesloten of periode definitief): er kunnen geen aanwezigheden meer bij.';
      // The notice waits for the viewer's role as well as the event: found (with a wait) where it belongs.
      if (c.notice) await screen.findByText(frozen);
      expect(!!screen.queryByText(frozen)).toBe(c.notice);
      cleanup();
    }
  });
});
