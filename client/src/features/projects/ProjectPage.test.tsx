import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ViewerQuery } from '../../app/viewer.query';
import { renderScreen, viewerMock } from '../../test/render';
import { recording } from '../../test/mocks';
import { ProjectDetailQuery } from './project-detail.query';
import { ProjectEventsQuery } from './project-events.query';
import { ProjectHouseholdsQuery } from './project-households.query';
import { ProjectReviewMutation } from './project-review.mutation';
import ProjectPage from './ProjectPage';

import { project, projectEvents } from './project.fixture';

const detailMock = (p: ReturnType<typeof project>) => ({ request: { query: ProjectDetailQuery, variables: { id: 'p-1' } }, result: { data: { project: p } } });

const eventsMock = (attended: number | null) => ({
  request: { query: ProjectEventsQuery, variables: { id: 'p-1', first: 20, after: null } },
  result: { data: { project: projectEvents(attended) } },
});

const householdsMock = (withCharacteristics: boolean) => ({
  request: { query: ProjectHouseholdsQuery, variables: { id: 'p-1', first: 20, after: null, withCharacteristics } },
  result: {
    data: {
      project: {
        __typename: 'Project',
        id: 'p-1',
        households: {
          __typename: 'HouseholdConnection',
          totalCount: 1,
          nodes: [
            {
              __typename: 'Household',
              id: 'h-1',
              reference: 'SYN-44021-3-0124',
              postcode: '9042',
              residenceNisCode: '44021',
              children: 2,
              createdAt: '2025-09-12T08:00:00.000Z',
              ...(withCharacteristics
                ? { consentAt: '2025-09-12T08:00:00.000Z', lowEducatedMother: true, schoolAllowance: true, homeLanguageNotDutch: null, childWithSpecialNeeds: false }
                : {}),
              attendances: { __typename: 'AttendanceConnection', totalCount: 3 },
            },
          ],
        },
      },
    },
  },
});

