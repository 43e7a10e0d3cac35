import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ViewerQuery } from '../../app/viewer.query';
import type { ProjectFilter } from '../../gql/graphql';
import { renderScreen, viewerMock } from '../../test/render';
import { municipalityOptionsMock } from '../../test/mocks';
import { FundingPeriodOptionsQuery } from '../../ui/funding-period-options.query';
import { ProjectListQuery } from './project-list.query';
import ProjectListPage from './ProjectListPage';

const periodId = (number: number) => `00000000-0000-4000-8000-00000000000${number}`;
const period = (number: number) => ({ __typename: 'FundingPeriod', id: periodId(number), number, label: `Projectperiode ${number} (${2021 + number}–${2022 + number})` });
// A project row's period with its dates: period 3 still running (far end), the others ended.
const rowPeriod = (number: number) => ({ ...period(number), startsOn: `${2021 + number}-10-01`, endsOn: number === 3 ? '2999-09-30' : `${2022 + number}-09-30`, reportStatus: 'OPEN' });

function project(over: {
  id: string;
  title: string;
  status: string;
  reached: number | null;
  target?: number;
  expected?: number;
  requested?: number;
  granted?: number | null;
  lead?: string;
  period?: number;
}) {
  const target = over.target ?? 90;
  const expected = over.expected ?? 60;
  return {
    __typename: 'Project',
    id: over.id,
    title: over.title,
    status: over.status,
    targetHouseholds: target,
    subsidyRequested: over.requested ?? target * 170,
    subsidyGranted: over.granted ?? null,
    leadMunicipality: { __typename: 'Municipality', id: `m-${over.lead ?? 'x'}`, name: over.lead ?? 'Roeselare' },
    fundingPeriod: rowPeriod(over.period ?? 3),
    kpi: {
      __typename: 'ProjectKpi',
      reached: over.reached,
      target,
      expectedByNow: expected,
      onTrack: over.reached == null ? null : over.reached >= expected,
      progress: over.reached == null ? null : over.reached / target,
    },
  };
}

const ORDER = [{ field: 'TITLE', direction: 'ASC' }];

function listMock(filter: ProjectFilter | undefined, nodes: unknown[], { orderBy = ORDER, after = null as string | null } = {}) {
  return {
    request: { query: ProjectListQuery, variables: { filter, first: 20, after, orderBy } },
    result: {
      data: {
        projects: {
          __typename: 'ProjectConnection',
          totalCount: nodes.length,
          pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
          nodes,
        },
      },
    },
  };
}

const periodsMock = {
  request: { query: FundingPeriodOptionsQuery },
  result: { data: { fundingPeriods: { __typename: 'FundingPeriodConnection', nodes: [period(1), period(2), period(3)] } } },
  maxUsageCount: Number.POSITIVE_INFINITY,
};

const municipalitiesMock = municipalityOptionsMock([{ id: 'm-borsbeek', name: 'Borsbeek', validTo: '2024-12-31' }, { id: 'm-gent', name: 'Gent' }]);

const roeselare = project({ id: 'p-roe', title: 'Elke ouder welkom op school – Roeselare 2025', status: 'SUBMITTED', reached: 0, requested: 15_300 });
const gent = project({ id: 'p-gent', title: 'Kies mee voor je buurtschool – Gent 2025', status: 'APPROVED', reached: 202, target: 281, expected: 140.5, requested: 47_770, granted: 47_770, lead: 'Gent' });
const boom = project({ id: 'p-boom', title: 'Kies mee voor je buurtschool – Boom 2025', status: 'APPROVED', reached: null, target: 47, expected: 23.5, requested: 7_990, granted: 7_134.5, lead: 'Boom' });

