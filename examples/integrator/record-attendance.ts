/**
 * An integrator's registration system talking to Schoolmix (issue 17, examples):
 *
 *   1. pages through its municipality's events with `first`/`after`;
 *   2. creates a parent evening;
 *   3. records a family's attendance with an `Idempotency-Key`, and retries it the way a client
 *      retries after a timeout: the same key, the same request — the server runs it once.
 *
 * Typed with the committed schema: the operations below go through `graphql()` from ./gql/, which
 * graphql-codegen writes from server/schema.graphql (client/codegen.ts, second output; `pnpm check`
 * fails when it is stale). Run:
 *
 *   SCHOOLMIX_URL=http://localhost:4000 SCHOOLMIX_TOKEN=smx_… npx tsx examples/integrator/record-attendance.ts
 *
 * It prints one JSON line per step, so a test (server/src/examples.test.ts) can read it.
 */
import { randomUUID } from 'node:crypto';
import { graphql } from './gql/index.js';
import type { IntegratorEventsPageQuery, TypedDocumentString } from './gql/graphql.js';

const URL_ = process.env.SCHOOLMIX_URL ?? 'http://localhost:4000';
const TOKEN = process.env.SCHOOLMIX_TOKEN ?? '';

const EventsPage = graphql(`
  query IntegratorEventsPage($first: Int!, $after: String) {
    events(first: $first, after: $after, orderBy: [{ field: STARTS_AT, direction: ASC }]) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { id nodeId type startsAt venue project { id title } attendanceCount }
    }
  }
`);

const Context = graphql(`
  query IntegratorContext {
    projects(first: 100, filter: { statuses: [APPROVED] }) {
      nodes {
        id
        fundingPeriod { startsOn endsOn }
        partnerOrganizations { id name }
        households(first: 1) { nodes { id reference } }
      }
    }
  }
`);

const CreateEvent = graphql(`
  mutation IntegratorCreateEvent($input: CreateEventInput!) {
    createEvent(input: $input) {
      event { id nodeId startsAt venue }
      userErrors { field code message }
    }
  }
`);

const RecordAttendance = graphql(`
  mutation IntegratorRecordAttendance($input: RecordAttendanceInput!) {
    recordAttendance(input: $input) {
      attendance { id status household { reference } event { id } }
      userErrors { field code message }
    }
  }
`);

interface Answer<T> {
  status: number;
  replayed: boolean;
  data: T;
}

/** One GraphQL call over HTTP; the document is typed, so `data` and `variables` are too. */
async function call<TResult, TVariables>(document: TypedDocumentString<TResult, TVariables>, variables: TVariables, idempotencyKey?: string): Promise<Answer<TResult>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` };
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  const response = await fetch(`${URL_}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query: document.toString(), variables }) });
  const body = (await response.json()) as { data?: TResult; errors?: { message: string; extensions?: { code?: string } }[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL error ${response.status}: ${body.errors?.map((e) => `${e.extensions?.code}: ${e.message}`).join('; ')}`);
  return { status: response.status, replayed: response.headers.get('idempotent-replayed') === 'true', data: body.data };
}

/** A mutation sent with a key, retried with the same key when the answer does not arrive. */
async function withRetry<TResult, TVariables>(document: TypedDocumentString<TResult, TVariables>, variables: TVariables, key: string, attempts = 3): Promise<Answer<TResult>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(document, variables, key);
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

const print = (step: string, value: unknown) => console.log(JSON.stringify({ step, ...(value as object) }));

async function main(): Promise<void> {
  // 1. Every event of the municipality, 50 at a time (an integrator sees its own municipality only).
  let after: string | null = null;
  let seen = 0;
  let pages = 0;
  for (;;) {
    const { data }: Answer<IntegratorEventsPageQuery> = await call(EventsPage, { first: 50, after });
    seen += data.events.nodes.length;
    pages += 1;
    if (!data.events.pageInfo.hasNextPage) {
      print('events', { totalCount: data.events.totalCount, seen, pages });
      break;
    }
    after = data.events.pageInfo.endCursor;
  }

  // 2. A parent evening of one of its approved projects, organised by a partner.
  const { data: context } = await call(Context, {});
  const startsAt = new Date(process.env.SCHOOLMIX_EVENT_STARTS_AT ?? '2025-05-20T17:30:00Z');
  const day = startsAt.toISOString().slice(0, 10);
  // An event lies inside its project's funding period.
  const project = context.projects.nodes.find((p) => p.fundingPeriod.startsOn <= day && day <= p.fundingPeriod.endsOn && p.households.nodes.length > 0 && p.partnerOrganizations.length > 0);
  const organizer = project?.partnerOrganizations[0];
  const household = project?.households.nodes[0];
  if (!project || !organizer || !household) throw new Error(`No approved project of ${day}'s funding period with a partner and a family in this municipality`);
  const created = await withRetry(
    CreateEvent,
    { input: { projectId: project.id, organizerId: organizer.id, type: 'PARENT_EVENING', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(), venue: 'Buurthuis De Brug', languages: ['nl', 'fr'] } },
    randomUUID(),
  );
  const event = created.data.createEvent.event;
  if (!event) throw new Error(`createEvent refused: ${JSON.stringify(created.data.createEvent.userErrors)}`);
  print('createEvent', { eventId: event.id, nodeId: event.nodeId });

  // 3. The attendance, sent twice with one key: the second is the first answer replayed.
  const key = randomUUID();
  const input = { eventId: event.id, householdId: household.id, status: 'ATTENDED' as const };
  const first = await withRetry(RecordAttendance, { input }, key);
  const retry = await withRetry(RecordAttendance, { input }, key);
  const attendance = first.data.recordAttendance.attendance;
  if (!attendance) throw new Error(`recordAttendance refused: ${JSON.stringify(first.data.recordAttendance.userErrors)}`);
  print('recordAttendance', {
    attendanceId: attendance.id,
    household: attendance.household.reference,
    retryAttendanceId: retry.data.recordAttendance.attendance?.id ?? null,
    retryReplayed: retry.replayed,
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
