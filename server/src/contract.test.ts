import { readFileSync } from 'node:fs';
import {
  buildSchema,
  type DocumentNode,
  type FragmentDefinitionNode,
  getNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test/harness.js';

/**
 * "The demo data answers every field of the contract." A handful of big queries go over real
 * HTTP to the real app loaded with the demo data set; together they ask every field reachable
 * from `Query` in the committed server/schema.graphql (the last test proves it), and the tests
 * check the answers against each other: programme report against the projects behind it, KPI
 * against the attendance lists, social mix against the school compositions.
 */

// ---------------------------------------------------------------------------------------------
// What the demo data set holds by construction (src/db/seed/demo.ts, SPEC sections 1 and 8)
// ---------------------------------------------------------------------------------------------

const RATE_EURO = 170;
const MAX_HOUSEHOLDS = 300;
const FUNDED = ['APPROVED', 'CLOSED'];
const THRESHOLD = 5;
const TOLERANCE = 0.1;
/** Funded (approved or closed) projects per period in the demo plan. */
const FUNDED_PROJECTS = { 1: 14, 2: 15, 3: 12 } as Record<number, number>;
/**
 * Elapsed share of each period on the test clock (2025-04-01): periods 1 and 2 are over; of
 * period 3, 183 of 365 days have begun.
 */
const ELAPSED = { 1: 1, 2: 1, 3: 183 / 365 } as Record<number, number>;
/**
 * A closed period-2 project with two partner municipalities, a partner organisation that does
 * not promote the social mix, and enough enrollments on both sides to show neighbourhood choice.
 */
const DEEP_PROJECT_LEAD = '73083'; // Tongeren (merged into Tongeren-Borgloon in 2025)

// ---------------------------------------------------------------------------------------------
// Fragments: every field of every object type, composed into the queries below
// ---------------------------------------------------------------------------------------------

const FRAGMENTS: Record<string, string> = {
  Page: 'fragment Page on PageInfo { hasNextPage hasPreviousPage startCursor endCursor }',
  Municipality: `fragment Municipality on Municipality { id nodeId nisCode name province arrondissement population postcode validFrom validTo createdAt updatedAt }`,
  Period: `fragment Period on FundingPeriod { id nodeId number label startsOn endsOn ratePerHousehold maxHouseholds maxSubsidy applicationsOpenOn applicationsCloseOn
    finalReportDueOn advanceShare finalizedAt reopenedAt reopenReason reportStatus version createdAt updatedAt }`,
  Report: `fragment Report on ProgramReport { budget committed realised pending projectCount representedLocalGovernments representedLocalGovernments2025
    paid toRecover fundingPeriod { id number } }`,
  Progress: `fragment Progress on MunicipalityProgress { municipality { id nisCode validTo } projectCount target reached expectedByNow progress onTrack
    suppressed { field reason } }`,
  Organization: `fragment Organization on Organization { id nodeId name kind promotesSocialMix version createdAt updatedAt municipality { id nisCode } }`,
  Project: `fragment Project on Project { id nodeId title status baselineHouseholds targetHouseholds priority subsidyRequested subsidyGranted coFinancing
    submittedAt reviewedAt reviewNote version createdAt updatedAt transitions { id nodeId from to note actorUserId actorLabel at }
    finalReportDueOn finalReportOverdue deadlineExtension { id municipalityId fundingPeriodId dueOn reason grantedBy grantedAt version municipality { id } fundingPeriod { id } } }`,
  ProjectFigures: `fragment ProjectFigures on Project { id status targetHouseholds subsidyGranted fundingPeriod { id number }
    leadMunicipality { id } partnerMunicipalities { id } kpi { ...Kpi }
    settlement { target reached ratePerHousehold advanceShare granted advance earned toPay toRecover withheld project { id } } }`,
  Kpi: `fragment Kpi on ProjectKpi { target reached progress expectedByNow onTrack earnedSubsidy byEventType { type reached }
    families { withIndicator withoutIndicator indicatorUnknown withSpecialNeeds } suppressed { field reason } }`,
  Choice: 'fragment Choice on NeighbourhoodChoice { reached { ...Group } notReached { ...Group } }',
  Group: 'fragment Group on ChoiceGroup { households neighbourhoodSchool share suppressedReason }',
  School: `fragment School on School { id nodeId institutionNumber name postcode level network capacity latitude longitude version createdAt updatedAt }`,
  Composition: `fragment Composition on SchoolComposition { id nodeId schoolYear pupils indicatorPupils lowEducatedMother schoolAllowance
    homeLanguageNotDutch pupilsWithSpecialNeeds createdAt updatedAt }`,
  Mirror: 'fragment Mirror on SchoolMirror { schoolYear pupils indicatorShare areaCode areaShare gap mirrors tolerance suppressedReason }',
  SocialMix: `fragment SocialMix on SocialMix { schoolYear schoolCount pupils indicatorPupils indicatorShare dissimilarity isolation exposure
    mutualInformation theilH suppressedReason }`,
  Event: 'fragment Event on Event { id nodeId type startsAt endsAt venue capacity languages cancelledAt cancellationReason version createdAt updatedAt }',
  Attendance: 'fragment Attendance on Attendance { id nodeId status recordedAt createdAt updatedAt household { id } event { id } }',
  Household: `fragment Household on Household { id nodeId reference residenceNisCode postcode children lowEducatedMother schoolAllowance
    homeLanguageNotDutch childWithSpecialNeeds preferredLanguage consentAt erasedAt version createdAt updatedAt }`,
  Enrollment: 'fragment Enrollment on Enrollment { id nodeId schoolYear isNeighbourhoodSchool createdAt updatedAt school { id postcode municipality { nisCode } } }',
};

/** Every list is a Relay connection: ask all of it, so its shape is checked wherever it appears. */
function connection(node: string): string {
  return `totalCount pageInfo { ...Page } edges { cursor node { ${node} } } nodes { id }`;
}

/** The query followed by the fragments it uses (GraphQL refuses unused fragments). */
function withFragments(query: string): string {
  const used: string[] = [];
  const pending = [query];
  while (pending.length > 0) {
    for (const [, name] of pending.pop()!.matchAll(/\.\.\.([A-Z]\w*)/g)) {
      if (used.includes(name!)) continue;
      if (!FRAGMENTS[name!]) throw new Error(`no fragment ${name}`);
      used.push(name!);
      pending.push(FRAGMENTS[name!]!);
    }
  }
  return [query, ...used.map((name) => FRAGMENTS[name])].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Coverage: which fields of the contract were asked, and answered with a value at least once
// ---------------------------------------------------------------------------------------------

const CONTRACT = buildSchema(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));

/** The root fields this suite answers from the demo data: SPEC section 4, and the demo logins. */
const ROOT_FIELDS = [
  'viewer', 'municipalities', 'municipality', 'municipalityByNisCode', 'fundingPeriods', 'organizations', 'projects', 'project',
  'schools', 'school', 'events', 'event', 'households', 'household', 'programReport', 'programSummary', 'socialMixReport', 'users',
  'demoLogins', 'finalReports',
];

/** Root fields left to other suites, with the reason; a new root field must land in one list. */
const OTHER_ROOT_FIELDS: Record<string, string> = {
  apiKeys: 'the demo data holds no API keys; the access tests create and list them',
  organization: 'the same Organization fields as organizations (asked here); organization.test.ts asks it by id',
  settlement: 'the same ProjectSettlement rows as Project.settlement (asked here); report/settlement.test.ts asks it with hand-computed figures',
  auditEvents: 'the demo data set is loaded unaudited (an empty trail); modules/audit/audit.test.ts asks every field',
  previewCancelEvent: 'a preview of a change needs the change’s input (id and version); project/consequences.test.ts asks every field',
  previewRecordAttendance: 'see previewCancelEvent',
  previewUpdateOrganization: 'see previewCancelEvent',
  node: 'answers the same types as the direct queries (asked here, nodeId included); modules/node/node.test.ts asks it',
  nodes: 'see node',
  overdueFinalReports: 'nothing is overdue at the tests’ fixed clock; modules/deadline/deadline.test.ts asks it',
  notifications: 'the reminder job does not run here; jobs/reminders.test.ts asks every field',
  retentionReport: 'nothing is due at the tests’ fixed clock (the demo periods were settled in 2023 and 2024); jobs/retention.test.ts asks every field',
};

/** Fields that are rightly empty everywhere in this setting, with the reason. */
const ALWAYS_EMPTY: Record<string, string> = {
  'Viewer.municipality': 'the administrator the tests call as belongs to no municipality',
  'ProjectKpi.suppressed': 'an administrator sees every figure; what analysts see withheld is in disclosure-api.test.ts',
  'MunicipalityProgress.suppressed': 'an administrator sees every figure; what analysts see withheld is in report/roll-up.test.ts',
  'Suppression.field': 'see ProjectKpi.suppressed',
  'Suppression.reason': 'see ProjectKpi.suppressed',
  'FundingPeriod.reopenedAt': 'no demo period was ever reopened; reopening is in funding-period.test.ts',
  'FundingPeriod.reopenReason': 'see FundingPeriod.reopenedAt',
  'FinalReport.reviewNote': 'the demo reports were accepted without a note; notes are in final-report/final-report.test.ts',
  'FinalReport.waiverReason': 'no demo report was waived; waivers are in final-report/final-report.test.ts',
  'FinalReport.differences': 'the demo figures never changed after submission; differences are in final-report/final-report.test.ts',
  'FinalReportDifference.figure': 'see FinalReport.differences',
  'FinalReportDifference.snapshot': 'see FinalReport.differences',
  'FinalReportDifference.live': 'see FinalReport.differences',
  'FinalReportDifference.money': 'see FinalReport.differences',
  'Project.deadlineExtension': 'the demo data grants no extension; modules/deadline/deadline.test.ts asks every field',
  ...Object.fromEntries(
    ['id', 'municipalityId', 'fundingPeriodId', 'dueOn', 'reason', 'grantedBy', 'grantedAt', 'version', 'municipality', 'fundingPeriod'].map((f) => [`DeadlineExtension.${f}`, 'see Project.deadlineExtension']),
  ),
  'Household.erasedAt': 'no demo household was erased (erased ones are not listed anyway); erasure is in household/household.test.ts',
};

/** "Type.field" of every object type reachable from the given root fields of Query. */
function contractFields(schema: GraphQLSchema, roots: readonly string[]): string[] {
  const query = schema.getQueryType()!;
  const done = new Set<string>([query.name]);
  const fields: string[] = [];
  const queue: GraphQLObjectType[] = [];
  for (const root of roots) {
    const field = query.getFields()[root];
    if (!field) throw new Error(`the contract has no Query.${root}`);
    fields.push(`${query.name}.${root}`);
    const named = getNamedType(field.type);
    if (isObjectType(named)) queue.push(named);
  }
  while (queue.length > 0) {
    const type = queue.shift()!;
    if (done.has(type.name)) continue;
    done.add(type.name);
    for (const field of Object.values(type.getFields())) {
      fields.push(`${type.name}.${field.name}`);
      const named = getNamedType(field.type);
      if (isObjectType(named)) queue.push(named);
    }
  }
  return fields.sort();
}

/** "Type.field" → whether any answer so far held a value (not null, not an empty list). */
const answered = new Map<string, boolean>();

function record(document: DocumentNode, data: unknown): void {
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const walk = (type: GraphQLObjectType, selectionSet: SelectionSetNode, value: any): void => {
    if (value == null) return;
    if (Array.isArray(value)) return value.forEach((v) => walk(type, selectionSet, v));
    for (const selection of selectionSet.selections) {
      if (selection.kind !== Kind.FIELD) {
        const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value)!;
        walk(type, fragment.selectionSet, value);
        continue;
      }
      if (selection.name.value.startsWith('__')) continue;
      const field = type.getFields()[selection.name.value]!;
      const v = value[selection.alias?.value ?? selection.name.value];
      const key = `${type.name}.${field.name}`;
      answered.set(key, answered.get(key) === true || (v != null && !(Array.isArray(v) && v.length === 0)));
      const named = getNamedType(field.type);
      if (selection.selectionSet && isObjectType(named)) walk(named, selection.selectionSet, v);
    }
  };
  walk(CONTRACT.getQueryType()!, operation.selectionSet, data);
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

const nodes = (c: { edges: { node: any }[] }): any[] => c.edges.map((e) => e.node);
const sum = (values: number[]): number => values.reduce((n, v) => n + v, 0);
/** Euro amounts are exact to the cent: compare them as integer cents. */
const cents = (euro: number | null): number => Math.round((euro ?? 0) * 100);
const belgianDay = (instant: string): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant));

