/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query IntegratorEventsPage($first: Int!, $after: String) {\n    events(first: $first, after: $after, orderBy: [{ field: STARTS_AT, direction: ASC }]) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes { id nodeId type startsAt venue project { id title } attendanceCount }\n    }\n  }\n": typeof types.IntegratorEventsPageDocument,
    "\n  query IntegratorContext {\n    projects(first: 100, filter: { statuses: [APPROVED] }) {\n      nodes {\n        id\n        fundingPeriod { startsOn endsOn }\n        partnerOrganizations { id name }\n        households(first: 1) { nodes { id reference } }\n      }\n    }\n  }\n": typeof types.IntegratorContextDocument,
    "\n  mutation IntegratorCreateEvent($input: CreateEventInput!) {\n    createEvent(input: $input) {\n      event { id nodeId startsAt venue }\n      userErrors { field code message }\n    }\n  }\n": typeof types.IntegratorCreateEventDocument,
    "\n  mutation IntegratorRecordAttendance($input: RecordAttendanceInput!) {\n    recordAttendance(input: $input) {\n      attendance { id status household { reference } event { id } }\n      userErrors { field code message }\n    }\n  }\n": typeof types.IntegratorRecordAttendanceDocument,
};
const documents: Documents = {
    "\n  query IntegratorEventsPage($first: Int!, $after: String) {\n    events(first: $first, after: $after, orderBy: [{ field: STARTS_AT, direction: ASC }]) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes { id nodeId type startsAt venue project { id title } attendanceCount }\n    }\n  }\n": types.IntegratorEventsPageDocument,
    "\n  query IntegratorContext {\n    projects(first: 100, filter: { statuses: [APPROVED] }) {\n      nodes {\n        id\n        fundingPeriod { startsOn endsOn }\n        partnerOrganizations { id name }\n        households(first: 1) { nodes { id reference } }\n      }\n    }\n  }\n": types.IntegratorContextDocument,
    "\n  mutation IntegratorCreateEvent($input: CreateEventInput!) {\n    createEvent(input: $input) {\n      event { id nodeId startsAt venue }\n      userErrors { field code message }\n    }\n  }\n": types.IntegratorCreateEventDocument,
    "\n  mutation IntegratorRecordAttendance($input: RecordAttendanceInput!) {\n    recordAttendance(input: $input) {\n      attendance { id status household { reference } event { id } }\n      userErrors { field code message }\n    }\n  }\n": types.IntegratorRecordAttendanceDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IntegratorEventsPage($first: Int!, $after: String) {\n    events(first: $first, after: $after, orderBy: [{ field: STARTS_AT, direction: ASC }]) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      nodes { id nodeId type startsAt venue project { id title } attendanceCount }\n    }\n  }\n"): typeof import('./graphql.js').IntegratorEventsPageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IntegratorContext {\n    projects(first: 100, filter: { statuses: [APPROVED] }) {\n      nodes {\n        id\n        fundingPeriod { startsOn endsOn }\n        partnerOrganizations { id name }\n        households(first: 1) { nodes { id reference } }\n      }\n    }\n  }\n"): typeof import('./graphql.js').IntegratorContextDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation IntegratorCreateEvent($input: CreateEventInput!) {\n    createEvent(input: $input) {\n      event { id nodeId startsAt venue }\n      userErrors { field code message }\n    }\n  }\n"): typeof import('./graphql.js').IntegratorCreateEventDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation IntegratorRecordAttendance($input: RecordAttendanceInput!) {\n    recordAttendance(input: $input) {\n      attendance { id status household { reference } event { id } }\n      userErrors { field code message }\n    }\n  }\n"): typeof import('./graphql.js').IntegratorRecordAttendanceDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
