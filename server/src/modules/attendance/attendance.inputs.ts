import type { AttendanceStatus } from '@schoolmix/shared';
import { LIMITS } from '@schoolmix/shared';
import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionArgs, OrderInput } from '../../graphql/connection.js';
import { AttendanceStatusEnum } from '../../graphql/enums.js';
import { Payload } from '../../graphql/mutation.js';
import { UserError } from '../../graphql/user-errors.js';
import { Attendance } from './attendance.entity.js';

export const AttendanceOrderField = { RECORDED_AT: 'recordedAt', STATUS: 'status' } as const;
registerEnumType(AttendanceOrderField, { name: 'AttendanceOrderField' });
export const AttendanceOrder = OrderInput('Attendance', AttendanceOrderField);

@InputType()
export class AttendanceFilter {
  @Field(() => [AttendanceStatusEnum], { nullable: true })
  statuses?: AttendanceStatus[] | null;
}

@ArgsType()
export class AttendancesArgs extends ConnectionArgs {
  @Field(() => AttendanceFilter, { nullable: true })
  filter?: AttendanceFilter | null;

  @Field(() => [AttendanceOrder], { nullable: true })
  orderBy?: InstanceType<typeof AttendanceOrder>[] | null;
}

@InputType()
export class RecordAttendanceInput {
  @Field(() => ID) householdId!: string;
  @Field(() => ID) eventId!: string;
  @Field(() => AttendanceStatusEnum, { defaultValue: 'ATTENDED' }) status!: AttendanceStatus;
}

export const RecordAttendancePayload = Payload('RecordAttendance', 'attendance', Attendance);

@InputType({ description: 'One row of an import; the household by id or by its reference in the event’s project' })
export class AttendanceImportRow {
  @Field(() => ID) eventId!: string;
  @Field(() => ID, { nullable: true }) householdId?: string | null;
  @Field(() => String, { nullable: true }) householdReference?: string | null;
  @Field(() => AttendanceStatusEnum, { defaultValue: 'ATTENDED' }) status!: AttendanceStatus;
}

@InputType()
export class ImportAttendancesInput {
  @Field(() => [AttendanceImportRow], { description: `At most ${LIMITS.importMaxRows} rows; all are written or none` })
  rows!: AttendanceImportRow[];

  @Field(() => Boolean, {
    defaultValue: false,
    description: 'Check every row exactly as a real import would, and answer the same payload (counts as they would be, an error per bad row), but write nothing',
  })
  dryRun!: boolean;
}

@ObjectType({ description: 'All rows are written, or none: then userErrors name each bad row. After a dry run nothing is written, whatever the counts say' })
export class ImportAttendancesPayload {
  @Field(() => Int, { description: 'New attendances' }) created!: number;
  @Field(() => Int, { description: 'Existing attendances whose status changed' }) updated!: number;
  @Field(() => Int, { description: 'Rows that were already recorded exactly so' }) unchanged!: number;
  @Field(() => [UserError]) userErrors!: UserError[];
}