/** Every connection found anywhere in an answer: a first page with a consistent shape. */
function checkConnections(value: unknown, path = 'data'): number {
  if (Array.isArray(value)) return sum(value.map((v, i) => checkConnections(v, `${path}[${i}]`)));
  if (!value || typeof value !== 'object') return 0;
  const c = value as any;
  let found = 0;
  if ('edges' in c && 'nodes' in c && 'pageInfo' in c && 'totalCount' in c) {
    const cursors = c.edges.map((e: any) => e.cursor);
    expect(c.nodes.map((n: any) => n.id), path).toEqual(c.edges.map((e: any) => e.node.id));
    expect(new Set(cursors).size, `${path}: distinct cursors`).toBe(cursors.length);
    expect(c.pageInfo, path).toEqual({
      hasPreviousPage: false,
      hasNextPage: c.edges.length < c.totalCount,
      startCursor: cursors[0] ?? null,
      endCursor: cursors.at(-1) ?? null,
    });
    expect(c.edges.length, path).toBeLessThanOrEqual(Math.min(c.totalCount, 100));
    found = 1;
  }
  return found + sum(Object.entries(c).map(([k, v]) => checkConnections(v, `${path}.${k}`)));
}

/** Neighbourhood choice of a group of households, suppressed under the disclosure threshold. */
function choiceGroup(households: number, neighbourhood: number) {
  const small = (n: number) => n > 0 && n < THRESHOLD;
  if (households < THRESHOLD) return { households: null, neighbourhoodSchool: null, share: null, suppressedReason: 'BELOW_THRESHOLD' };
  // A split with a side of 1–4 households would reveal them: only the group size shows.
  if (small(neighbourhood) || small(households - neighbourhood)) return { households, neighbourhoodSchool: null, share: null, suppressedReason: 'BELOW_THRESHOLD' };
  return { households, neighbourhoodSchool: neighbourhood, share: neighbourhood / households, suppressedReason: null };
}

