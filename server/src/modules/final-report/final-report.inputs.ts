import type { FinalReportStatus } from '@schoolmix/shared';
import { ArgsType, Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { ConnectionArgs } from '../../graphql/connection.js';
import { Payload } from '../../graphql/mutation.js';
import { FinalReport, FinalReportStatusEnum } from './final-report.entity.js';

@ArgsType()
export class FinalReportsArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true }) fundingPeriodId?: string | null;
  @Field(() => FinalReportStatusEnum, { nullable: true }) status?: FinalReportStatus | null;
}

@InputType()
export class SaveFinalReportInput {
  @Field(() => ID) projectId!: string;
  @Field(() => Int, { nullable: true, description: 'The report’s version the change is based on (leave out for the first save)' }) version?: number | null;
  @Field(() => String, { nullable: true }) whatWasDone?: string | null;
  @Field(() => String, { nullable: true }) whatWorked?: string | null;
  @Field(() => String, { nullable: true }) obstacles?: string | null;
}

@InputType({ description: 'Submits the report (and saves the narrative given with it); freezes the figures into its snapshot' })
export class SubmitFinalReportInput extends SaveFinalReportInput {}

export const FinalReportDecision = { ACCEPT: 'ACCEPT', REQUEST_CHANGES: 'REQUEST_CHANGES' } as const;
registerEnumType(FinalReportDecision, { name: 'FinalReportDecision' });

@InputType()
export class ReviewFinalReportInput {
  @Field(() => ID) projectId!: string;
  @Field(() => Int) version!: number;
  @Field(() => FinalReportDecision) decision!: keyof typeof FinalReportDecision;
  @Field(() => String, { nullable: true, description: 'Required for REQUEST_CHANGES: what must change' }) note?: string | null;
}

@InputType()
export class WaiveFinalReportInput {
  @Field(() => ID) projectId!: string;
  @Field(() => Int, { nullable: true, description: 'The report’s version, when one exists' }) version?: number | null;
  @Field(() => String, { description: 'Why this project need not report' }) reason!: string;
}

export const SaveFinalReportPayload = Payload('SaveFinalReport', 'finalReport', FinalReport);
export const SubmitFinalReportPayload = Payload('SubmitFinalReport', 'finalReport', FinalReport);
export const ReviewFinalReportPayload = Payload('ReviewFinalReport', 'finalReport', FinalReport);
export const WaiveFinalReportPayload = Payload('WaiveFinalReport', 'finalReport', FinalReport);
