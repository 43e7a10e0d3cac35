import { randomUUID } from 'node:crypto';
import { ref, type EntityManager } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FundingPeriod } from '../funding-period/funding-period.entity.js';
import * as f from '../../test/factories.js';
import { startTestServer, type TestServer, type UserErrorShape } from '../../test/harness.js';

/**
 * The life of a subsidy file over real HTTP: every rule of createProject answered as a user
 * error naming its field, the defaults of the call (€ 170 × target, 1:1 match), the optimistic
 * lock, the status machine, and the database constraints behind the service rules.
 */

const PROJECT_FIELDS = `id title status version targetHouseholds baselineHouseholds priority subsidyRequested subsidyGranted coFinancing
  submittedAt reviewedAt reviewNote
  leadMunicipality { id } fundingPeriod { id maxSubsidy ratePerHousehold }
  partnerMunicipalities { id } partnerOrganizations { id }`;

const CREATE = `mutation($input: CreateProjectInput!) {
  createProject(input: $input) { project { ${PROJECT_FIELDS} } userErrors { field message code } }
}`;
const UPDATE = `mutation($input: UpdateProjectInput!) {
  updateProject(input: $input) { project { ${PROJECT_FIELDS} } userErrors { field message code } }
}`;
const SUBMIT = `mutation($input: SubmitProjectInput!) {
  submitProject(input: $input) { project { ${PROJECT_FIELDS} } userErrors { field message code } }
}`;
const REVIEW = `mutation($input: ReviewProjectInput!) {
  reviewProject(input: $input) { project { ${PROJECT_FIELDS} } userErrors { field message code } }
}`;
const GET = `query($id: ID!) { project(id: $id) { ${PROJECT_FIELDS} } }`;

type Payload = { project: Record<string, any> | null; userErrors: UserErrorShape[] };