describe('ProjectPage', () => {
  afterEach(cleanup);

  it('shows the KPI as cards, a bullet bar and tables, the budget and the events, in nl-BE formats', async () => {
    renderScreen(<ProjectPage />, {
      path: '/projecten/p-1',
      route: '/projecten/:id',
      mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery), detailMock(project()), eventsMock(12), householdsMock(false)],
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Kies mee voor je buurtschool – Gent 2025' })).toBeTruthy();

    const cards = within(screen.getByRole('list', { name: 'KPI: bereikte gezinnen' })).getAllByRole('listitem');
    // Period 3 ended on 30/09/2025 (report still open): the result against the target, no forecast (issue 18).
    expect(cards.map((c) => c.textContent)).toEqual([
      '202Bereikt',
      '281Doel',
      'afgelopenProjectperiode 3 (2024–2025)',
      'doel niet gehaaldResultaat tegenover het doel',
      '72%Voortgang',
      '€\u00a034.340,00Verdiende subsidie',
    ]);
    expect(screen.getByText(/Deze projectperiode is afgelopen op 30\/09\/2025; de eindrapportage is nog niet afgesloten/)).toBeTruthy();
    expect(screen.getByRole('img', { name: 'KPI: bereikte gezinnen: 202 bereikt, doel 281' })).toBeTruthy();
    expect(screen.queryByText(/verwacht tegen nu|op schema/i)).toBeNull();

    const figures = screen.getByRole('table', { name: 'KPI in cijfers' });
    expect(within(figures).queryByRole('row', { name: /Verwacht tegen nu/ })).toBeNull();
    expect(within(figures).getByRole('row', { name: /Resultaat tegenover het doel/ }).textContent).toContain('doel niet gehaald');
    expect(within(figures).getByRole('row', { name: /Voortgang/ }).textContent).toContain('71,9%');
    const byType = screen.getByRole('table', { name: 'Bereik per soort activiteit' });
    expect(within(byType).getByRole('row', { name: /Ouderavond/ }).textContent).toContain('152');
    const families = screen.getByRole('table', { name: 'Elk gezin: bereikte gezinnen naar kenmerken' });
    expect(within(families).getByRole('row', { name: /Met minstens één indicator/ }).textContent).toContain('7939%');

    const budget = screen.getByRole('region', { name: 'Budget' });
    expect(budget.textContent).toContain('Gevraagde subsidie€\u00a047.770,00');
    expect(budget.textContent).toContain('Tarief per gezin€\u00a0170,00');
    expect(screen.getByRole('region', { name: 'Dossier' }).textContent).toContain('01/10/2024');

    const events = await screen.findByRole('table', { name: 'Activiteiten van het project' });
    const [, event] = within(events).getAllByRole('row');
    expect(within(event!).getByRole('link', { name: 'Ontmoetingscentrum Gent' }).getAttribute('href')).toBe('/activiteiten/e-1');
    expect(event!.textContent).toContain('15/10/2024');
    expect(within(event!).getAllByRole('cell').slice(-3).map((c) => c.textContent)).toEqual(['12', '2', '3']);

    // A reviewer sees the families, without their characteristics; there is nothing to review.
    const households = await screen.findByRole('table', { name: /Geregistreerde gezinnen/ });
    expect(within(households).queryByRole('columnheader', { name: 'Kenmerken' })).toBeNull();
    expect(within(households).getByRole('rowheader', { name: 'SYN-44021-3-0124' })).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Beoordeling' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Gezin registreren' })).toBeNull();
  });

  it('shows the settlement (granted, advance, earned, the balance) and links to the printable dossier', async () => {
    renderScreen(<ProjectPage />, {
      path: '/projecten/p-1',
      route: '/projecten/:id',
      mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery), detailMock(project()), eventsMock(12), householdsMock(false)],
    });
    const settlement = await screen.findByRole('region', { name: 'Afrekening' });
    const row = (name: RegExp) => within(settlement).getByRole('row', { name }).textContent;
    expect(row(/^Toegekend/)).toBe('Toegekend€\u00a047.770,00');
    expect(row(/^Voorschot/)).toBe('Voorschot (60 %)€\u00a028.662,00');
    expect(row(/^Verdiend/)).toBe('Verdiend€\u00a034.340,00');
    expect(row(/^Terug te vorderen/)).toBe('Terug te vorderen€\u00a00,00');
    expect(row(/^Saldo/)).toBe('SaldoUit te betalen: €\u00a05.678,00');
    expect(screen.getByRole('link', { name: 'Dossier (afdrukken)' }).getAttribute('href')).toBe('/projecten/p-1/dossier');
  });

  it('says a project that is not approved has no settlement yet, and withholds the money behind a withheld reach', async () => {
    renderScreen(<ProjectPage />, {
      path: '/projecten/p-1',
      route: '/projecten/:id',
      mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery), detailMock(project({ status: 'SUBMITTED', subsidyGranted: null, settlement: null })), eventsMock(12), householdsMock(false)],
    });
    expect((await screen.findByRole('region', { name: 'Afrekening' })).textContent).toContain('pas een afrekening wanneer het project goedgekeurd is');
    cleanup();
    renderScreen(<ProjectPage />, {
      path: '/projecten/p-1',
      route: '/projecten/:id',
      mocks: [
        viewerMock({ role: 'ANALYST' }, ViewerQuery),
        detailMock(project({ settlement: { __typename: 'ProjectSettlement', target: 10, reached: null, advanceShare: 60, granted: 1700, advance: 1020, earned: null, toPay: null, toRecover: null, withheld: true } })),
        eventsMock(12),
      ],
    });
    const settlement = await screen.findByRole('region', { name: 'Afrekening' });
    expect(within(settlement).getByRole('row', { name: /^Voorschot/ }).textContent).toBe('Voorschot (60 %)€\u00a01.020,00');
    expect(within(settlement).getByRole('row', { name: /^Verdiend/ }).textContent).toBe('Verdiendafgeschermd');
    expect(within(settlement).getByRole('row', { name: /^Saldo/ }).textContent).toBe('Saldoafgeschermd');
  });

  it('lets a reviewer approve a submitted project: a refused amount stands next to its field, then the status changes at once', async () => {
    const user = userEvent.setup();
    const base = project({ status: 'SUBMITTED', version: 2, subsidyGranted: null, reviewedAt: null, subsidyRequested: 15_300, coFinancing: 15_300 });
    // A period that is still running: approving asks nothing more (the late case is the next test).
    const submitted = { ...base, fundingPeriod: { ...base.fundingPeriod, startsOn: '2020-01-01', endsOn: '2999-12-31' } };
    const refused = {
      request: { query: ProjectReviewMutation, variables: { input: { id: 'p-1', version: 2, decision: 'APPROVE', subsidyGranted: 20_000 } } },
      result: {
        data: {
          reviewProject: {
            __typename: 'ReviewProjectPayload',
            project: null,
            userErrors: [{ __typename: 'UserError', field: ['input', 'subsidyGranted'], message: 'Must not exceed the requested € 15.300,00', code: 'EXCEEDS_MAX_SUBSIDY' }],
          },
        },
      },
    };
    const approved = {
      request: { query: ProjectReviewMutation, variables: { input: { id: 'p-1', version: 2, decision: 'APPROVE', subsidyGranted: 15_300, note: 'In orde.' } } },
      // Long enough to see the optimistic state before the answer, even on a busy machine.
      delay: 1000,
      result: {
        data: {
          reviewProject: {
            __typename: 'ReviewProjectPayload',
            project: { __typename: 'Project', id: 'p-1', status: 'APPROVED', version: 3, subsidyGranted: 15_300, reviewNote: 'In orde.', reviewedAt: '2026-11-28T10:00:00.000Z', transitions: [] },
            userErrors: [],
          },
        },
      },
    };
    renderScreen(<ProjectPage />, {
      path: '/projecten/p-1',
      route: '/projecten/:id',
      mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery), detailMock(submitted), eventsMock(0), householdsMock(false), refused, approved],
    });
    const review = await screen.findByRole('region', { name: 'Beoordeling' });
    const amount = within(review).getByLabelText<HTMLInputElement>('Toegekende subsidie (€)');
    expect(amount.value).toBe('15.300,00');
    const overview = screen.getByRole('region', { name: 'Dossier' });
    expect(overview.textContent).toContain('Ingediend');

    await user.clear(amount);
    await user.type(amount, '20.000');
    await user.click(within(review).getByRole('button', { name: 'Goedkeuren' }));
    const fieldError = await within(review).findByText('Mag niet hoger zijn dan het gevraagde bedrag (€ 15.300,00).');
    expect(amount.getAttribute('aria-invalid')).toBe('true');
    expect(amount.getAttribute('aria-describedby')).toContain(fieldError.id);
    expect(within(review).getByRole('alert').textContent).toContain('De beslissing is niet opgeslagen');
    expect(overview.textContent).toContain('Ingediend');

    await user.clear(amount);
    await user.type(amount, '15.300,00');
    await user.type(within(review).getByLabelText('Nota'), 'In orde.');
    await user.click(within(review).getByRole('button', { name: 'Goedkeuren' }));
    // Optimistic: the status changes while the server is still answering.
    expect(within(review).getByRole('button', { name: 'Bezig…' })).toBeTruthy();
    expect(overview.textContent).toContain('Goedgekeurd');
    expect(await screen.findByText('Project goedgekeurd met € 15.300,00 subsidie.', { selector: '.toast' }, { timeout: 4000 })).toBeTruthy();
    expect(overview.textContent).toContain('In orde.');
    expect(screen.getByRole('region', { name: 'Budget' }).textContent).toContain('Toegekende subsidie€\u00a015.300,00');
    await waitFor(() => expect(within(review).queryByRole('button', { name: 'Goedkeuren' })).toBeNull());
  });

  it('asks before approving after the period’s end, says why it is unusual, and approves only when confirmed', async () => {
    const user = userEvent.setup();
    const submitted = project({ status: 'SUBMITTED', version: 2, subsidyGranted: null, reviewedAt: null, subsidyRequested: 15_300, coFinancing: 15_300 });
    const approved = {
      request: { query: ProjectReviewMutation, variables: { input: { id: 'p-1', version: 2, decision: 'APPROVE', subsidyGranted: 15_300 } } },
      result: {
        data: {
          reviewProject: {
            __typename: 'ReviewProjectPayload',
            project: { __typename: 'Project', id: 'p-1', status: 'APPROVED', version: 3, subsidyGranted: 15_300, reviewNote: null, reviewedAt: '2026-11-28T10:00:00.000Z', transitions: [] },
            userErrors: [],
          },
        },
      },
    };
    renderScreen(<ProjectPage />, {
      path: '/projecten/p-1',
      route: '/projecten/:id',
      mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery), detailMock(submitted), eventsMock(0), householdsMock(false), approved],
    });
    const review = await screen.findByRole('region', { name: 'Beoordeling' });
    await user.click(within(review).getByRole('button', { name: 'Goedkeuren' }));
    const ask = await within(review).findByRole('region', { name: 'Goedkeuren na het einde van de periode?' });
    expect(ask.textContent).toContain('Projectperiode 3 (2024–2025) is afgelopen op 30/09/2025');
    expect(ask.textContent).toContain('alleen activiteiten binnen de periode tellen voor de KPI');
    expect(document.activeElement?.textContent).toBe('Goedkeuren na het einde van de periode?');
    // One click did not approve: the status is still "Ingediend".
    expect(screen.getByRole('region', { name: 'Dossier' }).textContent).toContain('Ingediend');
    await user.click(within(ask).getByRole('button', { name: 'Niet goedkeuren' }));
    expect(within(review).queryByRole('region', { name: 'Goedkeuren na het einde van de periode?' })).toBeNull();

    await user.click(within(review).getByRole('button', { name: 'Goedkeuren' }));
    await user.click(await within(review).findByRole('button', { name: 'Toch goedkeuren' }));
    expect((await screen.findAllByText('Project goedgekeurd met € 15.300,00 subsidie.')).length).toBeGreaterThan(0);
  });

  it('lets a reviewer send an application back with a note, and lists the change under "Verloop"', async () => {
    const user = userEvent.setup();
    const submitted = project({ status: 'SUBMITTED', version: 2, subsidyGranted: null, reviewedAt: null });
    const sentBackTransitions = [
      { __typename: 'ProjectTransition', id: 't-1', from: 'DRAFT', to: 'SUBMITTED', note: null, actorLabel: 'coordinator.gent@schoolmix.demo', at: '2025-04-01T08:00:00.000Z' },
      { __typename: 'ProjectTransition', id: 't-2', from: 'SUBMITTED', to: 'DRAFT', note: 'Voeg de scholen toe.', actorLabel: 'reviewer@schoolmix.demo', at: '2025-04-02T08:00:00.000Z' },
    ];
    const sentBack = {
      request: { query: ProjectReviewMutation, variables: { input: { id: 'p-1', version: 2, decision: 'SEND_BACK', note: 'Voeg de scholen toe.' } } },
      result: {
        data: {
          reviewProject: {
            __typename: 'ReviewProjectPayload',
            project: { __typename: 'Project', id: 'p-1', status: 'DRAFT', version: 3, subsidyGranted: null, reviewNote: 'Voeg de scholen toe.', reviewedAt: '2025-04-02T08:00:00.000Z', transitions: sentBackTransitions },
            userErrors: [],
          },
        },
      },
    };
    const after = detailMock(project({ status: 'DRAFT', version: 3, subsidyGranted: null, reviewNote: 'Voeg de scholen toe.', transitions: sentBackTransitions }));
    renderScreen(<ProjectPage />, {
      path: '/projecten/p-1',
      route: '/projecten/:id',
      mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery), detailMock(submitted), eventsMock(0), householdsMock(false), sentBack, after],
    });
    const review = await screen.findByRole('region', { name: 'Beoordeling' });
    expect(screen.getByRole('region', { name: 'Verloop' }).textContent).toContain('Nog geen statuswijzigingen.');
    // Without a note the panel asks for one and sends nothing.
    await user.click(within(review).getByRole('button', { name: 'Terugsturen voor aanpassingen' }));
    expect(within(review).getByText('Schrijf wat de gemeente moet aanpassen.').id).toBe('review-note-error');

    await user.type(within(review).getByLabelText('Nota'), 'Voeg de scholen toe.');
    await user.click(within(review).getByRole('button', { name: 'Terugsturen voor aanpassingen' }));
    expect(await screen.findByText('Aanvraag teruggestuurd voor aanpassingen.', { selector: '.toast' })).toBeTruthy();
    const history = screen.getByRole('region', { name: 'Verloop' });
    await waitFor(() => expect(history.textContent).toContain('Voeg de scholen toe.'));
    expect(history.textContent).toContain('reviewer@schoolmix.demo');
    expect(within(history).getAllByRole('row')).toHaveLength(3);
  });

  it('asks for a note before a rejection', async () => {
    const user = userEvent.setup();
    renderScreen(<ProjectPage />, {
      path: '/projecten/p-1',
      route: '/projecten/:id',
      mocks: [viewerMock({ role: 'ADMIN' }, ViewerQuery), detailMock(project({ status: 'SUBMITTED', version: 2, subsidyGranted: null })), eventsMock(0), householdsMock(true)],
    });
    const review = await screen.findByRole('region', { name: 'Beoordeling' });
    await user.click(within(review).getByRole('button', { name: 'Afwijzen' }));
    const note = within(review).getByLabelText('Nota');
    expect(note.getAttribute('aria-invalid')).toBe('true');
    expect(within(review).getByText('Geef een reden voor de afwijzing.').id).toBe('review-note-error');
  });

  it('says before a rejection what it costs (the requested amount, the programme figures) and rejects only when confirmed', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    renderScreen(<ProjectPage />, {
      path: '/projecten/p-1',
      route: '/projecten/:id',
      mocks: [
        viewerMock({ role: 'REVIEWER' }, ViewerQuery),
        detailMock(project({ status: 'SUBMITTED', version: 2, subsidyGranted: null, subsidyRequested: 15_300 })),
        eventsMock(0),
        householdsMock(false),
        recording(ProjectReviewMutation, sent, {
          data: {
            reviewProject: {
              __typename: 'ReviewProjectPayload',
              project: { __typename: 'Project', id: 'p-1', status: 'REJECTED', version: 3, subsidyGranted: null, reviewNote: 'Buiten de doelgroep.', reviewedAt: '2026-11-28T10:00:00.000Z', transitions: [] },
              userErrors: [],
            },
          },
        }),
      ],
    });
    const review = await screen.findByRole('region', { name: 'Beoordeling' });
    await user.type(within(review).getByLabelText('Nota'), 'Buiten de doelgroep.');
    await user.click(within(review).getByRole('button', { name: 'Afwijzen' }));
    const ask = await within(review).findByRole('region', { name: 'Project afwijzen?' });
    expect(ask.textContent).toContain('Het gevraagde bedrag van €\u00a015.300,00 wordt niet toegekend');
    expect(sent).toEqual([]);
    await user.click(within(ask).getByRole('button', { name: 'Ja, afwijzen' }));
    await waitFor(() => expect(sent).toEqual([{ id: 'p-1', version: 2, decision: 'REJECT', note: 'Buiten de doelgroep.' }]));
  });

  it('while the period runs, measures against "verwacht tegen nu" with one verdict and a neutral caption; a closed period says "afgesloten"', async () => {
    const running = { startsOn: '2020-01-01', endsOn: '2999-12-31', label: 'Projectperiode 9' };
    const base = project();
    renderScreen(<ProjectPage />, {
      path: '/projecten/p-1',
      route: '/projecten/:id',
      mocks: [viewerMock({ role: 'REVIEWER' }, ViewerQuery), detailMock({ ...base, fundingPeriod: { ...base.fundingPeriod, ...running } }), eventsMock(12), householdsMock(false)],
    });
    const list = await screen.findByRole('list', { name: 'KPI: bereikte gezinnen' });
    expect(within(list).getAllByRole('listitem').map((c) => c.textContent).slice(2, 4)).toEqual(['141Verwacht tegen nu', 'op schemaTegenover verwacht tegen nu']);
    expect(screen.getByRole('img', { name: 'KPI: bereikte gezinnen: 202 bereikt, doel 281, verwacht tegen nu 141' })).toBeTruthy();
    cleanup();

    renderScreen(<ProjectPage />, {
      path: '/projecten/p-1',
      route: '/projecten/:id',
      mocks: [
        viewerMock({ role: 'REVIEWER' }, ViewerQuery),
        detailMock({ ...base, status: 'CLOSED', fundingPeriod: { ...base.fundingPeriod, reportStatus: 'FINAL' }, kpi: { ...base.kpi, reached: 281, progress: 1 } }),
        eventsMock(12),
        householdsMock(false),
      ],
    });
    const closed = await screen.findByRole('list', { name: 'KPI: bereikte gezinnen' });
    expect(within(closed).getAllByRole('listitem').map((c) => c.textContent).slice(2, 4)).toEqual(['afgeslotenProjectperiode 3 (2024–2025)', 'doel gehaaldResultaat tegenover het doel']);
  });

  it('hides the families from an analyst (and never asks for them) and shows withheld counts as withheld', async () => {
    renderScreen(<ProjectPage />, {
      path: '/projecten/p-1',
      route: '/projecten/:id',
      mocks: [
        viewerMock({ role: 'ANALYST' }, ViewerQuery),
        detailMock(
          project(
            {},
            {
              reached: null,
              onTrack: null,
              progress: null,
              earnedSubsidy: null,
              families: { __typename: 'KpiFamilies', withIndicator: 3, withoutIndicator: null, indicatorUnknown: null, withSpecialNeeds: null },
              suppressed: [{ __typename: 'Suppression', field: 'reached', reason: 'BELOW_THRESHOLD' }],
            },
          ),
        ),
        eventsMock(null),
      ],
    });
    await screen.findByRole('heading', { level: 1 });
    const cards = within(screen.getByRole('list', { name: 'KPI: bereikte gezinnen' })).getAllByRole('listitem');
    expect(cards[0]!.textContent).toBe('afgeschermdBereikt');
    expect(screen.getByText(/Sommige cijfers zijn afgeschermd/)).toBeTruthy();
    const events = await screen.findByRole('table', { name: 'Activiteiten van het project' });
    expect(within(events).getAllByRole('row')[1]!.textContent).toContain('afgeschermd');
    expect(screen.queryByRole('heading', { name: 'Gezinnen' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Beoordeling' })).toBeNull();
  });

  it('gives the Gent coordinator its own project’s families with characteristics and the links to register a family and add an activity', async () => {
    renderScreen(<ProjectPage />, {
      path: '/projecten/p-1',
      route: '/projecten/:id',
      mocks: [viewerMock({ role: 'COORDINATOR', municipality: { id: 'm-gent', name: 'Gent', nisCode: '44021' } }, ViewerQuery), detailMock(project()), eventsMock(12), householdsMock(true)],
    });
    await screen.findByRole('heading', { level: 1 });
    // The links follow the viewer's role, whose query may answer after the project's.
    const register = await screen.findAllByRole('link', { name: 'Gezin registreren' });
    expect(register[0]!.getAttribute('href')).toBe('/projecten/p-1/gezinnen/nieuw');
    expect((await screen.findAllByRole('link', { name: 'Activiteit toevoegen' }))[0]!.getAttribute('href')).toBe('/activiteiten/nieuw?project=p-1');
    const households = await screen.findByRole('table', { name: /Geregistreerde gezinnen/ });
    const [, row] = within(households).getAllByRole('row');
    expect(row!.textContent).toContain('laagopgeleide moeder, schooltoelage');
    expect(row!.textContent).toContain('12/09/2025');
  });
});