/** Dissimilarity and isolation computed here, from the compositions alone. */
function indicesOf(schools: { x: number; y: number }[]) {
  const X = sum(schools.map((s) => s.x));
  const Y = sum(schools.map((s) => s.y));
  return {
    dissimilarity: sum(schools.map((s) => Math.abs(s.x / X - s.y / Y))) / 2,
    isolation: sum(schools.map((s) => (s.x / X) * (s.x / (s.x + s.y)))),
  };
}

// ---------------------------------------------------------------------------------------------
// The queries
// ---------------------------------------------------------------------------------------------

const MUNICIPALITY_DEEP = `...Municipality
  mergedInto { ...Municipality }
  projects(first: 100) { ${connection('id title status fundingPeriod { number } neighbourhoodChoice { ...Choice }')} }
  schools(first: 100) { ${connection('id')} }
  socialMix(schoolYear: "2024-2025") { ...SocialMix }
  neighbourhoodChoice { ...Choice }
  choiceIn2024: neighbourhoodChoice(schoolYear: "2023-2024") { ...Choice }`;

const PROGRAMME = `query Programme {
  viewer { kind label role municipality { id } unreadNotifications }
  allMunicipalities: municipalities(first: 1) { totalCount }
  before2025: municipalities(first: 1, filter: { validOn: "2024-12-31" }) { totalCount }
  since2025: municipalities(first: 1, filter: { validOn: "2025-01-01" }) { totalCount }
  fundingPeriods {
    ${connection(`...Period programReport { ...Report projects(first: 100) { ${connection('...ProjectFigures')} } municipalities(first: 100) { totalCount nodes { id } }
      rolledUp: municipalities(first: 100, rollUp: true) { totalCount nodes { id nisCode validTo } }
      municipalityProgress { ...Progress } unrolled: municipalityProgress(rollUp: false) { ...Progress } }`)}
  }
  programSummary { periods finalPeriods budget committed realised representedLocalGovernments }
  projects(first: 100) {
    ${connection('...Project fundingPeriod { number } leadMunicipality { nisCode } kpi { ...Kpi } neighbourhoodChoice { ...Choice }')}
  }
  organizations(first: 100) { ${connection('...Organization')} }
  users(first: 100) { ${connection('id nodeId email role active version createdAt updatedAt municipality { nisCode }')} }
  gent: municipalityByNisCode(nisCode: "44021") { ${MUNICIPALITY_DEEP} }
  antwerpen: municipalityByNisCode(nisCode: "11002") { ${MUNICIPALITY_DEEP} }
  borsbeek: municipalityByNisCode(nisCode: "11007") { ${MUNICIPALITY_DEEP} }
  deepLead: municipalityByNisCode(nisCode: "${DEEP_PROJECT_LEAD}") { projects { nodes { id } } }
  firstMunicipalities: municipalities(first: 10, orderBy: [{ field: NAME }]) {
    ${connection('...Municipality socialMix(schoolYear: "2024-2025") { ...SocialMix } schools(first: 1) { totalCount } organizations(first: 1, includeMerged: true) { totalCount }')}
  }
}`;

const FILTERS = `query Filters($p1: ID!, $p3: ID!, $gent: ID!) {
  period3: projects(filter: { fundingPeriodId: $p3 }) { totalCount }
  approved3: projects(filter: { fundingPeriodId: $p3, statuses: [APPROVED] }) { totalCount }
  waiting3: projects(filter: { fundingPeriodId: $p3, statuses: [DRAFT, SUBMITTED] }) { totalCount }
  gentProjects: projects(filter: { municipalityId: $gent }) { totalCount }
  takingPart1: municipalities(filter: { takingPart: true, fundingPeriodId: $p1, validOn: "2024-12-31" }) { totalCount }
  takingPart1In2025: municipalities(filter: { takingPart: true, fundingPeriodId: $p1, validOn: "2025-01-01" }) { totalCount }
  cancelled: events(first: 100, filter: { cancelled: true }) {
    ${connection('...Event attendanceCount attendances { totalCount }')}
  }
}`;

const EVENTS = `query Events {
  events(first: 100, orderBy: [{ field: STARTS_AT }]) {
    ${connection(`...Event
      attendanceCount
      registered: attendanceCount(status: REGISTERED)
      noShow: attendanceCount(status: NO_SHOW)
      attended: attendances(filter: { statuses: [ATTENDED] }) { totalCount }
      attendances(first: 100) { ${connection('...Attendance')} }
      organizer { ...Organization }
      schools { id }
      project { id fundingPeriod { startsOn endsOn } partnerOrganizations { id } }`)}
  }
}`;

const DEEP_PROJECT = `query DeepProject($id: ID!) {
  project(id: $id) {
    ...Project
    leadMunicipality { ...Municipality mergedInto { nisCode } }
    partnerMunicipalities { ...Municipality }
    fundingPeriod { ...Period }
    kpi { ...Kpi }
    neighbourhoodChoice { ...Choice }
    partnerOrganizations { ...Organization }
    schools(first: 100) { ${connection('...School municipality { nisCode }')} }
    events(first: 100) {
      ${connection('...Event organizer { id promotesSocialMix } attendanceCount attendances(first: 100) { ' + connection('...Attendance') + ' }')}
    }
    households(first: 100) {
      ${connection(`...Household project { id } enrollments { ...Enrollment }
        attendances(first: 10) { ${connection('...Attendance')} }`)}
    }
  }
}`;

const LOOKUPS = `query Lookups($municipality: ID!, $school: ID!, $event: ID!, $household: ID!, $period: ID!, $project: ID!) {
  municipality(id: $municipality) { ...Municipality mergedInto { id } mergedFrom { id } }
  antwerpen: municipalityByNisCode(nisCode: "11002") { mergedFrom { nisCode name mergedInto { nisCode } } }
  school(id: $school) {
    ...School municipality { id nisCode }
    compositions { ...Composition }
    mirror(schoolYear: "2023-2024") { ...Mirror }
    beforeRecords: mirror(schoolYear: "2021-2022") { ...Mirror }
  }
  event(id: $event) { ...Event attendanceCount project { id } }
  household(id: $household) { ...Household project { id } enrollments { ...Enrollment } attendances { totalCount } }
  households(first: 100, filter: { projectId: $project }) { ${connection('id reference')} }
  programReport(fundingPeriodId: $period) { ...Report projects(first: 1) { totalCount } }
  demoLogins { email password role municipalityName }
  missingProject: project(id: "00000000-0000-4000-8000-000000000000") { id }
  missingMunicipality: municipalityByNisCode(nisCode: "99999") { id }
  missingReport: socialMixReport(nisCode: "99999", schoolYear: "2023-2024") { schoolYear }
}`;

