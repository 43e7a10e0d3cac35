import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as f from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';

/**
 * The settlement through the API, on projects whose money is computed by hand. Period 3 of the
 * factories pays € 170 per household with a 60 % advance.
 *
 *   project       target granted  reached  earned                 advance  to pay  to recover
 *   over          10     1700     12       min(12,10)×170 = 1700  1020     680     0
 *   under         20     3400     6        6×170 = 1020           2040     0       1020
 *   zero          10     1700     0        0                      1020     0       1020
 *   cut (req 1700)10     1000     8        8×170 = 1360 → 1000    600      400     0
 *   small         10     1700     3        3×170 = 510            1020     0       510   (an analyst: reach withheld)
 *   submitted     —      —        —        not funded: no settlement
 *   totals               9500              4230                   5700     1080    2550
 */
describe('settlement', () => {
  let server: TestServer;
  const ids: Record<string, string> = {};
  let periodId: string;
  let analyst: string;
  let coordinator: string;

  beforeAll(async () => {
    server = await startTestServer();
    const em = f.em(server);
    const period = await f.period(em);
    periodId = period.id;
    const make = async (name: string, over: Parameters<typeof f.project>[1], reached: number) => {
      const lead = await f.municipality(em);
      const lop = await f.organization(em, lead, { promotesSocialMix: true });
      const p = await f.project(em, { lead, partners: [lop], title: `Afrekening ${name}`, ...over });
      ids[name] = p.id;
      ids[`${name}:lead`] = lead.id;
      if (reached > 0) {
        const evening = await f.event(em, p, lop);
        for (let i = 0; i < reached; i++) await f.attendance(em, await f.household(em, p), evening);
      }
    };
    await make('over', { targetHouseholds: 10, subsidyRequestedCents: 170_000, subsidyGrantedCents: 170_000, coFinancingCents: 170_000 }, 12);
    await make('under', { targetHouseholds: 20, subsidyRequestedCents: 340_000, subsidyGrantedCents: 340_000, coFinancingCents: 340_000 }, 6);
    await make('zero', { targetHouseholds: 10, subsidyRequestedCents: 170_000, subsidyGrantedCents: 170_000, coFinancingCents: 170_000 }, 0);
    await make('cut', { targetHouseholds: 10, subsidyRequestedCents: 170_000, subsidyGrantedCents: 100_000, coFinancingCents: 170_000 }, 8);
    await make('small', { targetHouseholds: 10, subsidyRequestedCents: 170_000, subsidyGrantedCents: 170_000, coFinancingCents: 170_000 }, 3);
    await make('submitted', { targetHouseholds: 10, subsidyRequestedCents: 170_000, subsidyGrantedCents: null, coFinancingCents: 170_000, status: 'SUBMITTED' }, 0);
    analyst = await server.tokenFor('ANALYST');
    coordinator = await server.tokenFor('COORDINATOR', ids['over:lead']);
  }, 120_000);

  afterAll(() => server?.close());

  const PROJECT = `query($id: ID!) { project(id: $id) { settlement { target reached ratePerHousehold advanceShare granted advance earned toPay toRecover withheld } } }`;
  const money = async (name: string) => (await server.data(PROJECT, { id: ids[name] })).project.settlement;

  it('over target: earned stops at the target (and the granted subsidy), the balance is paid', async () => {
    expect(await money('over')).toEqual({ target: 10, reached: 12, ratePerHousehold: 170, advanceShare: 60, granted: 1700, advance: 1020, earned: 1700, toPay: 680, toRecover: 0, withheld: false });
  });

  it('under target: part of the advance is recovered', async () => {
    expect(await money('under')).toMatchObject({ reached: 6, granted: 3400, advance: 2040, earned: 1020, toPay: 0, toRecover: 1020 });
  });

  it('zero reached: the whole advance is recovered', async () => {
    expect(await money('zero')).toMatchObject({ reached: 0, granted: 1700, advance: 1020, earned: 0, toPay: 0, toRecover: 1020 });
  });

  it('granted below requested: the advance and the cap follow the granted subsidy, not the requested one', async () => {
    expect(await money('cut')).toMatchObject({ reached: 8, granted: 1000, advance: 600, earned: 1000, toPay: 400, toRecover: 0 });
  });

  it('a project that is not funded has no settlement', async () => {
    expect(await money('submitted')).toBeNull();
  });

  const TABLE = `query($id: ID!) {
    settlement(fundingPeriodId: $id) { rows { project { title } reached earned toPay toRecover withheld } totals { projects granted advance earned toPay toRecover } }
    programReport(fundingPeriodId: $id) { budget paid toRecover }
  }`;

  it('the period table lists every funded project with totals, and the programme table’s paid and to recover are those totals', async () => {
    const { settlement, programReport } = await server.data(TABLE, { id: periodId });
    expect(settlement.rows.map((r: any) => r.project.title)).toEqual(['Afrekening cut', 'Afrekening over', 'Afrekening small', 'Afrekening under', 'Afrekening zero']);
    expect(settlement.totals).toEqual({ projects: 5, granted: 9500, advance: 5700, earned: 4230, toPay: 1080, toRecover: 2550 });
    expect(programReport).toEqual({ budget: 9500, paid: 1080, toRecover: 2550 });
    // The balance adds up: earned − advance = paid − recovered.
    expect(settlement.totals.earned - settlement.totals.advance).toBe(programReport.paid - programReport.toRecover);
  });

  const as = async (token: string, query: string, variables: Record<string, unknown>) => {
    const body = await server.gql(query, variables, { authorization: `Bearer ${token}` });
    expect(body.errors).toBeUndefined();
    return body.data as any;
  };

  it('an analyst does not learn a withheld reach through money: earned, to pay and to recover withheld with it, and every total they add into', async () => {
    expect((await as(analyst, PROJECT, { id: ids.small })).project.settlement).toMatchObject({ reached: null, granted: 1700, advance: 1020, earned: null, toPay: null, toRecover: null, withheld: true });
    expect((await as(analyst, PROJECT, { id: ids.over })).project.settlement).toMatchObject({ reached: 12, toPay: 680, withheld: false });
    const { settlement, programReport } = await as(analyst, TABLE, { id: periodId });
    expect(settlement.rows.find((r: any) => r.project.title === 'Afrekening small')).toMatchObject({ reached: null, earned: null, toPay: null, toRecover: null });
    expect(settlement.totals).toEqual({ projects: 5, granted: 9500, advance: 5700, earned: null, toPay: null, toRecover: null });
    expect(programReport).toEqual({ budget: 9500, paid: null, toRecover: null });
  });

  it('a coordinator’s table holds their own municipality’s projects only', async () => {
    const { settlement } = await as(coordinator, TABLE, { id: periodId });
    expect(settlement.rows.map((r: any) => r.project.title)).toEqual(['Afrekening over']);
    expect(settlement.totals).toEqual({ projects: 1, granted: 1700, advance: 1020, earned: 1700, toPay: 680, toRecover: 0 });
  });

  const download = async (path: string, token: string = server.adminToken) => {
    const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, type: response.headers.get('content-type'), disposition: response.headers.get('content-disposition'), text: await response.text() };
  };

  it('GET /export/settlement.csv: the same figures for Excel with Dutch settings', async () => {
    const { status, type, disposition, text } = await download('/export/settlement.csv?fundingPeriod=3');
    expect(status).toBe(200);
    expect(type).toContain('text/csv');
    expect(disposition).toMatch(/attachment; filename="schoolmix-settlement-\d{4}-\d{2}-\d{2}\.csv"/);
    const [header, ...rows] = text.replace(/^\uFEFF/, '').trim().split('\r\n').map((line) => line.split(';'));
    expect(header).toEqual([
      'period', 'project_id', 'title', 'status', 'lead_nis_code', 'lead_name', 'target', 'reached', 'rate_eur', 'advance_share_percent',
      'granted_eur', 'advance_eur', 'earned_eur', 'to_pay_eur', 'to_recover_eur', 'suppressed',
    ]);
    const pick = (title: string) => {
      const row = rows.find((r) => r[2] === title)!;
      return Object.fromEntries(['target', 'reached', 'rate_eur', 'granted_eur', 'advance_eur', 'earned_eur', 'to_pay_eur', 'to_recover_eur'].map((c) => [c, row[header!.indexOf(c)]]));
    };
    expect(rows).toHaveLength(5);
    expect(pick('Afrekening over')).toEqual({ target: '10', reached: '12', rate_eur: '170', granted_eur: '1700', advance_eur: '1020', earned_eur: '1700', to_pay_eur: '680', to_recover_eur: '0' });
    expect(pick('Afrekening cut')).toEqual({ target: '10', reached: '8', rate_eur: '170', granted_eur: '1000', advance_eur: '600', earned_eur: '1000', to_pay_eur: '400', to_recover_eur: '0' });
    expect(pick('Afrekening zero')).toMatchObject({ reached: '0', advance_eur: '1020', earned_eur: '0', to_pay_eur: '0', to_recover_eur: '1020' });
    // A file is published: the money behind a reach of 3 is withheld for every role, the administrator too.
    expect(pick('Afrekening small')).toEqual({ target: '10', reached: '', rate_eur: '170', granted_eur: '1700', advance_eur: '1020', earned_eur: '', to_pay_eur: '', to_recover_eur: '' });
    expect(rows.find((r) => r[2] === 'Afrekening small')![header!.indexOf('suppressed')]).toBe('reached: BELOW_THRESHOLD, earned_eur: SECONDARY, to_pay_eur: SECONDARY, to_recover_eur: SECONDARY');
    // The shown rows add up to the API's totals less the withheld row's (€ 0 to pay, € 510 to recover).
    const sum = (c: string) => rows.reduce((n, r) => n + Number(r[header!.indexOf(c)]), 0);
    expect([sum('granted_eur'), sum('advance_eur'), sum('to_pay_eur'), sum('to_recover_eur')]).toEqual([9500, 5700, 1080, 2550 - 510]);
  });

  it('the export keeps the API’s scope and disclosure: a coordinator gets their row, no money behind a withheld reach', async () => {
    const own = await download('/export/settlement.ndjson', coordinator);
    expect(own.text.trim().split('\n').map((l) => JSON.parse(l).title)).toEqual(['Afrekening over']);
    const analystRows = (await download('/export/settlement.ndjson', analyst)).text.trim().split('\n').map((l) => JSON.parse(l));
    expect(analystRows.find((r) => r.title === 'Afrekening small')).toMatchObject({
      reached: null,
      earned_eur: null,
      to_pay_eur: null,
      to_recover_eur: null,
      advance_eur: 1020,
      suppressed: { reached: 'BELOW_THRESHOLD', earned_eur: 'SECONDARY', to_pay_eur: 'SECONDARY', to_recover_eur: 'SECONDARY' },
    });
    expect((await download('/export/settlement.csv', await server.tokenFor('INTEGRATOR', ids['over:lead']))).status).toBe(403);
  });
});
