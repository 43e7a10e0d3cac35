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

/** Why a mutation refused its input (UserError.code). Stable: new values may be added (listed in CHANGELOG.md), none is removed without a deprecation. */
export type UserErrorCode =
  /** The value clashes with another record (for example overlapping periods, or two rows of one import about the same thing). */
  | 'CONFLICT'
  /** A pseudonymous text holds an identifier (national number, phone, e-mail, IBAN); the message names the kind, never the value. */
  | 'CONTAINS_IDENTIFIER'
  /** Another record already has this unique value. */
  | 'DUPLICATE'
  /** The event was cancelled and can no longer change. */
  | 'EVENT_CANCELLED'
  /** The target households exceed the funding period’s maximum. */
  | 'EXCEEDS_MAX_HOUSEHOLDS'
  /** The subsidy exceeds the funding period’s maximum. */
  | 'EXCEEDS_MAX_SUBSIDY'
  /** The period cannot become FINAL: funded projects still lack an accepted or waived final report (the message says how many). */
  | 'FINAL_REPORTS_OUTSTANDING'
  /** The caller may not make this change (for example a record of another municipality). */
  | 'FORBIDDEN'
  /** The value is not acceptable here (format, combination with another field, or a rule the message names). */
  | 'INVALID'
  /** Unknown e-mail address or wrong password. */
  | 'INVALID_CREDENTIALS'
  /** The record’s status does not allow this step (the project status machine). */
  | 'INVALID_TRANSITION'
  /** The organisation or municipality is not a partner of the project. */
  | 'NOT_A_PARTNER'
  /** The id or reference names nothing the caller may see. */
  | 'NOT_FOUND'
  /** An application (create or submit) outside the funding period’s application window. */
  | 'OUTSIDE_APPLICATION_WINDOW'
  /** The date lies outside the project’s funding period. */
  | 'OUTSIDE_PERIOD'
  /** The number or date lies outside the allowed range. */
  | 'OUT_OF_RANGE'
  /** The write would change the figures of a FINAL period or a CLOSED project. */
  | 'PERIOD_CLOSED'
  /** The funding period is final. */
  | 'PERIOD_FINAL'
  /** The records belong to different projects. */
  | 'PROJECT_MISMATCH'
  /** Too many attempts; the payload says when to try again. */
  | 'RATE_LIMITED'
  /** A value is required here. */
  | 'REQUIRED'
  /** Someone else changed the record since it was read (optimistic lock): reload and try again. */
  | 'STALE_VERSION'
  /** The text (or list) is longer than allowed; the message gives the maximum. */
  | 'TOO_LONG'
  /** The text is shorter than allowed. */
  | 'TOO_SHORT'
  /** The password is too short or too weak. */
  | 'WEAK_PASSWORD';

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


export type IntegratorCreateEventMutation = { createEvent: { event: { id: string, nodeId: string, startsAt: string, venue: string } | null, userErrors: Array<{ field: Array<string>, code: UserErrorCode, message: string }> } };

export type IntegratorRecordAttendanceMutationVariables = Exact<{
  input: RecordAttendanceInput;
}>;


export type IntegratorRecordAttendanceMutation = { recordAttendance: { attendance: { id: string, status: AttendanceStatus, household: { reference: string }, event: { id: string } } | null, userErrors: Array<{ field: Array<string>, code: UserErrorCode, message: string }> } };

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