const FIGURES = `reached target eventsHeld subsidyGranted ratePerHousehold earnedSubsidy byEventType { type reached eventsHeld }
  families { withIndicator withoutIndicator indicatorUnknown withSpecialNeeds }`;
const FINAL_REPORTS = `query FinalReports {
  finalReports(first: 100) {
    ${connection(`id status version whatWasDone whatWorked obstacles submittedAt submittedBy reviewedAt reviewedBy reviewNote waiverReason createdAt updatedAt
      snapshot { ${FIGURES} } live { ${FIGURES} } differences { figure snapshot live money }
      project { id status fundingPeriod { number } kpi { reached earnedSubsidy } finalReport { id } }`)}
  }
}`;

const SOCIAL_MIX = `query SocialMix {
  gent: socialMixReport(nisCode: "44021", schoolYear: "2023-2024") {
    schoolYear
    municipality { id nisCode socialMix(schoolYear: "2023-2024") { ...SocialMix } }
    socialMix { ...SocialMix }
    trend { ...SocialMix }
    schools {
      school { ...School municipality { nisCode } compositions { ...Composition } }
      mirror { ...Mirror }
      strict: school { mirror(schoolYear: "2023-2024", tolerance: 0.05) { mirrors gap tolerance } }
    }
  }
  antwerpen: socialMixReport(nisCode: "11002", schoolYear: "2024-2025") {
    socialMix { schoolCount }
    schools { school { municipality { nisCode } } mirror { suppressedReason } }
  }
  secondary: schools(first: 100, filter: { levels: [SECONDARY] }, orderBy: [{ field: CAPACITY, direction: DESC }]) {
    ${connection('...School municipality { nisCode }')}
  }
  allSchools: schools(first: 1) { totalCount }
  noSchools: socialMixReport(nisCode: "44084", schoolYear: "2023-2024") {
    municipality { name }
    socialMix { ...SocialMix }
    trend { schoolYear }
    schools { mirror { schoolYear } }
  }
}`;

// ---------------------------------------------------------------------------------------------

