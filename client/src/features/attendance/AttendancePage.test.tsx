import type { MockLink } from '@apollo/client/testing';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ViewerQuery } from '../../app/viewer.query';
import { renderScreen, viewerMock } from '../../test/render';
import { recording } from '../../test/mocks';
import { RecordAttendancePreviewQuery } from '../../ui/consequences.query';
import { AttendanceHouseholdsQuery } from '../door/door-households.query';
import { AttendanceImportMutation } from './attendance-import.mutation';
import { AttendancePageQuery } from './attendance-page.query';
import { AttendanceRecordMutation } from '../door/door-record.mutation';
import { oneFamilyLessPreview } from './attendance.fixture';
import AttendancePage from './AttendancePage';

const GENT = { id: 'm-gent', name: 'Gent', nisCode: '44021' };
const coordinator = viewerMock({ role: 'COORDINATOR', municipality: GENT }, ViewerQuery);
const ROUTE = '/activiteiten/:id/aanwezigheden';
const PATH = '/activiteiten/e1/aanwezigheden';

const household = (id: string, reference: string) => ({ __typename: 'Household', id, reference });
const attendance = (id: string, h: ReturnType<typeof household>, status: string, recordedAt = '2024-10-15T18:30:00.000Z') => ({
  __typename: 'Attendance',
  id,
  status,
  recordedAt,
  household: h,
});

function pageData({ attended = 12, noShow = 3, reached = 202, nodes = [attendance('a1', household('h1', 'SYN-1'), 'ATTENDED')] } = {}) {
  return {
    data: {
      event: {
        __typename: 'Event',
        id: 'e1',
        version: 1,
        type: 'PARENT_EVENING',
        startsAt: '2024-10-15T17:00:00.000Z',
        venue: 'Ontmoetingscentrum Gent',
        cancelledAt: null,
        attended,
        noShow,
        registered: 2,
        project: { __typename: 'Project', id: 'p1', title: 'Kies mee voor je buurtschool – Gent 2025', kpi: { __typename: 'ProjectKpi', reached, target: 281 } },
        attendances: { __typename: 'AttendanceConnection', totalCount: nodes.length, nodes },
      },
    },
  };
}

/** The page query: the first answer, then `later` for every refetch. */
function pageMock(first: ReturnType<typeof pageData>, later = first) {
  let calls = 0;
  return { request: { query: AttendancePageQuery, variables: { id: 'e1' } }, result: () => (calls++ === 0 ? first : later), maxUsageCount: Number.POSITIVE_INFINITY };
}

const householdsMock = {
  request: { query: AttendanceHouseholdsQuery, variables: () => true },
  result: {
    data: {
      households: { __typename: 'HouseholdConnection', totalCount: 2, nodes: [household('h1', 'SYN-1'), household('h5', 'SYN-5')] },
    },
  },
  maxUsageCount: Number.POSITIVE_INFINITY,
};

const userError = (field: string[], code: string, message: string) => ({ __typename: 'UserError', field, code, message });

afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

/**
 * Types a reference at the door as a coordinator does: all but its last character, waits until
 * the suggestions answered (`options` of them listed), then the last character.
 */
async function typeAtTheDoor(user: ReturnType<typeof userEvent.setup>, field: HTMLElement, reference: string, options: number) {
  await user.type(field, reference.slice(0, -1));
  await waitFor(() => expect(within(screen.getByRole('listbox', { name: 'Passende gezinnen' })).getAllByRole('option')).toHaveLength(options));
  await user.type(field, reference.slice(-1));
}

/** The page as Gent's coordinator opens it, with the project's families and `mocks`. */
const renderPage = (...mocks: MockLink.MockedResponse[]) => renderScreen(<AttendancePage />, { path: PATH, route: ROUTE, mocks: [coordinator, householdsMock, ...mocks] });

const card = (label: string) => screen.getByText(label, { selector: '.card .label' }).parentElement!.querySelector('.figure')!.textContent;

