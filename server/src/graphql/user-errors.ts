import { ForeignKeyConstraintViolationException, CheckConstraintViolationException, OptimisticLockError, UniqueConstraintViolationException, NotNullConstraintViolationException } from '@mikro-orm/core';
import { USER_ERROR_CODE_MEANINGS, USER_ERROR_CODES, type UserErrorCode } from '@schoolmix/shared';
import { Field, ObjectType, registerEnumType } from 'type-graphql';

/**
 * The GraphQL enum of every code a UserError can carry, built from the shared list so the server,
 * the SPA (codegen) and the schema cannot drift apart; user-error-codes.test.ts scans the server
 * for codes used outside it.
 */
export const UserErrorCodeEnum = Object.fromEntries(USER_ERROR_CODES.map((code) => [code, code])) as { [C in UserErrorCode]: C };
registerEnumType(UserErrorCodeEnum, {
  name: 'UserErrorCode',
  description: 'Why a mutation refused its input (UserError.code). Stable: new values may be added (listed in CHANGELOG.md), none is removed without a deprecation.',
  valuesConfig: Object.fromEntries(USER_ERROR_CODES.map((code) => [code, { description: USER_ERROR_CODE_MEANINGS[code] }])),
});

/** A rule the input broke, answered in the payload instead of as a GraphQL error. */
@ObjectType({ description: 'A rule the input broke; nothing was written.' })
export class UserError {
  @Field(() => [String], { description: 'Path to the input field, e.g. ["input", "targetHouseholds"]' })
  field!: string[];

  @Field(() => String)
  message!: string;

  @Field(() => UserErrorCodeEnum, { description: 'Stable code (README "Errors" lists each with its meaning)' })
  code!: UserErrorCode;
}

/** Thrown inside a mutation's transaction to roll it back and answer with user errors. */
export class UserErrorsException extends Error {
  constructor(readonly errors: UserError[]) {
    super(errors.map((e) => `${e.field.join('.')}: ${e.message}`).join('; '));
  }
}

export function userError(field: string | string[], message: string, code: UserErrorCode): UserError {
  const path = Array.isArray(field) ? field : field.split('.');
  return { field: ['input', ...path], message, code };
}

/** Collects every problem with an input before failing, so a form can show them all at once. */
export class Problems {
  readonly list: UserError[] = [];

  add(field: string | string[], message: string, code: UserErrorCode): this {
    this.list.push(userError(field, message, code));
    return this;
  }

  get empty(): boolean {
    return this.list.length === 0;
  }

  /** Stops the mutation (and rolls back its transaction) when anything was found. */
  throwIfAny(): void {
    if (!this.empty) throw new UserErrorsException(this.list);
  }
}

/**
 * Database constraints that back a service rule, mapped to the field and code the service
 * would have given. Reaching one means two requests raced past the service check.
 */
const CONSTRAINTS: Record<string, [field: string, code: UserErrorCode, message: string]> = {
  project_lead_period_unique: ['leadMunicipalityId', 'DUPLICATE', 'This municipality already has a project in this funding period'],
  project_target_households_max: ['targetHouseholds', 'EXCEEDS_MAX_HOUSEHOLDS', 'Target households exceed the funding period’s maximum'],
  project_subsidy_requested_max: ['subsidyRequested', 'EXCEEDS_MAX_SUBSIDY', 'Requested subsidy exceeds the funding period’s maximum'],
  project_subsidy_granted_max: ['subsidyGranted', 'EXCEEDS_MAX_SUBSIDY', 'Granted subsidy exceeds the funding period’s maximum'],
  attendance_household_event_unique: ['householdId', 'DUPLICATE', 'This household’s attendance at this event is already recorded'],
  household_project_reference_unique: ['reference', 'DUPLICATE', 'A household with this reference is already registered in this project'],
  organization_municipality_name_unique: ['name', 'DUPLICATE', 'An organisation with this name already exists in this municipality'],
  school_institution_number_unique: ['institutionNumber', 'DUPLICATE', 'A school with this institution number already exists'],
  municipality_nis_code_unique: ['nisCode', 'DUPLICATE', 'A municipality with this NIS code already exists'],
  project_application_window: ['fundingPeriodId', 'OUTSIDE_APPLICATION_WINDOW', 'Outside the funding period’s application window'],
  funding_period_no_overlap: ['startsOn', 'CONFLICT', 'Overlaps another funding period; periods do not overlap'],
  funding_period_number_unique: ['number', 'DUPLICATE', 'A funding period with this number already exists'],
  funding_period_application_window: ['applicationsCloseOn', 'INVALID', 'Applications close on or after the day they open'],
  funding_period_applications_close_by_end: ['applicationsCloseOn', 'INVALID', 'Applications close at the latest on the period’s last day'],
  funding_period_final_report_after_end: ['finalReportDueOn', 'INVALID', 'The final report is due after the period ends'],
  funding_period_advance_share_range: ['advanceShare', 'OUT_OF_RANGE', 'The advance share is 0–100 %'],
};

/** SQLSTATE of the frozen-figures triggers (migration frozen_figures, SPEC §9 step 7). */
export const FROZEN_SQLSTATE = 'SM001';

/** The input field a frozen-figures refusal is answered on, by the table the trigger fired on. */
const FROZEN_FIELD: Record<string, string> = {
  attendance: 'eventId',
  event: 'id',
  event_school: 'schoolIds',
  household: 'projectId',
  enrollment: 'householdId',
  project: 'id',
  project_partner_municipality: 'partnerMunicipalityIds',
  project_partner_organization: 'partnerOrganizationIds',
  project_school: 'schoolIds',
  organization: 'promotesSocialMix',
  funding_period: 'fundingPeriodId',
};

/** Turns a database refusal into user errors; returns null for anything it does not know. */
export function userErrorsFromDatabase(error: unknown): UserError[] | null {
  const driverError = error as { code?: unknown; table?: unknown; detail?: unknown } | null;
  if (driverError && typeof driverError === 'object' && driverError.code === FROZEN_SQLSTATE) {
    // The trigger's detail names the period or project ("… is final: its figures can no longer change").
    const message = typeof driverError.detail === 'string' && driverError.detail ? driverError.detail : 'The figures of a closed period can no longer change';
    const field = (typeof driverError.table === 'string' ? FROZEN_FIELD[driverError.table] : undefined) ?? [];
    return [userError(field, message, 'PERIOD_CLOSED')];
  }
  if (error instanceof OptimisticLockError) {
    return [userError('version', 'Someone else changed this record in the meantime; reload and try again', 'STALE_VERSION')];
  }
  const isConstraint =
    error instanceof UniqueConstraintViolationException ||
    error instanceof CheckConstraintViolationException ||
    error instanceof ForeignKeyConstraintViolationException ||
    error instanceof NotNullConstraintViolationException;
  if (!isConstraint) return null;
  const constraint = (error as { constraint?: string }).constraint ?? '';
  const known = CONSTRAINTS[constraint];
  if (known) return [userError(known[0], known[2], known[1])];
  return [userError([], `The database refused the change (${constraint || 'constraint'})`, 'INVALID')];
}