describe('projects: createProject, updateProject, submitProject, reviewProject', () => {
  let server: TestServer;
  let em: EntityManager;
  let period: FundingPeriod;

  beforeAll(async () => {
    server = await startTestServer();
    em = f.em(server);
    period = await f.period(em);
  });

  afterAll(() => server?.close());

  /** A fresh lead municipality each time, so the one-project-per-lead rule never interferes. */
  async function input(over: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const lead = await f.municipality(em);
    return {
      title: `Ouders kiezen de buurtschool ${randomUUID().slice(0, 8)}`,
      leadMunicipalityId: lead.id,
      fundingPeriodId: period.id,
      baselineHouseholds: 10,
      targetHouseholds: 100,
      ...over,
    };
  }

  async function create(inp: Record<string, unknown>): Promise<Payload> {
    return (await server.data<{ createProject: Payload }>(CREATE, { input: inp })).createProject;
  }

  async function countTitled(search: string): Promise<number> {
    const { projects } = await server.data(`query($s: String!) { projects(filter: { search: $s }) { totalCount } }`, { s: search });
    return projects.totalCount;
  }

  /** Creates a valid draft and returns it. */
  async function draft(over: Record<string, unknown> = {}): Promise<Record<string, any>> {
    const payload = await create(await input(over));
    expect(payload.userErrors).toEqual([]);
    return payload.project!;
  }

  describe('validation: each rule is a userError naming its field and code', () => {
    it('refuses an empty (blank) title as REQUIRED on title', async () => {
      const { project, userErrors } = await create(await input({ title: '   ' }));
      expect(project).toBeNull();
      expect(userErrors).toEqual([expect.objectContaining({ field: ['input', 'title'], code: 'REQUIRED' })]);
    });

    it('refuses a target of 0 households as OUT_OF_RANGE', async () => {
      const { project, userErrors } = await create(await input({ targetHouseholds: 0, subsidyRequested: 0, coFinancing: 0 }));
      expect(project).toBeNull();
      expect(userErrors).toContainEqual(expect.objectContaining({ field: ['input', 'targetHouseholds'], code: 'OUT_OF_RANGE' }));
    });

    it('refuses a target of 301 households (period maximum 300) as EXCEEDS_MAX_HOUSEHOLDS', async () => {
      const { project, userErrors } = await create(await input({ targetHouseholds: 301, subsidyRequested: 51000 }));
      expect(project).toBeNull();
      expect(userErrors).toEqual([expect.objectContaining({ field: ['input', 'targetHouseholds'], code: 'EXCEEDS_MAX_HOUSEHOLDS' })]);
    });

    it('accepts exactly 300 households and € 51.000 (the boundaries)', async () => {
      const p = await draft({ targetHouseholds: 300, subsidyRequested: 51000 });
      expect(p.targetHouseholds).toBe(300);
      expect(p.subsidyRequested).toBe(51000);
    });

    it('refuses a requested subsidy above the period maximum of € 51.000 as EXCEEDS_MAX_SUBSIDY', async () => {
      const { project, userErrors } = await create(await input({ targetHouseholds: 300, subsidyRequested: 51000.01, coFinancing: 60000 }));
      expect(project).toBeNull();
      expect(userErrors).toEqual([expect.objectContaining({ field: ['input', 'subsidyRequested'], code: 'EXCEEDS_MAX_SUBSIDY' })]);
    });

    it('refuses a requested subsidy above target × € 170 as EXCEEDS_MAX_SUBSIDY', async () => {
      // 100 households × € 170 = € 17.000; one cent more is too much.
      const { project, userErrors } = await create(await input({ targetHouseholds: 100, subsidyRequested: 17000.01, coFinancing: 20000 }));
      expect(project).toBeNull();
      expect(userErrors).toEqual([expect.objectContaining({ field: ['input', 'subsidyRequested'], code: 'EXCEEDS_MAX_SUBSIDY' })]);
      expect(userErrors[0]!.message).toContain('17.000');
    });

    it('refuses co-financing below the requested subsidy (1:1 match) as OUT_OF_RANGE on coFinancing', async () => {
      const { project, userErrors } = await create(await input({ targetHouseholds: 100, subsidyRequested: 17000, coFinancing: 16999.99 }));
      expect(project).toBeNull();
      expect(userErrors).toEqual([expect.objectContaining({ field: ['input', 'coFinancing'], code: 'OUT_OF_RANGE' })]);
    });

    it('refuses an unknown lead municipality as NOT_FOUND', async () => {
      const { project, userErrors } = await create(await input({ leadMunicipalityId: randomUUID() }));
      expect(project).toBeNull();
      expect(userErrors).toEqual([expect.objectContaining({ field: ['input', 'leadMunicipalityId'], code: 'NOT_FOUND' })]);
    });

    it('refuses a malformed lead municipality id as INVALID (not a crash)', async () => {
      const { project, userErrors } = await create(await input({ leadMunicipalityId: 'gent' }));
      expect(project).toBeNull();
      expect(userErrors).toEqual([expect.objectContaining({ field: ['input', 'leadMunicipalityId'], code: 'INVALID' })]);
    });

    it('refuses a second project of the same lead in the same period as DUPLICATE on leadMunicipalityId', async () => {
      const first = await input();
      expect((await create(first)).userErrors).toEqual([]);
      const { project, userErrors } = await create({ ...first, title: 'Een tweede dossier' });
      expect(project).toBeNull();
      expect(userErrors).toEqual([expect.objectContaining({ field: ['input', 'leadMunicipalityId'], code: 'DUPLICATE' })]);
    });

    it('refuses the lead municipality listed as its own partner as INVALID on partnerMunicipalityIds', async () => {
      const inp = await input();
      const { project, userErrors } = await create({ ...inp, partnerMunicipalityIds: [inp.leadMunicipalityId] });
      expect(project).toBeNull();
      expect(userErrors).toEqual([expect.objectContaining({ field: ['input', 'partnerMunicipalityIds'], code: 'INVALID' })]);
    });

    it('refuses a partner organisation of another municipality as INVALID on partnerOrganizationIds', async () => {
      const elsewhere = await f.organization(em, await f.municipality(em));
      const { project, userErrors } = await create(await input({ partnerOrganizationIds: [elsewhere.id] }));
      expect(project).toBeNull();
      expect(userErrors).toEqual([expect.objectContaining({ field: ['input', 'partnerOrganizationIds'], code: 'INVALID' })]);
    });

    it('accepts partner organisations of the lead and of a partner municipality', async () => {
      const lead = await f.municipality(em);
      const partner = await f.municipality(em);
      const ownOrg = await f.organization(em, lead);
      const partnerOrg = await f.organization(em, partner);
      const p = await draft({ leadMunicipalityId: lead.id, partnerMunicipalityIds: [partner.id], partnerOrganizationIds: [ownOrg.id, partnerOrg.id] });
      expect(p.partnerMunicipalities.map((m: { id: string }) => m.id)).toEqual([partner.id]);
      expect(p.partnerOrganizations.map((o: { id: string }) => o.id).sort()).toEqual([ownOrg.id, partnerOrg.id].sort());
    });

    it('refuses a school outside the lead and partner municipalities as INVALID on schoolIds, naming it', async () => {
      const elsewhere = await f.school(em, await f.municipality(em), { name: 'Basisschool Elders' });
      const { project, userErrors } = await create(await input({ schoolIds: [elsewhere.id] }));
      expect(project).toBeNull();
      expect(userErrors).toEqual([expect.objectContaining({ field: ['input', 'schoolIds'], code: 'INVALID', message: expect.stringContaining('Basisschool Elders') })]);
    });

    it('accepts schools of the lead, of a partner and of a pre-2025 municipality merged into the lead; updateProject applies the same rule', async () => {
      const lead = await f.municipality(em, { validFrom: '2025-01-01' });
      const merged = await f.municipality(em, { validTo: '2024-12-31', mergedInto: ref(lead) });
      const partner = await f.municipality(em);
      const schools = [await f.school(em, lead), await f.school(em, merged), await f.school(em, partner)];
      const p = await draft({ leadMunicipalityId: lead.id, partnerMunicipalityIds: [partner.id], schoolIds: schools.map((x) => x.id) });
      const { project } = await server.data(`query($id: ID!) { project(id: $id) { version schools { totalCount } } }`, { id: p.id });
      expect(project.schools.totalCount).toBe(3);

      const elsewhere = await f.school(em, await f.municipality(em));
      const { updateProject } = await server.data(UPDATE, { input: { id: p.id, version: project.version, schoolIds: [schools[0]!.id, elsewhere.id] } });
      expect(updateProject.userErrors).toEqual([expect.objectContaining({ field: ['input', 'schoolIds'], code: 'INVALID' })]);
    });

    it('lists every broken rule of one input at once', async () => {
      const { userErrors } = await create(await input({ title: '', targetHouseholds: 301, subsidyRequested: 60000 }));
      expect(userErrors.map((e) => [e.field.join('.'), e.code]).sort()).toEqual(
        [
          ['input.subsidyRequested', 'EXCEEDS_MAX_SUBSIDY'],
          ['input.targetHouseholds', 'EXCEEDS_MAX_HOUSEHOLDS'],
          ['input.title', 'REQUIRED'],
        ].sort(),
      );
    });

    it('answers a sub-cent Euro amount (1.234) sent as a variable as a GraphQL BAD_USER_INPUT error naming the field', async () => {
      const inp = await input();
      const body = await server.gql(CREATE, { input: { ...inp, subsidyRequested: 1.234 } });
      expect(body.data ?? null).toBeNull();
      expect(body.errors).toHaveLength(1);
      expect(body.errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
      expect(body.errors![0]!.message).toMatch(/input\.subsidyRequested/);
      expect(body.errors![0]!.message).toMatch(/at most two decimals/);
      // Nothing was written for that lead.
      const { municipality } = await server.data(`query($id: ID!) { municipality(id: $id) { projects { totalCount } } }`, { id: inp.leadMunicipalityId });
      expect(municipality.projects.totalCount).toBe(0);
    });

    it('answers a sub-cent Euro literal (1.234) written in the document as a client error, not a crash', async () => {
      // graphql-js checks literals during validation, so Apollo labels this GRAPHQL_VALIDATION_FAILED
      // (a variable, above, is BAD_USER_INPUT); either way it is the scalar's message, never an internal error.
      const inp = await input();
      const body = await server.gql(
        `mutation($lead: ID!, $period: ID!) {
          createProject(input: { title: "Te precies", leadMunicipalityId: $lead, fundingPeriodId: $period,
            baselineHouseholds: 0, targetHouseholds: 10, subsidyRequested: 1.234 }) { project { id } userErrors { code } }
        }`,
        { lead: inp.leadMunicipalityId, period: period.id },
      );
      expect(body.data ?? null).toBeNull();
      expect(body.errors).toHaveLength(1);
      expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(body.errors![0]!.extensions?.code);
      expect(body.errors![0]!.message).toMatch(/at most two decimals/);
      expect(JSON.stringify(body.errors)).not.toMatch(/INTERNAL_SERVER_ERROR|stacktrace/);
    });

  });

  describe('all or nothing', () => {
    it('writes nothing when createProject is refused', async () => {
      const title = `Halfweg ${randomUUID().slice(0, 8)}`;
      expect(await countTitled(title)).toBe(0);
      const elsewhere = await f.organization(em, await f.municipality(em));
      const partner = await f.municipality(em);
      // Valid partners and figures, but one bad partner organisation: no project, no pivot rows.
      const refused = await create(await input({ title, partnerMunicipalityIds: [partner.id], partnerOrganizationIds: [elsewhere.id] }));
      expect(refused.userErrors).toHaveLength(1);
      expect(await countTitled(title)).toBe(0);
      const pivots = await em.getConnection().execute<{ n: number }[]>(
        'select count(*)::int as n from project_partner_municipality where municipality_id = ?',
        [partner.id],
      );
      expect(pivots[0]!.n).toBe(0);
      // The same input without the bad organisation goes through: the refusal was the only thing in the way.
      const ok = await create(await input({ title, partnerMunicipalityIds: [partner.id] }));
      expect(ok.userErrors).toEqual([]);
      expect(await countTitled(title)).toBe(1);
    });
  });

  describe('defaults', () => {
    it('requests target × € 170, co-finances 1:1, starts as DRAFT version 1, in euro', async () => {
      const p = await draft({ targetHouseholds: 120 });
      expect(p.subsidyRequested).toBe(20400);
      expect(p.coFinancing).toBe(20400);
      expect(p.subsidyGranted).toBeNull();
      expect(p.status).toBe('DRAFT');
      expect(p.version).toBe(1);
      expect(p.priority).toBe(1);
      expect(p.submittedAt).toBeNull();
      expect(p.fundingPeriod).toEqual({ id: period.id, maxSubsidy: 51000, ratePerHousehold: 170 });
      // Stored as integer cents.
      const [row] = await em.getConnection().execute<{ subsidy_requested_cents: number; co_financing_cents: number }[]>(
        'select subsidy_requested_cents, co_financing_cents from project where id = ?',
        [p.id],
      );
      expect(row).toEqual({ subsidy_requested_cents: 2_040_000, co_financing_cents: 2_040_000 });
    });

    it('keeps an explicit lower request and larger co-financing, to the cent', async () => {
      const p = await draft({ targetHouseholds: 120, subsidyRequested: 15000.5, coFinancing: 18000.25 });
      expect(p.subsidyRequested).toBe(15000.5);
      expect(p.coFinancing).toBe(18000.25);
    });
  });

  describe('optimistic lock', () => {
    it('refuses an update based on a stale version as STALE_VERSION and keeps the title', async () => {
      const p = await draft({ title: 'Oorspronkelijke titel' });
      const stale = (await server.data<{ updateProject: Payload }>(UPDATE, { input: { id: p.id, version: p.version + 1, title: 'Verloren wijziging' } })).updateProject;
      expect(stale.project).toBeNull();
      expect(stale.userErrors).toEqual([expect.objectContaining({ field: ['input', 'version'], code: 'STALE_VERSION' })]);
      const { project } = await server.data(GET, { id: p.id });
      expect(project.title).toBe('Oorspronkelijke titel');
      expect(project.version).toBe(1);
    });

    it('applies an update based on the current version and increments the version', async () => {
      const p = await draft({ title: 'Oorspronkelijke titel' });
      const ok = (await server.data<{ updateProject: Payload }>(UPDATE, { input: { id: p.id, version: 1, title: '  Nieuwe titel  ' } })).updateProject;
      expect(ok.userErrors).toEqual([]);
      expect(ok.project!.title).toBe('Nieuwe titel');
      expect(ok.project!.version).toBe(2);
      const { project } = await server.data(GET, { id: p.id });
      expect(project.title).toBe('Nieuwe titel');
      expect(project.version).toBe(2);
      // The version it was based on (1) is now stale.
      const again = (await server.data<{ updateProject: Payload }>(UPDATE, { input: { id: p.id, version: 1, title: 'Nog een' } })).updateProject;
      expect(again.userErrors.map((e) => e.code)).toEqual(['STALE_VERSION']);
    });

    it('re-checks the figures of a draft on update (target 301 → EXCEEDS_MAX_HOUSEHOLDS)', async () => {
      const p = await draft({ targetHouseholds: 100 });
      const { updateProject } = await server.data<{ updateProject: Payload }>(UPDATE, { input: { id: p.id, version: 1, targetHouseholds: 301 } });
      expect(updateProject.userErrors).toContainEqual(expect.objectContaining({ field: ['input', 'targetHouseholds'], code: 'EXCEEDS_MAX_HOUSEHOLDS' }));
      const { project } = await server.data(GET, { id: p.id });
      expect(project.targetHouseholds).toBe(100);
    });
  });

  describe('status machine', () => {
    it('moves DRAFT → SUBMITTED → APPROVED and refuses every other move', async () => {
      const p = await draft({ targetHouseholds: 120 });

      const submitted = (await server.data<{ submitProject: Payload }>(SUBMIT, { input: { id: p.id, version: p.version } })).submitProject;
      expect(submitted.userErrors).toEqual([]);
      expect(submitted.project!.status).toBe('SUBMITTED');
      expect(submitted.project!.submittedAt).toBe('2025-04-01T10:00:00.000Z');
      const v1 = submitted.project!.version;
      expect(v1).toBe(p.version + 1);

      const again = (await server.data<{ submitProject: Payload }>(SUBMIT, { input: { id: p.id, version: v1 } })).submitProject;
      expect(again.project).toBeNull();
      expect(again.userErrors).toEqual([expect.objectContaining({ field: ['input', 'id'], code: 'INVALID_TRANSITION' })]);

      // Figures are frozen once the file is handed in.
      const figures = (await server.data<{ updateProject: Payload }>(UPDATE, { input: { id: p.id, version: v1, targetHouseholds: 150 } })).updateProject;
      expect(figures.project).toBeNull();
      expect(figures.userErrors).toEqual([expect.objectContaining({ field: ['input', 'targetHouseholds'], code: 'INVALID_TRANSITION' })]);

      // 120 × € 170 = € 20.400 requested: granting more is refused.
      const tooMuch = (await server.data<{ reviewProject: Payload }>(REVIEW, { input: { id: p.id, version: v1, decision: 'APPROVE', subsidyGranted: 20400.01 } })).reviewProject;
      expect(tooMuch.project).toBeNull();
      expect(tooMuch.userErrors).toEqual([expect.objectContaining({ field: ['input', 'subsidyGranted'], code: 'EXCEEDS_MAX_SUBSIDY' })]);
      expect((await server.data(GET, { id: p.id })).project.status).toBe('SUBMITTED');

      const approved = (await server.data<{ reviewProject: Payload }>(REVIEW, {
        input: { id: p.id, version: v1, decision: 'APPROVE', subsidyGranted: 18000, note: ' Goed dossier ' },
      })).reviewProject;
      expect(approved.userErrors).toEqual([]);
      expect(approved.project).toMatchObject({ status: 'APPROVED', subsidyGranted: 18000, subsidyRequested: 20400, reviewNote: 'Goed dossier', reviewedAt: '2025-04-01T10:00:00.000Z' });
      const v2 = approved.project!.version;
      expect(v2).toBe(v1 + 1);

      const reReview = (await server.data<{ reviewProject: Payload }>(REVIEW, { input: { id: p.id, version: v2, decision: 'REJECT' } })).reviewProject;
      expect(reReview.project).toBeNull();
      expect(reReview.userErrors).toEqual([expect.objectContaining({ field: ['input', 'id'], code: 'INVALID_TRANSITION' })]);

      const reApprove = (await server.data<{ reviewProject: Payload }>(REVIEW, { input: { id: p.id, version: v2, decision: 'APPROVE' } })).reviewProject;
      expect(reApprove.userErrors).toEqual([expect.objectContaining({ field: ['input', 'id'], code: 'INVALID_TRANSITION' })]);

      const frozen = (await server.data<{ updateProject: Payload }>(UPDATE, { input: { id: p.id, version: v2, targetHouseholds: 121, subsidyRequested: 20000 } })).updateProject;
      expect(frozen.userErrors.map((e) => [e.field.join('.'), e.code]).sort()).toEqual([
        ['input.subsidyRequested', 'INVALID_TRANSITION'],
        ['input.targetHouseholds', 'INVALID_TRANSITION'],
      ]);

      const { project } = await server.data(GET, { id: p.id });
      expect(project).toMatchObject({ status: 'APPROVED', targetHouseholds: 120, subsidyGranted: 18000, version: v2 });
    });

    it('lets a reviewer of the administration — who owns no municipality — approve and reject any municipality’s project', async () => {
      const reviewer = { authorization: `Bearer ${await server.tokenFor('REVIEWER')}` };
      const review = async (input: Record<string, unknown>) => (await server.gql<{ reviewProject: Payload }>(REVIEW, { input }, reviewer)).data!.reviewProject;
      for (const decision of ['APPROVE', 'REJECT'] as const) {
        const p = await draft();
        const submitted = (await server.data<{ submitProject: Payload }>(SUBMIT, { input: { id: p.id, version: p.version } })).submitProject;
        const tooMuch = await review({ id: p.id, version: submitted.project!.version, decision, subsidyGranted: 1_000_000 });
        if (decision === 'APPROVE') expect(tooMuch.userErrors).toEqual([expect.objectContaining({ field: ['input', 'subsidyGranted'], code: 'EXCEEDS_MAX_SUBSIDY' })]);
        const decided = await review({ id: p.id, version: submitted.project!.version, decision, note: 'Beoordeeld door de administratie' });
        expect(decided.userErrors).toEqual([]);
        expect(decided.project).toMatchObject({ status: decision === 'APPROVE' ? 'APPROVED' : 'REJECTED', reviewNote: 'Beoordeeld door de administratie' });
      }
    });

    it('cannot review a DRAFT', async () => {
      const p = await draft();
      const { reviewProject } = await server.data<{ reviewProject: Payload }>(REVIEW, { input: { id: p.id, version: 1, decision: 'APPROVE' } });
      expect(reviewProject.userErrors).toEqual([expect.objectContaining({ field: ['input', 'id'], code: 'INVALID_TRANSITION' })]);
      expect((await server.data(GET, { id: p.id })).project.status).toBe('DRAFT');
    });

    it('grants the requested subsidy by default and lets a reviewer reject (granting nothing)', async () => {
      const a = await draft({ targetHouseholds: 50 });
      const sa = (await server.data<{ submitProject: Payload }>(SUBMIT, { input: { id: a.id, version: 1 } })).submitProject.project!;
      const approved = (await server.data<{ reviewProject: Payload }>(REVIEW, { input: { id: a.id, version: sa.version, decision: 'APPROVE' } })).reviewProject;
      expect(approved.project).toMatchObject({ status: 'APPROVED', subsidyGranted: 8500 });

      const b = await draft({ targetHouseholds: 50 });
      const sb = (await server.data<{ submitProject: Payload }>(SUBMIT, { input: { id: b.id, version: 1 } })).submitProject.project!;
      const withMoney = (await server.data<{ reviewProject: Payload }>(REVIEW, { input: { id: b.id, version: sb.version, decision: 'REJECT', subsidyGranted: 100 } })).reviewProject;
      expect(withMoney.userErrors).toEqual([expect.objectContaining({ field: ['input', 'subsidyGranted'], code: 'INVALID' })]);
      const rejected = (await server.data<{ reviewProject: Payload }>(REVIEW, { input: { id: b.id, version: sb.version, decision: 'REJECT' } })).reviewProject;
      expect(rejected.project).toMatchObject({ status: 'REJECTED', subsidyGranted: null });
      const changed = (await server.data<{ updateProject: Payload }>(UPDATE, { input: { id: b.id, version: rejected.project!.version, title: 'Toch nog' } })).updateProject;
      expect(changed.userErrors).toEqual([expect.objectContaining({ field: ['input', 'id'], code: 'INVALID_TRANSITION' })]);
    });
  });

  describe('concurrent requests', () => {
    it('lets exactly one of five simultaneous createProject calls for the same lead through; the others get DUPLICATE', async () => {
      const inp = await input();
      const answers = await Promise.all(
        [1, 2, 3, 4, 5].map((n) => server.gql<{ createProject: Payload }>(CREATE, { input: { ...inp, title: `Tegelijk ${n}` } })),
      );
      // Never an internal error: a race that slips past the service check meets the unique constraint.
      expect(answers.flatMap((a) => a.errors ?? [])).toEqual([]);
      const payloads = answers.map((a) => a.data!.createProject);
      expect(payloads.filter((pl) => pl.project !== null)).toHaveLength(1);
      const refused = payloads.filter((pl) => pl.project === null);
      expect(refused).toHaveLength(4);
      for (const pl of refused) expect(pl.userErrors).toEqual([expect.objectContaining({ field: ['input', 'leadMunicipalityId'], code: 'DUPLICATE' })]);
      const { municipality } = await server.data(`query($id: ID!) { municipality(id: $id) { projects { totalCount } } }`, { id: inp.leadMunicipalityId });
      expect(municipality.projects.totalCount).toBe(1);
    });

    it('lets exactly one of three simultaneous updates based on the same version through; the others get STALE_VERSION', async () => {
      const p = await draft({ title: 'Voor de race' });
      const answers = await Promise.all(
        ['Race A', 'Race B', 'Race C'].map((title) => server.gql<{ updateProject: Payload }>(UPDATE, { input: { id: p.id, version: 1, title } })),
      );
      expect(answers.flatMap((a) => a.errors ?? [])).toEqual([]);
      const payloads = answers.map((a) => a.data!.updateProject);
      const won = payloads.filter((pl) => pl.project !== null);
      expect(won).toHaveLength(1);
      for (const pl of payloads.filter((x) => x.project === null)) {
        expect(pl.userErrors).toEqual([expect.objectContaining({ field: ['input', 'version'], code: 'STALE_VERSION' })]);
      }
      const { project } = await server.data(GET, { id: p.id });
      expect(project).toMatchObject({ title: won[0]!.project!.title, version: 2 });
    });
  });

  describe('the database is the last line of defence', () => {
    const insertProject = (leadId: string, target: number, requestedCents = target * 17_000) =>
      em.getConnection().execute(
        `insert into project (id, title, lead_municipality_id, funding_period_id, status, baseline_households, target_households, priority, subsidy_requested_cents, co_financing_cents, created_at)
         values (?, ?, ?, ?, 'DRAFT', 0, ?, 1, ?, ?, '2025-04-01T10:00:00Z')`,
        [randomUUID(), 'Via SQL', leadId, period.id, target, Math.min(requestedCents, 5_100_000), Math.min(requestedCents, 5_100_000)],
      );

    it('refuses a project with 301 target households', async () => {
      const lead = await f.municipality(em);
      await expect(insertProject(lead.id, 301)).rejects.toThrow(/target households 301 exceed the period maximum 300|project_target_households_max/);
      // The same row with 300 is accepted: it was the target that was refused.
      await expect(insertProject(lead.id, 300)).resolves.toBeDefined();
    });

    it('refuses a requested subsidy above the period maximum', async () => {
      const lead = await f.municipality(em);
      await expect(
        em.getConnection().execute(
          `insert into project (id, title, lead_municipality_id, funding_period_id, baseline_households, target_households, priority, subsidy_requested_cents, co_financing_cents, created_at)
           values (?, 'Via SQL', ?, ?, 0, 300, 1, 5100001, 5100001, '2025-04-01T10:00:00Z')`,
          [randomUUID(), lead.id, period.id],
        ),
      ).rejects.toThrow(/requested subsidy exceeds|project_subsidy_requested_max/);
    });

    it('refuses a second project for the same lead and period', async () => {
      const lead = await f.municipality(em);
      await insertProject(lead.id, 10);
      await expect(insertProject(lead.id, 20)).rejects.toThrow(/project_lead_period_unique|duplicate key/);
      const [row] = await em.getConnection().execute<{ n: number }[]>('select count(*)::int as n from project where lead_municipality_id = ?', [lead.id]);
      expect(row!.n).toBe(1);
    });

    it('refuses a school composition with more indicator pupils than pupils', async () => {
      const school = await f.school(em, await f.municipality(em));
      const insert = (pupils: number, indicator: number, year: string) =>
        em.getConnection().execute(
          `insert into school_composition (id, school_id, school_year, pupils, indicator_pupils, low_educated_mother, school_allowance, home_language_not_dutch, pupils_with_special_needs)
           values (?, ?, ?, ?, ?, 0, 0, 0, 0)`,
          [randomUUID(), school.id, year, pupils, indicator],
        );
      await expect(insert(100, 101, '2023-2024')).rejects.toThrow(/school_composition_counts_within_pupils/);
      await expect(insert(100, 100, '2023-2024')).resolves.toBeDefined();
    });
  });
});