describe('AttendancePage', () => {
  it('records one family optimistically: the row and the count change before the server answers', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    renderPage(
      pageMock(pageData(), pageData({ attended: 13, reached: 203, nodes: [attendance('a9', household('h5', 'SYN-5'), 'ATTENDED', '2025-04-01T10:00:00.000Z'), attendance('a1', household('h1', 'SYN-1'), 'ATTENDED')] })),
      recording(AttendanceRecordMutation, sent, { data: { recordAttendance: { __typename: 'RecordAttendancePayload', attendance: attendance('a9', household('h5', 'SYN-5'), 'ATTENDED', '2025-04-01T10:00:00.000Z'), userErrors: [] } } }, { delay: 400 }),
    );
    await screen.findByRole('heading', { level: 1, name: 'Aanwezigheden registreren' });
    expect(card('Aanwezig')).toBe('12');
    expect(card('Bereikte gezinnen in het project (doel 281)')).toBe('202');

    await typeAtTheDoor(user, screen.getByLabelText('Gezinsreferentie'), 'SYN-5', 2);
    await user.click(screen.getByRole('button', { name: 'Aanwezig' }));

    // At once, before the server's answer (it takes 400 ms): the count and the row.
    expect(card('Aanwezig')).toBe('13');
    const latest = screen.getByRole('table', { name: 'Laatst geregistreerde gezinnen, nieuwste eerst' });
    expect(within(latest).getAllByRole('row')[1]!.textContent).toContain('SYN-5');
    expect(screen.getByText('Wordt opgeslagen…')).toBeTruthy();
    expect(sent).toEqual([]);

    // Then the server's answer, said under the buttons (no toast over the form), and the refetched KPI.
    expect((await screen.findByText('SYN-5 geregistreerd: Aanwezig. Nu 13 gezinnen aanwezig.')).closest('[role="status"]')).toBeTruthy();
    expect(document.querySelector('.toasts')?.textContent ?? '').toBe('');
    expect(sent).toEqual([{ eventId: 'e1', householdId: 'h5', status: 'ATTENDED' }]);
    await waitFor(() => expect(card('Bereikte gezinnen in het project (doel 281)')).toBe('203'));
    expect(card('Aanwezig')).toBe('13');
  });

  it('moves the count when a recorded family changes status, and says when a reference is unknown', async () => {
    const user = userEvent.setup();
    renderPage(
      pageMock(pageData({ nodes: [attendance('a1', household('h1', 'SYN-1'), 'NO_SHOW')] })),
      {
        request: { query: AttendanceRecordMutation, variables: () => true },
        delay: 400,
        result: { data: { recordAttendance: { __typename: 'RecordAttendancePayload', attendance: attendance('a1', household('h1', 'SYN-1'), 'ATTENDED'), userErrors: [] } } },
      },
    );
    await screen.findByRole('heading', { level: 1, name: 'Aanwezigheden registreren' });
    await typeAtTheDoor(user, screen.getByLabelText('Gezinsreferentie'), 'SYN-1', 2);
    expect(await screen.findByText(/Dit gezin staat al geregistreerd als Niet gekomen/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Aanwezig' }));
    expect(card('Aanwezig')).toBe('13');
    expect(card('Niet gekomen')).toBe('2');

    await user.type(screen.getByLabelText('Gezinsreferentie'), 'GEEN-GEZIN');
    await user.click(screen.getByRole('button', { name: 'Aanwezig' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Geen gezin met gezinsreferentie "GEEN-GEZIN" in het project van deze activiteit.');
    expect(screen.getByLabelText('Gezinsreferentie').getAttribute('aria-invalid')).toBe('true');
  });

  describe('NO_SHOW or REGISTERED over ATTENDED says first what changes (issue 18)', () => {
    const previewMock = (asked: unknown[]) => ({
      request: { query: RecordAttendancePreviewQuery, variables: () => true },
      result: (variables: Record<string, any>) => {
        asked.push(variables.input);
        return { data: { previewRecordAttendance: oneFamilyLessPreview } };
      },
      maxUsageCount: Number.POSITIVE_INFINITY,
    });
    const recordMock = (sent: unknown[], status: string) => ({
      request: { query: AttendanceRecordMutation, variables: () => true },
      result: (variables: Record<string, any>) => {
        sent.push(variables.input);
        return { data: { recordAttendance: { __typename: 'RecordAttendancePayload', attendance: attendance('a1', household('h1', 'SYN-1'), status), userErrors: [] } } };
      },
      maxUsageCount: Number.POSITIVE_INFINITY,
    });

    it('shows the server’s preview (the family that stops counting, reach and earned subsidy before → after) and records only on "Toch registreren"', async () => {
      const user = userEvent.setup();
      const asked: unknown[] = [];
      const sent: unknown[] = [];
      // The page read again after the recording answers what the server then holds (the same figures as the optimistic ones).
      const after = pageData({ attended: 11, noShow: 4, reached: 201, nodes: [attendance('a1', household('h1', 'SYN-1'), 'NO_SHOW')] });
      renderPage(pageMock(pageData(), after), previewMock(asked), recordMock(sent, 'NO_SHOW'));
      await screen.findByRole('heading', { level: 1, name: 'Aanwezigheden registreren' });
      const field = screen.getByLabelText<HTMLInputElement>('Gezinsreferentie');
      await user.type(field, 'SYN-1');
      expect(await screen.findByText(/Dit gezin staat al geregistreerd als Aanwezig/)).toBeTruthy();
      await user.click(screen.getByRole('button', { name: 'Niet gekomen' }));

      const panel = await screen.findByRole('region', { name: 'SYN-1 registreren als Niet gekomen?' });
      const status = within(panel).getByRole('status');
      expect(await within(status).findByText('1 gezin telt niet meer mee als bereikt.')).toBeTruthy();
      expect(within(status).getByRole('listitem').textContent).toBe(
        'Kies mee voor je buurtschool – Gent 2025: bereik 202 → 201 van 281 (72% → 72%). Verdiende subsidie €\u00a034.340,00 → €\u00a034.170,00.',
      );
      expect(asked).toEqual([{ eventId: 'e1', householdId: 'h1', status: 'NO_SHOW' }]);
      // Nothing recorded yet: the counts stand and the mutation was not sent.
      expect(sent).toEqual([]);
      expect(card('Aanwezig')).toBe('12');
      expect(card('Niet gekomen')).toBe('3');

      await user.click(within(panel).getByRole('button', { name: 'Toch registreren' }));
      expect(screen.queryByRole('region', { name: 'SYN-1 registreren als Niet gekomen?' })).toBeNull();
      expect(card('Aanwezig')).toBe('11');
      expect(card('Niet gekomen')).toBe('4');
      expect(await screen.findByText('SYN-1 geregistreerd: Niet gekomen. Nu 4 gezinnen niet gekomen.')).toBeTruthy();
      expect(sent).toEqual([{ eventId: 'e1', householdId: 'h1', status: 'NO_SHOW' }]);
      expect(field.value).toBe('');
      expect(document.activeElement).toBe(field);
    });

    it('"Niet registreren" records nothing and gives the field back; REGISTERED asks too', async () => {
      const user = userEvent.setup();
      const asked: unknown[] = [];
      const sent: unknown[] = [];
      renderPage(pageMock(pageData()), previewMock(asked), recordMock(sent, 'REGISTERED'));
      await screen.findByRole('heading', { level: 1, name: 'Aanwezigheden registreren' });
      const field = screen.getByLabelText<HTMLInputElement>('Gezinsreferentie');
      await typeAtTheDoor(user, field, 'SYN-1', 2);
      await user.click(screen.getByRole('button', { name: 'Ingeschreven' }));
      const panel = await screen.findByRole('region', { name: 'SYN-1 registreren als Ingeschreven?' });
      expect(await within(panel).findByText('1 gezin telt niet meer mee als bereikt.')).toBeTruthy();
      await user.click(within(panel).getByRole('button', { name: 'Niet registreren' }));
      expect(screen.queryByRole('region', { name: /registreren als/ })).toBeNull();
      expect(sent).toEqual([]);
      expect(card('Aanwezig')).toBe('12');
      expect(field.value).toBe('SYN-1');
      expect(document.activeElement).toBe(field);
    });

    it('a family beyond the latest attendances on screen: the server’s preview decides, and asks only when a family would stop counting', async () => {
      const user = userEvent.setup();
      const asked: { householdId: string }[] = [];
      const sent: unknown[] = [];
      const page = pageData();
      page.data.event.attendances.totalCount = 150; // more than the 100 the form knows
      renderScreen(<AttendancePage />, {
        path: PATH,
        route: ROUTE,
        mocks: [
          coordinator,
          {
            request: { query: AttendanceHouseholdsQuery, variables: () => true },
            result: { data: { households: { __typename: 'HouseholdConnection', totalCount: 3, nodes: [household('h1', 'SYN-1'), household('h5', 'SYN-5'), household('h7', 'SYN-7')] } } },
            maxUsageCount: Number.POSITIVE_INFINITY,
          },
          pageMock(page),
          {
            request: { query: RecordAttendancePreviewQuery, variables: () => true },
            result: (variables: Record<string, any>) => {
              const input = variables.input as { householdId: string };
              asked.push(input);
              // SYN-5 was present (it would stop counting); SYN-7 was not recorded (nothing changes).
              const lost = input.householdId === 'h5';
              return {
                data: {
                  previewRecordAttendance: lost ? oneFamilyLessPreview : { ...oneFamilyLessPreview, householdsNoLongerReached: 0, projects: [] },
                },
              };
            },
            maxUsageCount: Number.POSITIVE_INFINITY,
          },
          recordMock(sent, 'NO_SHOW'),
        ],
      });
      await screen.findByRole('heading', { level: 1, name: 'Aanwezigheden registreren' });
      const field = screen.getByLabelText<HTMLInputElement>('Gezinsreferentie');
      await typeAtTheDoor(user, field, 'SYN-7', 3);
      await user.click(screen.getByRole('button', { name: 'Niet gekomen' }));
      await waitFor(() => expect(sent).toEqual([{ eventId: 'e1', householdId: 'h7', status: 'NO_SHOW' }]));
      expect(screen.queryByRole('button', { name: 'Toch registreren' })).toBeNull();

      await user.type(field, 'SYN-5');
      await user.click(screen.getByRole('button', { name: 'Niet gekomen' }));
      const panel = await screen.findByRole('region', { name: 'SYN-5 registreren als Niet gekomen?' });
      expect(await within(panel).findByText('1 gezin telt niet meer mee als bereikt.')).toBeTruthy();
      expect(sent).toHaveLength(1);
      expect(asked.map((a) => a.householdId)).toContain('h5');
    });

    it('the fast path stays one click: ATTENDED, and NO_SHOW for a family not recorded as present, ask no preview and show no confirmation', async () => {
      const user = userEvent.setup();
      const asked: unknown[] = [];
      const sent: unknown[] = [];
      renderPage(
        pageMock(pageData()),
        previewMock(asked),
        {
          request: { query: AttendanceRecordMutation, variables: () => true },
          result: (variables: Record<string, any>) => {
            const input = variables.input as { householdId: string; status: string };
            sent.push(input);
            const h = input.householdId === 'h1' ? household('h1', 'SYN-1') : household('h5', 'SYN-5');
            return { data: { recordAttendance: { __typename: 'RecordAttendancePayload', attendance: attendance(`a-${h.id}`, h, input.status), userErrors: [] } } };
          },
          maxUsageCount: Number.POSITIVE_INFINITY,
        },
      );
      await screen.findByRole('heading', { level: 1, name: 'Aanwezigheden registreren' });
      const field = screen.getByLabelText<HTMLInputElement>('Gezinsreferentie');
      await typeAtTheDoor(user, field, 'SYN-1', 2);
      await user.click(screen.getByRole('button', { name: 'Aanwezig' }));
      expect(await screen.findByText('SYN-1 geregistreerd: Aanwezig. Nu 12 gezinnen aanwezig.')).toBeTruthy();
      await user.type(field, 'SYN-5');
      await user.click(screen.getByRole('button', { name: 'Niet gekomen' }));
      expect(await screen.findByText('SYN-5 geregistreerd: Niet gekomen. Nu 4 gezinnen niet gekomen.')).toBeTruthy();
      expect(sent).toEqual([
        { eventId: 'e1', householdId: 'h1', status: 'ATTENDED' },
        { eventId: 'e1', householdId: 'h5', status: 'NO_SHOW' },
      ]);
      expect(asked).toEqual([]);
      expect(screen.queryByRole('button', { name: 'Toch registreren' })).toBeNull();
      expect(screen.queryByText('Wat verandert er?')).toBeNull();
    });
  });

  it('at the door: a part that matches one family is enough, Enter records it as present, and the field is empty and focused again', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    renderPage(
      pageMock(pageData()),
      recording(AttendanceRecordMutation, sent, { data: { recordAttendance: { __typename: 'RecordAttendancePayload', attendance: attendance('a9', household('h5', 'SYN-5'), 'ATTENDED'), userErrors: [] } } }, { always: true }),
    );
    await screen.findByRole('heading', { level: 1, name: 'Aanwezigheden registreren' });
    const field = screen.getByLabelText<HTMLInputElement>('Gezinsreferentie');

    // "SYN" fits both families: nothing is recorded, the field keeps focus and says why.
    await user.type(field, 'SYN{Enter}');
    expect((await screen.findByRole('alert')).textContent).toBe('Meer dan één gezin past bij "SYN". Typ meer van de gezinsreferentie of kies uit de lijst.');
    expect(sent).toEqual([]);
    expect(document.activeElement).toBe(field);

    // "5" fits only SYN-5 (the single-match rule): the hint names it, Enter records it as present.
    await user.clear(field);
    await user.type(field, '5');
    expect(await screen.findByText('Eén gezin past: SYN-5. Tik op de status om het te registreren.')).toBeTruthy();
    await user.keyboard('{Enter}');
    expect(await screen.findByText('SYN-5 geregistreerd: Aanwezig. Nu 13 gezinnen aanwezig.')).toBeTruthy();
    expect(sent).toEqual([{ eventId: 'e1', householdId: 'h5', status: 'ATTENDED' }]);
    expect(field.value).toBe('');
    expect(document.activeElement).toBe(field);
  });

  it('previews a CSV, shows the dry run’s error next to its row, imports only once every bad row is removed', async () => {
    const user = userEvent.setup();
    const calls: { dryRun: boolean; references: string[] }[] = [];
    renderPage(
      pageMock(pageData(), pageData({ attended: 13 })),
      {
        request: { query: AttendanceImportMutation, variables: () => true },
        result: (variables: Record<string, any>) => {
          const { rows, dryRun } = variables.input as { rows: { eventId: string; householdReference: string; status: string }[]; dryRun: boolean };
          calls.push({ dryRun, references: rows.map((r) => `${r.householdReference}:${r.status}`) });
          const bad = rows.findIndex((r) => r.householdReference === 'ONBEKEND');
          const payload =
            bad >= 0
              ? { created: 0, updated: 0, unchanged: 0, userErrors: [userError(['input', 'rows', String(bad), 'householdReference'], 'NOT_FOUND', 'No household "ONBEKEND" in the event’s project')] }
              : { created: 1, updated: 0, unchanged: 1, userErrors: [] };
          return { data: { importAttendances: { __typename: 'ImportAttendancesPayload', ...payload } } };
        },
        maxUsageCount: Number.POSITIVE_INFINITY,
      },
    );
    await screen.findByRole('heading', { level: 1, name: 'Aanwezigheden registreren' });
    const csv = 'gezinsreferentie;status\r\nSYN-1;aanwezig\r\nONBEKEND;aanwezig\r\nSYN-2;niet gekomen\r\nSYN-3;misschien\r\n';
    await user.upload(screen.getByLabelText('CSV-bestand'), new File([csv], 'ouderavond.csv', { type: 'text/csv' }));

    const preview = await screen.findByRole('table', { name: 'Voorbeeld van ouderavond.csv: 4 rijen' });
    await screen.findByText('2 van de 4 rijen hebben een fout. Verbeter het bestand of verwijder die rijen; er wordt niets geïmporteerd zolang er fouten zijn.');
    // The dry run got the rows it can take (not the one with an unknown status), for this activity.
    expect(calls).toEqual([{ dryRun: true, references: ['SYN-1:ATTENDED', 'ONBEKEND:ATTENDED', 'SYN-2:NO_SHOW'] }]);
    const row = (line: number) => within(preview).getByRole('rowheader', { name: String(line) }).closest('tr')!;
    expect(row(2).textContent).toContain('In orde');
    expect(row(3).textContent).toContain('Geen gezin met gezinsreferentie "ONBEKEND" in het project van de activiteit.');
    expect(row(4).textContent).toContain('Niet gekomen');
    expect(row(4).textContent).toContain('deze activiteit');
    expect(row(5).textContent).toContain('Onbekende status "misschien"');
    const importButton = screen.getByRole<HTMLButtonElement>('button', { name: 'Importeren (4 rijen)' });
    expect(importButton.disabled).toBe(true);

    await user.click(within(preview).getByRole('button', { name: 'Rij 5 verwijderen' }));
    await user.click(within(preview).getByRole('button', { name: 'Rij 3 verwijderen' }));
    await screen.findByText('Alle 2 rijen zijn in orde. Importeren geeft 1 nieuw, 0 gewijzigd, 1 ongewijzigd.');
    // Each removal starts a dry run; on a loaded machine their answers may come back in either
    // order, so the check is that the two remaining rows were dry-run (the text above is its answer).
    expect(calls).toContainEqual({ dryRun: true, references: ['SYN-1:ATTENDED', 'SYN-2:NO_SHOW'] });

    const ready = screen.getByRole<HTMLButtonElement>('button', { name: 'Importeren (2 rijen)' });
    expect(ready.disabled).toBe(false);
    await user.click(ready);
    expect(await screen.findByText('Geïmporteerd: 1 nieuw, 0 gewijzigd, 1 ongewijzigd.')).toBeTruthy();
    expect(screen.getByText('Aanwezigheden geïmporteerd: 1 nieuw, 0 gewijzigd, 1 ongewijzigd.')).toBeTruthy();
    expect(calls.at(-1)).toEqual({ dryRun: false, references: ['SYN-1:ATTENDED', 'SYN-2:NO_SHOW'] });
    expect(screen.queryByRole('table', { name: /Voorbeeld van/ })).toBeNull();
    await waitFor(() => expect(card('Aanwezig')).toBe('13'));
  });

  it('refuses a file without a household column before asking the server', async () => {
    const user = userEvent.setup();
    const calls: unknown[] = [];
    renderScreen(<AttendancePage />, {
      path: PATH,
      route: ROUTE,
      mocks: [coordinator, householdsMock, pageMock(pageData()), { request: { query: AttendanceImportMutation, variables: () => true }, result: () => (calls.push(1), { data: null }) as never }],
    });
    await screen.findByRole('heading', { level: 1, name: 'Aanwezigheden registreren' });
    await user.upload(screen.getByLabelText('CSV-bestand'), new File(['naam;status\nJan;aanwezig\n'], 'namen.csv', { type: 'text/csv' }));
    expect((await screen.findByText(/Geen kolom met de gezinsreferentie of het id van het gezin gevonden/)).textContent).toContain('naam, status');
    expect(calls).toEqual([]);
  });

  it('tells a reviewer that only coordinators record attendance, without loading anything', async () => {
    renderScreen(<AttendancePage />, { path: PATH, route: ROUTE, mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery)] });
    expect(await screen.findByText('Alleen coördinatoren van de gemeente en beheerders kunnen aanwezigheden registreren.')).toBeTruthy();
  });
});
