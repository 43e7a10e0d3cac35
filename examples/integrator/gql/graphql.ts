/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AttendanceStatus =
  | 'ATTENDED'
  | 'NO_SHOW'
  | 'REGISTERED';

export type CreateEventInput = {
  capacity?: number | null | undefined;
  endsAt: string;
  /** ISO 639-1 codes, e.g. ["nl", "fr", "ar"] (each at most 16 characters) */
  languages?: Array<string>;
  /** A partner organisation of the project */
  organizerId: string | number;
  projectId: string | number;
  schoolIds?: Array<string | number>;
  startsAt: string;
  type: EventType;
  /** (at most 200 characters) */
  venue: string;
};

export type EventType =
  | 'PARENT_EVENING'
  | 'SCHOOL_VISIT';

export type RecordAttendanceInput = {
  eventId: string | number;
  householdId: string | number;
  status?: AttendanceStatus;
};

export type IntegratorEventsPageQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type IntegratorEventsPageQuery = { events: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, nodeId: string, type: EventType, startsAt: string, venue: string, attendanceCount: number | null, project: { id: string, title: string } }> } };

export type IntegratorContextQueryVariables = Exact<{ [key: string]: never; }>;


export type IntegratorContextQuery = { projects: { nodes: Array<{ id: string, fundingPeriod: { startsOn: string, endsOn: string }, partnerOrganizations: Array<{ id: string, name: string }>, households: { nodes: Array<{ id: string, reference: string }> } }> } };

export type IntegratorCreateEventMutationVariables = Exact<{
  input: CreateEventInput;
}>;


export type IntegratorCreateEventMutation = { createEvent: { event: { id: string, nodeId: string, startsAt: string, venue: string } | null, userErrors: Array<{ field: Array<string>, code: string, message: string }> } };

export type IntegratorRecordAttendanceMutationVariables = Exact<{
  input: RecordAttendanceInput;
}>;


export type IntegratorRecordAttendanceMutation = { recordAttendance: { attendance: { id: string, status: AttendanceStatus, household: { reference: string }, event: { id: string } } | null, userErrors: Array<{ field: Array<string>, code: string, message: string }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const IntegratorEventsPageDocument = new TypedDocumentString(`
    query IntegratorEventsPage($first: Int!, $after: String) {
  events(
    first: $first
    after: $after
    orderBy: [{field: STARTS_AT, direction: ASC}]
  ) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      nodeId
      type
      startsAt
      venue
      project {
        id
        title
      }
      attendanceCount
    }
  }
}
    `) as unknown as TypedDocumentString<IntegratorEventsPageQuery, IntegratorEventsPageQueryVariables>;
export const IntegratorContextDocument = new TypedDocumentString(`
    query IntegratorContext {
  projects(first: 100, filter: {statuses: [APPROVED]}) {
    nodes {
      id
      fundingPeriod {
        startsOn
        endsOn
      }
      partnerOrganizations {
        id
        name
      }
      households(first: 1) {
        nodes {
          id
          reference
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<IntegratorContextQuery, IntegratorContextQueryVariables>;
export const IntegratorCreateEventDocument = new TypedDocumentString(`
    mutation IntegratorCreateEvent($input: CreateEventInput!) {
  createEvent(input: $input) {
    event {
      id
      nodeId
      startsAt
      venue
    }
    userErrors {
      field
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<IntegratorCreateEventMutation, IntegratorCreateEventMutationVariables>;
export const IntegratorRecordAttendanceDocument = new TypedDocumentString(`
    mutation IntegratorRecordAttendance($input: RecordAttendanceInput!) {
  recordAttendance(input: $input) {
    attendance {
      id
      status
      household {
        reference
      }
      event {
        id
      }
    }
    userErrors {
      field
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<IntegratorRecordAttendanceMutation, IntegratorRecordAttendanceMutationVariables>;