describe('the demo data answers every field of the contract', () => {
  let server: TestServer;
  let programme: any;
  let filters: any;
  let events: any;
  let deep: any;
  let lookups: any;
  let socialMix: any;
  let finalReports: any;
  let connectionsChecked = 0;

  async function ask(query: string, variables: Record<string, unknown> = {}): Promise<any> {
    const text = withFragments(query);
    const data = await server.data(text, variables);
    record(parse(text), data);
    connectionsChecked += checkConnections(data);
    return data;
  }

  const periodOf = (n: number) => nodes(programme.fundingPeriods).find((p) => p.number === n);

  beforeAll(async () => {
    server = await startTestServer({ seed: 'demo' });
    programme = await ask(PROGRAMME);
    const deepProjectId = programme.deepLead.projects.nodes[0].id;
    filters = await ask(FILTERS, { p1: periodOf(1).id, p3: periodOf(3).id, gent: programme.gent.id });
    events = await ask(EVENTS);
    deep = await ask(DEEP_PROJECT, { id: deepProjectId });
    const household = nodes(deep.project.households).find((h) => h.enrollments.length > 0);
    lookups = await ask(LOOKUPS, {
      municipality: programme.borsbeek.id,
      school: nodes(deep.project.schools)[0].id,
      event: nodes(deep.project.events)[0].id,
      household: household.id,
      period: periodOf(1).id,
      project: deepProjectId,
    });
    socialMix = await ask(SOCIAL_MIX);
    finalReports = await ask(FINAL_REPORTS);
  }, 180_000);

  it('holds a final report per funded project: accepted with its frozen figures in the FINAL periods 1–2, a draft in period 3', () => {
    const reports = nodes(finalReports.finalReports);
    expect(reports).toHaveLength(FUNDED_PROJECTS[1]! + FUNDED_PROJECTS[2]! + FUNDED_PROJECTS[3]!);
    for (const r of reports) {
      expect(r.project.finalReport.id).toBe(r.id);
      if (r.project.fundingPeriod.number === 3) {
        expect(r).toMatchObject({ status: 'DRAFT', snapshot: null, project: { status: 'APPROVED' } });
        continue;
      }
      expect(r).toMatchObject({ status: 'ACCEPTED', project: { status: 'CLOSED' }, differences: [] });
      expect(r.snapshot).toEqual(r.live);
      expect(r.snapshot.reached).toBe(r.project.kpi.reached);
      expect(r.snapshot.earnedSubsidy).toBe(Math.min(r.project.kpi.earnedSubsidy, r.snapshot.subsidyGranted));
      expect(r.snapshot.byEventType.reduce((n: number, b: { eventsHeld: number }) => n + b.eventsHeld, 0)).toBe(r.snapshot.eventsHeld);
      expect(Date.parse(r.submittedAt)).toBeLessThan(Date.parse(r.reviewedAt));
    }
  });

  afterAll(() => server?.close());

  it('answers viewer as the administrator the test calls as (a user, ADMIN, of no municipality)', () => {
    expect(programme.viewer).toMatchObject({ kind: 'user', role: 'ADMIN', municipality: null });
    expect(programme.viewer.label).toEqual(expect.any(String));
  });

  it('holds the demo logins of SPEC section 8, coordinators tied to Gent and Antwerpen', () => {
    const users = new Map(nodes(programme.users).map((u) => [u.email, u]));
    expect(users.get('admin@schoolmix.demo')).toMatchObject({ role: 'ADMIN', active: true, municipality: null });
    expect(users.get('reviewer@schoolmix.demo')).toMatchObject({ role: 'REVIEWER', municipality: null });
    expect(users.get('analyst@schoolmix.demo')).toMatchObject({ role: 'ANALYST', municipality: null });
    expect(users.get('coordinator.gent@schoolmix.demo')).toMatchObject({ role: 'COORDINATOR', municipality: { nisCode: '44021' } });
    expect(users.get('coordinator.antwerpen@schoolmix.demo')).toMatchObject({ role: 'COORDINATOR', municipality: { nisCode: '11002' } });
  });

  it('lists the municipalities merged into a 2025 one: Borsbeek into Antwerpen, none into Borsbeek', () => {
    expect(lookups.antwerpen.mergedFrom).toEqual([{ nisCode: '11007', name: 'Borsbeek', mergedInto: { nisCode: '11002' } }]);
    expect(lookups.municipality.mergedFrom).toEqual([]);
  });

  it('lists the demo logins for the login page while the demo data set is loaded', () => {
    expect(lookups.demoLogins).toHaveLength(5);
    expect(lookups.demoLogins.every((l: any) => l.password === 'schoolmix-demo')).toBe(true);
    expect(lookups.demoLogins.find((l: any) => l.email === 'coordinator.gent@schoolmix.demo')).toMatchObject({ role: 'COORDINATOR', municipalityName: 'Gent' });
    expect(lookups.demoLogins.find((l: any) => l.email === 'reviewer@schoolmix.demo')).toMatchObject({ role: 'REVIEWER', municipalityName: null });
  });

  it('knows every Flemish municipality: 300 before the 2025 mergers, 285 after, 312 codes on record', () => {
    expect(programme.allMunicipalities.totalCount).toBe(312);
    expect(programme.before2025.totalCount).toBe(300);
    expect(programme.since2025.totalCount).toBe(285);
  });

  it('keeps pre-2025 codes with their validity and the municipality they merged into', () => {
    const { borsbeek, antwerpen } = programme;
    expect(borsbeek).toMatchObject({ nisCode: '11007', name: 'Borsbeek', validTo: '2024-12-31' });
    expect(borsbeek.mergedInto).toMatchObject({ id: antwerpen.id, nisCode: '11002', name: 'Antwerpen', validTo: null });
    expect(antwerpen.mergedInto).toBeNull();
    expect(lookups.municipality).toMatchObject({ id: borsbeek.id, nisCode: '11007', mergedInto: { id: antwerpen.id } });
  });

  it('gives Gent and Antwerpen a project in each of the three periods', () => {
    for (const m of [programme.gent, programme.antwerpen]) {
      expect(m.projects.totalCount).toBe(3);
      expect(nodes(m.projects).map((p) => p.fundingPeriod.number).sort()).toEqual([1, 2, 3]);
    }
    expect(filters.gentProjects.totalCount).toBe(3);
  });

  it('has the three funding periods at € 170 per household, at most 300 households and € 51.000', () => {
    const periods = nodes(programme.fundingPeriods);
    expect(programme.fundingPeriods.totalCount).toBe(3);
    expect(periods.map((p) => [p.number, p.startsOn, p.endsOn, p.reportStatus])).toEqual([
      [1, '2022-10-01', '2023-09-30', 'FINAL'],
      [2, '2023-10-01', '2024-09-30', 'FINAL'],
      [3, '2024-10-01', '2025-09-30', 'OPEN'],
    ]);
    for (const p of periods) {
      expect(p).toMatchObject({ ratePerHousehold: RATE_EURO, maxHouseholds: MAX_HOUSEHOLDS, maxSubsidy: 51_000 });
    }
  });

  it('programme report: budget, committed, represented and realised add up over the projects behind them', () => {
    for (const period of nodes(programme.fundingPeriods)) {
      const report = period.programReport;
      const projects = nodes(report.projects);
      expect(report.fundingPeriod.id).toBe(period.id);
      expect(report.projectCount).toBe(FUNDED_PROJECTS[period.number]);
      expect(report.projects.totalCount).toBe(report.projectCount);
      expect(projects).toHaveLength(report.projectCount);
      expect(projects.every((p) => FUNDED.includes(p.status) && p.fundingPeriod.id === period.id)).toBe(true);
      expect(cents(report.budget)).toBe(sum(projects.map((p) => cents(p.subsidyGranted))));
      expect(report.budget).toBeGreaterThan(0);
      expect(report.committed).toBe(sum(projects.map((p) => p.targetHouseholds)));
      // "uitbetaald" and "terug te vorderen": the projects' settlement balances, added up.
      expect(cents(report.paid)).toBe(sum(projects.map((p) => cents(p.settlement.toPay))));
      expect(cents(report.toRecover)).toBe(sum(projects.map((p) => cents(p.settlement.toRecover))));
      expect(projects.every((p) => p.settlement.project.id === p.id && cents(p.settlement.granted) === cents(p.subsidyGranted))).toBe(true);
      const represented = new Set(projects.flatMap((p) => [p.leadMunicipality.id, ...p.partnerMunicipalities.map((m: any) => m.id)]));
      expect(report.representedLocalGovernments).toBe(represented.size);
      if (period.number === 3) {
        expect(report).toMatchObject({ pending: true, realised: null });
      } else {
        expect(report.pending).toBe(false);
        expect(report.realised).toBeGreaterThan(0);
        // The period's aggregate against the per-project KPI: two computations, one answer.
        expect(report.realised).toBe(sum(projects.map((p) => p.kpi.reached)));
      }
    }
    // The root field answers the same figures as the nested one.
    const { projects: _p, municipalities: _m, rolledUp: _r, municipalityProgress: _mp, unrolled: _u, ...nested } = periodOf(1).programReport;
    const { projects: _q, ...root } = lookups.programReport;
    expect(root).toEqual(nested);
    // As the municipalities existed then, and as the 2025 ones they became (issue 13: merged ones count for their successor).
    expect(filters.takingPart1.totalCount).toBe(periodOf(1).programReport.representedLocalGovernments);
    expect(filters.takingPart1In2025.totalCount).toBe(periodOf(1).programReport.representedLocalGovernments2025);
    for (const number of [1, 2, 3]) {
      const report = periodOf(number).programReport;
      expect(report.municipalities.totalCount, `period ${number}`).toBe(report.representedLocalGovernments);
    }
  });

  it('rolls pre-2025 municipalities up into the 2025 ones: progress rows, represented local governments, the programme summary', () => {
    const rolledUpIds = new Set<string>();
    for (const period of nodes(programme.fundingPeriods)) {
      const report = period.programReport;
      const projects = nodes(report.projects);
      const rows = report.municipalityProgress;
      const unrolled = report.unrolled;
      // Without the roll-up, one row per lead (one project per lead and period); with it, 2025 municipalities only.
      expect(unrolled.map((r: any) => r.municipality.id).sort()).toEqual(projects.map((p) => p.leadMunicipality.id).sort());
      expect(rows.every((r: any) => r.municipality.validTo === null)).toBe(true);
      expect(new Set(rows.map((r: any) => r.municipality.id)).size).toBe(rows.length);
      for (const list of [rows, unrolled]) {
        expect(sum(list.map((r: any) => r.projectCount))).toBe(report.projectCount);
        expect(sum(list.map((r: any) => r.target))).toBe(report.committed);
        expect(sum(list.map((r: any) => r.reached))).toBe(sum(projects.map((p) => p.kpi.reached)));
        for (const r of list) {
          expect(r.expectedByNow).toBeCloseTo(r.target * ELAPSED[period.number]!, 9);
          expect(r.progress).toBeCloseTo(r.reached / r.target, 12);
          expect(r.onTrack).toBe(r.reached >= r.expectedByNow);
        }
      }
      if (!report.pending) expect(sum(rows.map((r: any) => r.reached))).toBe(report.realised);
      expect(report.rolledUp.totalCount).toBe(report.representedLocalGovernments2025);
      expect(report.rolledUp.nodes.every((m: any) => m.validTo === null)).toBe(true);
      expect(report.representedLocalGovernments2025).toBeLessThanOrEqual(report.representedLocalGovernments);
      for (const m of report.rolledUp.nodes) rolledUpIds.add(m.id);
    }
    // Tongeren led a period-2 project; rolled up, it counts as Tongeren-Borgloon (73111).
    const period2 = periodOf(2).programReport;
    expect(period2.unrolled.map((r: any) => r.municipality.nisCode)).toContain(DEEP_PROJECT_LEAD);
    expect(period2.municipalityProgress.map((r: any) => r.municipality.nisCode)).toContain('73111');
    expect(period2.municipalityProgress.map((r: any) => r.municipality.nisCode)).not.toContain(DEEP_PROJECT_LEAD);

    const reports = nodes(programme.fundingPeriods).map((p) => p.programReport);
    expect(programme.programSummary).toEqual({
      periods: 3,
      finalPeriods: 2,
      budget: sum(reports.map((r) => cents(r.budget))) / 100,
      committed: sum(reports.map((r) => r.committed)),
      realised: sum(reports.filter((r) => !r.pending).map((r) => r.realised)),
      representedLocalGovernments: rolledUpIds.size,
    });
  });

  it('filters projects by period and status to the counts of the demo plan', () => {
    const all = nodes(programme.projects);
    expect(programme.projects.totalCount).toBe(47);
    const count = (period: number, statuses: string[]) => all.filter((p) => p.fundingPeriod.number === period && statuses.includes(p.status)).length;
    expect(filters.period3.totalCount).toBe(16);
    expect(filters.approved3.totalCount).toBe(12);
    expect(filters.approved3.totalCount).toBe(count(3, ['APPROVED']));
    expect(filters.waiting3.totalCount).toBe(3);
    expect(filters.waiting3.totalCount).toBe(count(3, ['DRAFT', 'SUBMITTED']));
    // Only a rejected file carries a review note.
    expect(all.filter((p) => p.reviewNote !== null).every((p) => p.status === 'REJECTED')).toBe(true);
    expect(all.filter((p) => p.status === 'REJECTED')).toHaveLength(3);
  });

  it('keeps the KPI arithmetic of every project: progress, expected by now, earned subsidy, breakdowns', () => {
    for (const p of nodes(programme.projects)) {
      const kpi = p.kpi;
      expect(kpi.target).toBe(p.targetHouseholds);
      expect(kpi.reached).toBeGreaterThanOrEqual(0);
      if (!FUNDED.includes(p.status)) expect(kpi.reached, `${p.title}: an unfunded file has no activity`).toBe(0);
      expect(kpi.progress).toBeCloseTo(kpi.reached / kpi.target, 12);
      expect(kpi.expectedByNow).toBeCloseTo(kpi.target * ELAPSED[p.fundingPeriod.number]!, 9);
      expect(kpi.onTrack).toBe(kpi.reached >= kpi.expectedByNow);
      expect(cents(kpi.earnedSubsidy)).toBe(Math.min(kpi.reached, kpi.target) * RATE_EURO * 100);
      expect(kpi.byEventType.map((b: any) => b.type)).toEqual(['PARENT_EVENING', 'SCHOOL_VISIT']);
      for (const b of kpi.byEventType) expect(b.reached).toBeLessThanOrEqual(kpi.reached);
      // A household reached at least once is reached by at least one type.
      expect(sum(kpi.byEventType.map((b: any) => b.reached))).toBeGreaterThanOrEqual(kpi.reached);
      const f = kpi.families;
      expect(f.withIndicator + f.withoutIndicator + f.indicatorUnknown).toBe(kpi.reached);
      expect(f.withSpecialNeeds).toBeLessThanOrEqual(kpi.reached);
    }
    const funded = nodes(programme.projects).filter((p) => FUNDED.includes(p.status));
    expect(funded.every((p) => p.kpi.reached > 0)).toBe(true);
  });

  describe('one project in full', () => {
    const project = () => deep.project;
    const eventsById = () => new Map(nodes(project().events).map((e) => [e.id, e]));
    /** SPEC: ATTENDED, not cancelled, organiser promotes the social mix, starting inside the period. */
    const qualifies = (e: any) => {
      const { startsOn, endsOn } = project().fundingPeriod;
      const day = belgianDay(e.startsAt);
      return e.cancelledAt === null && e.organizer.promotesSocialMix && day >= startsOn && day <= endsOn;
    };
    const reachedBy = (h: any, type?: string) =>
      nodes(h.attendances).some((a) => {
        const e = eventsById().get(a.event.id);
        return a.status === 'ATTENDED' && e !== undefined && qualifies(e) && (type === undefined || e.type === type);
      });

    it('is the closed period-2 project of a partnership, every list fitting on one page', () => {
      const p = project();
      expect(p).toMatchObject({ status: 'CLOSED', leadMunicipality: { nisCode: DEEP_PROJECT_LEAD, mergedInto: { nisCode: '73111' } }, fundingPeriod: { number: 2 } });
      expect(p.partnerMunicipalities.length).toBeGreaterThanOrEqual(1);
      expect(p.partnerOrganizations.some((o: any) => !o.promotesSocialMix)).toBe(true);
      for (const list of [p.events, p.households, p.schools]) expect(list.edges).toHaveLength(list.totalCount);
      expect(lookups.households.totalCount).toBe(p.households.totalCount);
      expect(lookups.households.nodes.map((h: any) => h.id).sort()).toEqual(p.households.nodes.map((h: any) => h.id).sort());
    });

    it('holds its events to the rules: organised by a partner, inside the period', () => {
      const p = project();
      const partners = new Set(p.partnerOrganizations.map((o: any) => o.id));
      for (const e of nodes(p.events)) {
        expect(partners.has(e.organizer.id)).toBe(true);
        expect(belgianDay(e.startsAt) >= p.fundingPeriod.startsOn && belgianDay(e.startsAt) <= p.fundingPeriod.endsOn).toBe(true);
        expect(e.attendanceCount).toBe(nodes(e.attendances).filter((a) => a.status === 'ATTENDED').length);
      }
    });

    it("lists each household's attendances exactly as the events list them", () => {
      const fromEvents = new Map<string, string[]>();
      for (const e of nodes(project().events)) {
        for (const a of nodes(e.attendances)) fromEvents.set(a.household.id, [...(fromEvents.get(a.household.id) ?? []), a.id]);
      }
      const households = nodes(project().households);
      expect(households.every((h) => h.project.id === project().id)).toBe(true);
      for (const h of households) {
        expect(h.attendances.totalCount).toBe(fromEvents.get(h.id)?.length ?? 0);
        expect(nodes(h.attendances).map((a) => a.id).sort()).toEqual((fromEvents.get(h.id) ?? []).sort());
      }
      expect(sum(households.map((h) => h.attendances.totalCount))).toBe(sum(nodes(project().events).map((e) => e.attendances.totalCount)));
    });

    it('recomputes its KPI from the households and their attendances', () => {
      const households = nodes(project().households);
      const reached = households.filter((h) => reachedBy(h));
      const indicator = (h: any) => {
        const v = [h.lowEducatedMother, h.schoolAllowance, h.homeLanguageNotDutch];
        return v.includes(true) ? true : v.every((x) => x === false) ? false : null;
      };
      const kpi = project().kpi;
      expect(kpi.reached).toBeGreaterThan(0);
      expect(kpi.reached).toBe(reached.length);
      expect(kpi.byEventType).toEqual(['PARENT_EVENING', 'SCHOOL_VISIT'].map((type) => ({ type, reached: households.filter((h) => reachedBy(h, type)).length })));
      expect(kpi.families).toEqual({
        withIndicator: reached.filter((h) => indicator(h) === true).length,
        withoutIndicator: reached.filter((h) => indicator(h) === false).length,
        indicatorUnknown: reached.filter((h) => indicator(h) === null).length,
        withSpecialNeeds: reached.filter((h) => h.childWithSpecialNeeds === true).length,
      });
      // Its own figures agree with the same project in the programme-wide list.
      expect(nodes(programme.projects).find((p) => p.id === project().id).kpi).toEqual(kpi);
    });

    it('recomputes neighbourhood school choice from the enrollments, reached against not reached', () => {
      const enrolled = nodes(project().households).filter((h) => h.enrollments.length > 0);
      for (const h of enrolled) {
        for (const en of h.enrollments) {
          expect(en.isNeighbourhoodSchool, en.id).toBe(en.school.municipality.nisCode === h.residenceNisCode || en.school.postcode === h.postcode);
        }
      }
      const group = (reached: boolean) => {
        const members = enrolled.filter((h) => reachedBy(h) === reached);
        return choiceGroup(members.length, members.filter((h) => h.enrollments.some((en: any) => en.isNeighbourhoodSchool)).length);
      };
      const choice = project().neighbourhoodChoice;
      expect(choice).toEqual({ reached: group(true), notReached: group(false) });
      expect(choice.reached.households).toBeGreaterThanOrEqual(THRESHOLD);
      expect(choice.notReached.households).toBeGreaterThanOrEqual(THRESHOLD);
    });

    it('answers the root lookups by id with the same objects as the nested lists', () => {
      const p = project();
      const { attendances: _a, organizer: _o, attendanceCount, ...event } = nodes(p.events)[0];
      expect(lookups.event).toEqual({ ...event, attendanceCount, project: { id: p.id } });
      const school = nodes(p.schools)[0];
      expect(lookups.school).toMatchObject({ id: school.id, institutionNumber: school.institutionNumber, name: school.name });
      const household = nodes(p.households).find((h) => h.id === lookups.household.id);
      expect(lookups.household.enrollments).toEqual(household.enrollments);
      expect(lookups.household.attendances.totalCount).toBe(household.attendances.totalCount);
      expect(lookups.missingProject).toBeNull();
      expect(lookups.missingMunicipality).toBeNull();
      expect(lookups.missingReport).toBeNull();
    });
  });

  it("counts each event's attendance as its attendance list does, per status", () => {
    const page = nodes(events.events);
    expect(page).toHaveLength(100);
    expect(events.events.totalCount).toBeGreaterThan(100);
    for (const e of page) {
      const statuses = nodes(e.attendances).map((a) => a.status);
      expect(e.attendances.edges).toHaveLength(e.attendances.totalCount);
      expect(e.attendanceCount).toBe(statuses.filter((s) => s === 'ATTENDED').length);
      expect(e.registered).toBe(statuses.filter((s) => s === 'REGISTERED').length);
      expect(e.noShow).toBe(statuses.filter((s) => s === 'NO_SHOW').length);
      expect(e.attended.totalCount).toBe(e.attendanceCount);
      expect(nodes(e.attendances).every((a) => a.event.id === e.id)).toBe(true);
      // SPEC: the organiser is a partner of the project and the event falls inside its period.
      expect(e.project.partnerOrganizations.map((o: any) => o.id)).toContain(e.organizer.id);
      expect(belgianDay(e.startsAt) >= e.project.fundingPeriod.startsOn && belgianDay(e.startsAt) <= e.project.fundingPeriod.endsOn).toBe(true);
      expect(e.capacity === null || e.attendances.totalCount <= e.capacity).toBe(true);
    }
    const starts = page.map((e) => e.startsAt);
    expect([...starts].sort()).toEqual(starts);
    expect(sum(page.map((e) => e.attendanceCount))).toBeGreaterThan(0);
  });

  it('keeps cancelled events on record, with a reason and no attendance', () => {
    const cancelled = nodes(filters.cancelled);
    expect(filters.cancelled.totalCount).toBeGreaterThan(0);
    for (const e of cancelled) {
      expect(e.cancelledAt).not.toBeNull();
      expect(e.cancellationReason).toEqual(expect.any(String));
      expect(e.attendanceCount).toBe(0);
      expect(e.attendances.totalCount).toBe(0);
    }
  });

  it('social mix of Gent 2023-2024: indices in range, three years of trend, mirror gap = school share − area share', () => {
    const report = socialMix.gent;
    const mix = report.socialMix;
    expect(report.schoolYear).toBe('2023-2024');
    expect(report.municipality.nisCode).toBe('44021');
    expect(mix.suppressedReason).toBeNull();
    for (const v of [mix.dissimilarity, mix.isolation, mix.exposure, mix.theilH]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    expect(mix.isolation + mix.exposure).toBeCloseTo(1, 12);
    expect(mix.mutualInformation).toBeGreaterThan(0);
    expect(report.trend.map((t: any) => t.schoolYear)).toEqual(['2022-2023', '2023-2024', '2024-2025']);
    expect(report.trend[1]).toEqual(mix);
    expect(report.municipality.socialMix).toEqual(mix);

    // The indices again, from the schools' own compositions.
    const compositions = report.schools.map((s: any) => s.school.compositions.find((c: any) => c.schoolYear === '2023-2024'));
    expect(report.schools).toHaveLength(programme.gent.schools.totalCount);
    expect(mix.schoolCount).toBe(report.schools.length);
    expect(mix.pupils).toBe(sum(compositions.map((c: any) => c.pupils)));
    expect(mix.indicatorPupils).toBe(sum(compositions.map((c: any) => c.indicatorPupils)));
    expect(mix.indicatorShare).toBeCloseTo(mix.indicatorPupils / mix.pupils, 12);
    const mine = indicesOf(compositions.map((c: any) => ({ x: c.indicatorPupils, y: c.pupils - c.indicatorPupils })));
    expect(mix.dissimilarity).toBeCloseTo(mine.dissimilarity, 12);
    expect(mix.isolation).toBeCloseTo(mine.isolation, 12);

    for (const { school, mirror, strict } of report.schools) {
      const c = school.compositions.find((x: any) => x.schoolYear === '2023-2024');
      expect(school.compositions.map((x: any) => x.schoolYear)).toEqual(['2022-2023', '2023-2024', '2024-2025']);
      expect(mirror).toMatchObject({ schoolYear: '2023-2024', pupils: c.pupils, areaCode: '44021', tolerance: TOLERANCE, suppressedReason: null });
      expect(mirror.indicatorShare).toBeCloseTo(c.indicatorPupils / c.pupils, 12);
      expect(mirror.gap).toBeCloseTo(mirror.indicatorShare - mirror.areaShare, 12);
      expect(mirror.mirrors).toBe(Math.abs(mirror.gap) <= TOLERANCE);
      expect(strict.mirror).toMatchObject({ tolerance: 0.05, mirrors: Math.abs(mirror.gap) <= 0.05 });
    }
    // One area per municipality: every school is held against the same share.
    expect(new Set(report.schools.map((s: any) => s.mirror.areaShare)).size).toBe(1);
    // The demo has schools that mirror their neighbourhood and schools that do not.
    expect(report.schools.some((s: any) => s.mirror.mirrors)).toBe(true);
    expect(report.schools.some((s: any) => !s.mirror.mirrors)).toBe(true);
  });

  it("rolls Borsbeek's schools up into Antwerpen's social mix (the 2025 merger)", () => {
    const { antwerpen, borsbeek } = programme;
    const rolledUp = antwerpen.schools.totalCount + borsbeek.schools.totalCount;
    expect(borsbeek.schools.totalCount).toBeGreaterThan(0);
    expect(socialMix.antwerpen.socialMix.schoolCount).toBe(rolledUp);
    expect(socialMix.antwerpen.schools).toHaveLength(rolledUp);
    expect(new Set(socialMix.antwerpen.schools.map((s: any) => s.school.municipality.nisCode))).toEqual(new Set(['11002', '11007']));
    // Asked next to Borsbeek in the same request, Antwerpen still counts Borsbeek's schools.
    expect(antwerpen.socialMix.schoolCount).toBe(rolledUp);
    expect(borsbeek.socialMix.schoolCount).toBe(borsbeek.schools.totalCount);
  });

  it('answers a municipality without schools with NO_SCHOOLS, and a year before the records with NO_COMPOSITION', () => {
    const none = socialMix.noSchools;
    expect(none.socialMix).toMatchObject({ schoolCount: 0, pupils: null, dissimilarity: null, theilH: null, suppressedReason: 'NO_SCHOOLS' });
    expect(none.schools).toEqual([]);
    expect(none.trend).toEqual([]);
    expect(lookups.school.beforeRecords).toMatchObject({ schoolYear: '2021-2022', pupils: null, gap: null, mirrors: null, suppressedReason: 'NO_COMPOSITION' });
    for (const m of nodes(programme.firstMunicipalities)) {
      if (m.schools.totalCount === 0) expect(m.socialMix.suppressedReason).toBe('NO_SCHOOLS');
      else expect(m.socialMix.schoolCount).toBeGreaterThanOrEqual(m.schools.totalCount);
    }
  });

  it('filters and orders the school list: secondary schools only, largest first', () => {
    const secondary = nodes(socialMix.secondary);
    expect(socialMix.secondary.totalCount).toBeGreaterThan(0);
    expect(socialMix.secondary.totalCount).toBeLessThan(socialMix.allSchools.totalCount);
    expect(secondary).toHaveLength(Math.min(100, socialMix.secondary.totalCount));
    expect(secondary.every((s) => s.level === 'SECONDARY')).toBe(true);
    const capacities = secondary.map((s) => s.capacity);
    expect([...capacities].sort((a, b) => b - a)).toEqual(capacities);
  });

  it("adds up Gent's neighbourhood choice over the projects it leads", () => {
    const gent = programme.gent;
    const projects = nodes(gent.projects);
    for (const side of ['reached', 'notReached'] as const) {
      // Period 3 has no enrollments yet: its project's groups are empty (suppressed as 0 < 5).
      expect(gent.neighbourhoodChoice[side].households).toBe(sum(projects.map((p) => p.neighbourhoodChoice[side].households ?? 0)));
      const splits = projects.map((p) => p.neighbourhoodChoice[side]).filter((g) => g.households !== null);
      if (splits.every((g) => g.neighbourhoodSchool !== null)) {
        expect(gent.neighbourhoodChoice[side].neighbourhoodSchool).toBe(sum(splits.map((g) => g.neighbourhoodSchool)));
      }
      expect(gent.choiceIn2024[side].households).toBeLessThanOrEqual(gent.neighbourhoodChoice[side].households);
    }
    // The outcome the action aims at: reached families choose the neighbourhood school more often.
    expect(gent.neighbourhoodChoice.reached.share).toBeGreaterThan(gent.neighbourhoodChoice.notReached.share);
  });

  it('pages through all 312 municipalities with first/after, and back with last/before', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const { municipalities: page }: any = await server.data(
        `query($after: String) { municipalities(first: 100, after: $after, orderBy: [{ field: NIS_CODE }]) {
           totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { nisCode } } } }`,
        { after },
      );
      pages++;
      expect(page.totalCount).toBe(312);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(page.pageInfo.startCursor).toBe(page.edges[0].cursor);
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1).cursor);
      seen.push(...page.edges.map((e: any) => e.node.nisCode));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(4);
    expect(seen).toHaveLength(312);
    expect(new Set(seen).size).toBe(312);
    expect([...seen].sort()).toEqual(seen);
    const { municipalities: tail }: any = await server.data(`{ municipalities(last: 12, orderBy: [{ field: NIS_CODE }]) { pageInfo { hasNextPage hasPreviousPage } nodes { nisCode } } }`);
    expect(tail.nodes.map((n: any) => n.nisCode)).toEqual(seen.slice(-12));
    expect(tail.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true });
  });

  it('checks the shape of every connection in the answers (nodes = edges, cursors, pageInfo)', () => {
    expect(connectionsChecked).toBeGreaterThan(150);
  });

  it('asks every field reachable from Query, and finds a value for each somewhere in the demo data', () => {
    const roots = Object.keys(CONTRACT.getQueryType()!.getFields()).sort();
    expect(roots, 'a root field belongs in ROOT_FIELDS or OTHER_ROOT_FIELDS').toEqual([...ROOT_FIELDS, ...Object.keys(OTHER_ROOT_FIELDS)].sort());
    const fields = contractFields(CONTRACT, ROOT_FIELDS);
    expect(fields).toContain('Project.neighbourhoodChoice');
    expect(fields.length).toBeGreaterThan(200);
    // Fields inside an always-empty list never appear in an answer; they are exempt by name.
    expect(fields.filter((f) => !answered.has(f) && !(f in ALWAYS_EMPTY)), 'fields no query asked').toEqual([]);
    expect(fields.filter((f) => answered.get(f) === false && !(f in ALWAYS_EMPTY)), 'fields never answered with a value').toEqual([]);
    for (const f of Object.keys(ALWAYS_EMPTY)) expect(answered.get(f) ?? false, f).toBe(false);
  });
});