describe('ProjectListPage', () => {
  afterEach(cleanup);

  it('reads its filters from the URL, shows the rows in nl-BE formats and keeps search, statuses and sort in the URL', async () => {
    const user = userEvent.setup();
    const p3Submitted: ProjectFilter = { fundingPeriodId: periodId(3), statuses: ['SUBMITTED'] };
    const { router } = renderScreen(<ProjectListPage />, {
      path: `/projecten?period=${periodId(3)}&status=SUBMITTED`,
      route: '/projecten',
      mocks: [
        viewerMock({ role: 'REVIEWER' }, ViewerQuery),
        periodsMock,
        municipalitiesMock,
        listMock(p3Submitted, [roeselare]),
        listMock({ ...p3Submitted, search: 'Roeselare' }, [roeselare]),
        listMock({ ...p3Submitted, statuses: ['SUBMITTED', 'APPROVED'], search: 'Roeselare' }, [roeselare]),
        listMock({ ...p3Submitted, statuses: ['SUBMITTED', 'APPROVED'], search: 'Roeselare' }, [roeselare], { orderBy: [{ field: 'STATUS', direction: 'ASC' }] }),
      ],
    });

    const table = await screen.findByRole('table', { name: 'Projecten (1 project)' });
    const [, row] = within(table).getAllByRole('row');
    expect(within(row!).getByRole('link', { name: roeselare.title }).getAttribute('href')).toBe('/projecten/p-roe');
    expect(row!.textContent).toContain('Ingediend');
    expect(row!.textContent).toContain('€\u00a015.300,00');
    expect(row!.textContent).toContain('nog niet beslist');
    expect(screen.getByText('1 resultaat')).toBeTruthy();
    // The filters show what the URL says.
    await waitFor(() => expect(screen.getByLabelText<HTMLSelectElement>('Projectperiode').value).toBe(periodId(3)));
    expect(screen.getByRole<HTMLInputElement>('checkbox', { name: 'Ingediend' }).checked).toBe(true);

    await user.type(screen.getByRole('searchbox', { name: 'Zoek op titel' }), 'Roeselare');
    await user.click(screen.getByRole('button', { name: 'Zoeken' }));
    await waitFor(() => expect(new URLSearchParams(router.state.location.search).get('search')).toBe('Roeselare'));

    await user.click(screen.getByRole('checkbox', { name: 'Goedgekeurd' }));
    await waitFor(() => expect(new URLSearchParams(router.state.location.search).get('status')).toBe('SUBMITTED,APPROVED'));

    await user.click(screen.getByRole('button', { name: /^Status/ }));
    await waitFor(() => expect(router.state.location.search).toContain('sort=STATUS&dir=ASC'));
    expect(screen.getByRole('columnheader', { name: /^Status/ }).getAttribute('aria-sort')).toBe('ascending');
    expect(await screen.findByRole('link', { name: roeselare.title })).toBeTruthy();
  });

  it('shows a withheld reach as withheld (never 0) and the progress against what was expected by now', async () => {
    renderScreen(<ProjectListPage />, {
      path: '/projecten',
      mocks: [viewerMock({ role: 'ANALYST' }, ViewerQuery), periodsMock, municipalitiesMock, listMock(undefined, [boom, gent])],
    });
    const table = await screen.findByRole('table', { name: /^Projecten \(/ });
    const [, boomRow, gentRow] = within(table).getAllByRole('row');
    const boomCells = within(boomRow!).getAllByRole('cell');
    expect(boomCells[5]!.textContent).toBe('afgeschermd');
    expect(within(boomRow!).getByRole('img').getAttribute('aria-label')).toContain('afgeschermd bereikt, doel 47');
    expect(boomRow!.textContent).toContain('€\u00a07.134,50');

    const gentCells = within(gentRow!).getAllByRole('cell');
    expect(gentCells[5]!.textContent).toBe('202');
    expect(gentCells[6]!.textContent).toContain('verwacht 141');
    expect(gentCells[6]!.textContent).toContain('72%');
    expect(gentCells[6]!.textContent).toContain('op schema');
    expect(within(gentRow!).getByRole('img').getAttribute('aria-label')).toBe(
      'Kies mee voor je buurtschool – Gent 2025: 202 bereikt, doel 281, verwacht tegen nu 141',
    );
    expect(screen.getByRole('button', { name: 'Download als CSV' })).toBeTruthy();
  });

  it('after its period, says "afgelopen" and the result against the target, never a forecast (issue 18)', async () => {
    const ended = project({ id: 'p-old', title: 'Schoolpoorten open – Gent 2024', status: 'APPROVED', reached: 222, target: 298, expected: 298, lead: 'Gent', period: 2 });
    const met = project({ id: 'p-met', title: 'Buurtschool Aalst 2024', status: 'CLOSED', reached: 90, target: 90, expected: 90, lead: 'Aalst', period: 2 });
    renderScreen(<ProjectListPage />, {
      path: '/projecten',
      mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery), periodsMock, municipalitiesMock, listMock(undefined, [met, ended])],
    });
    const table = await screen.findByRole('table', { name: /^Projecten \(/ });
    const [, metRow, endedRow] = within(table).getAllByRole('row');
    const endedCell = within(endedRow!).getAllByRole('cell')[6]!;
    expect(endedCell.querySelector('.progress-numbers')!.textContent).toBe('afgelopen · 74% · doel niet gehaald');
    expect(within(endedRow!).getByRole('img').getAttribute('aria-label')).toBe('Schoolpoorten open – Gent 2024: 222 bereikt, doel 298');
    expect(within(metRow!).getAllByRole('cell')[6]!.querySelector('.progress-numbers')!.textContent).toBe('afgelopen · 100% · doel gehaald');
    expect(table.querySelector('tbody')!.textContent).not.toMatch(/verwacht|op schema/);
  });

  it('says there are no projects yet, or that nothing matches the filters with a button that clears them', async () => {
    const user = userEvent.setup();
    const first = renderScreen(<ProjectListPage />, {
      path: '/projecten',
      mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery), periodsMock, municipalitiesMock, listMock(undefined, [])],
    });
    expect(await screen.findByText('Er zijn nog geen projecten.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
    first.unmount();

    const { router } = renderScreen(<ProjectListPage />, {
      path: '/projecten?search=zzz&status=CLOSED',
      route: '/projecten',
      mocks: [
        viewerMock({ role: 'REVIEWER' }, ViewerQuery),
        periodsMock,
        municipalitiesMock,
        listMock({ search: 'zzz', statuses: ['CLOSED'] }, []),
        listMock(undefined, [gent]),
      ],
    });
    expect(await screen.findByText('Geen projecten met deze filters.')).toBeTruthy();
    const clear = screen.getAllByRole('button', { name: 'Filters wissen' });
    await user.click(clear.at(-1)!);
    await waitFor(() => expect(router.state.location.search).toBe(''));
    expect(await screen.findByRole('link', { name: gent.title })).toBeTruthy();
  });

  it('tells a coordinator the list holds its own municipality’s projects, leaves out the municipality filter and ignores a mistyped period', async () => {
    renderScreen(<ProjectListPage />, {
      path: '/projecten?period=oops',
      route: '/projecten',
      mocks: [viewerMock({ role: 'COORDINATOR', municipality: { id: 'm-gent', name: 'Gent', nisCode: '44021' } }, ViewerQuery), periodsMock, listMock(undefined, [gent])],
    });
    expect(await screen.findByText('De projecten die Gent trekt. U ziet alleen de projecten van uw eigen gemeente.')).toBeTruthy();
    expect(screen.queryByLabelText('Gemeente (trekker of partner)')).toBeNull();
    expect(await screen.findByRole('link', { name: gent.title })).toBeTruthy();
  });

  it('speaks English when asked, with the same nl-BE number formats', async () => {
    renderScreen(<ProjectListPage />, {
      path: '/projecten',
      language: 'en',
      mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery), periodsMock, municipalitiesMock, listMock(undefined, [roeselare, gent])],
    });
    const table = await screen.findByRole('table', { name: 'Projects (2 projects)' });
    expect(screen.getByRole('heading', { level: 1, name: 'Projects' })).toBeTruthy();
    expect(within(table).getByRole('columnheader', { name: /Granted subsidy/ })).toBeTruthy();
    const [, first, second] = within(table).getAllByRole('row');
    expect(first!.textContent).toContain('Submitted');
    expect(first!.textContent).toContain('not decided yet');
    expect(second!.textContent).toContain('Approved');
    expect(second!.textContent).toContain('€\u00a047.770,00');
    expect(screen.getByRole('checkbox', { name: 'Closed' })).toBeTruthy();
  });
});
