import type { Opt, Ref } from '@mikro-orm/core';
import { Entity, Enum, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { EVENT_TYPES, FINAL_REPORT_STATUSES, type EventType, type FinalReportStatus } from '@schoolmix/shared';
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { VersionedEntity } from '../../db/base.entity.js';
import { EventTypeEnum } from '../../graphql/enums.js';
import { DateTime, Euro } from '../../graphql/scalars/index.js';
import { Project } from '../project/project.entity.js';

export const FinalReportStatusEnum = Object.fromEntries(FINAL_REPORT_STATUSES.map((s) => [s, s])) as { [K in FinalReportStatus]: K };
registerEnumType(FinalReportStatusEnum, {
  name: 'FinalReportStatus',
  description: 'DRAFT → SUBMITTED → ACCEPTED (the project becomes CLOSED) or CHANGES_REQUESTED (→ SUBMITTED again); WAIVED: exempted by a reviewer, with a reason',
});

/**
 * The figures a final report is about, as stored in `final_report.snapshot` (JSON, money in
 * cents) and as computed live. Keys are stable: they name the figures in `differences`.
 */
export interface FiguresData {
  reached: number;
  target: number;
  byEventType: Record<EventType, number>;
  eventsHeld: number;
  eventsHeldByType: Record<EventType, number>;
  families: { withIndicator: number; withoutIndicator: number; indicatorUnknown: number; withSpecialNeeds: number };
  grantedCents: number;
  ratePerHouseholdCents: number;
  earnedCents: number;
}

@ObjectType('FinalReportEventTypeFigures', { description: 'Reached households and events held per event type' })
export class FinalReportEventTypeFigures {
  @Field(() => EventTypeEnum) type!: EventType;
  @Field(() => Int, { description: 'Distinct households reached through this type' }) reached!: number;
  @Field(() => Int, { description: 'Events of this type held (not cancelled, started inside the period)' }) eventsHeld!: number;
}

@ObjectType('FinalReportFamilies', { description: 'Reached households by their consented characteristics' })
export class FinalReportFamilies {
  @Field(() => Int) withIndicator!: number;
  @Field(() => Int) withoutIndicator!: number;
  @Field(() => Int) indicatorUnknown!: number;
  @Field(() => Int) withSpecialNeeds!: number;
}

@ObjectType('FinalReportFigures', { description: 'The figures of a final report: frozen at submission (snapshot) or as they are now (live)' })
export class FinalReportFigures {
  @Field(() => Int) reached!: number;
  @Field(() => Int) target!: number;
  @Field(() => Int) eventsHeld!: number;
  @Field(() => [FinalReportEventTypeFigures]) byEventType!: FinalReportEventTypeFigures[];
  @Field(() => FinalReportFamilies) families!: FinalReportFamilies;
  @Field(() => Euro) subsidyGranted!: number;
  @Field(() => Euro) ratePerHousehold!: number;
  @Field(() => Euro, { description: 'min(reached, target) × rate, capped at the granted subsidy' }) earnedSubsidy!: number;
}

/** The GraphQL view of stored figures. */
export function figuresOf(d: FiguresData): FinalReportFigures {
  return {
    reached: d.reached,
    target: d.target,
    eventsHeld: d.eventsHeld,
    byEventType: EVENT_TYPES.map((type) => ({ type, reached: d.byEventType[type] ?? 0, eventsHeld: d.eventsHeldByType[type] ?? 0 })),
    families: { ...d.families },
    subsidyGranted: d.grantedCents,
    ratePerHousehold: d.ratePerHouseholdCents,
    earnedSubsidy: d.earnedCents,
  };
}

@ObjectType('FinalReportDifference', { description: 'A figure whose live value differs from the submitted snapshot (the snapshot is never overwritten)' })
export class FinalReportDifference {
  @Field(() => String, { description: 'Which figure: reached, target, eventsHeld, byEventType.<TYPE>.reached, byEventType.<TYPE>.eventsHeld, families.<field>, subsidyGranted, earnedSubsidy' })
  figure!: string;
  @Field(() => Float, { description: 'In the snapshot (money in euro)' }) snapshot!: number;
  @Field(() => Float, { description: 'Now (money in euro)' }) live!: number;
  @Field(() => Boolean, { description: 'The values are euro amounts' }) money!: boolean;
}

/**
 * A project's final report (Eindrapport): the coordinator's narrative and, once submitted, the
 * snapshot of the figures it reported; one per project.
 */
@ObjectType({ description: 'Final report (Eindrapport) of a funded project' })
@Entity({ tableName: 'final_report' })
export class FinalReport extends VersionedEntity {
  @ManyToOne(() => Project, { ref: true, deleteRule: 'cascade', unique: 'final_report_project_unique' })
  project!: Ref<Project>;

  @Field(() => FinalReportStatusEnum)
  @Enum({ items: () => [...FINAL_REPORT_STATUSES], type: 'string' })
  status: FinalReportStatus & Opt = 'DRAFT';

  @Field(() => String, { description: 'What was done' })
  @Property({ type: 'text' })
  whatWasDone: string & Opt = '';

  @Field(() => String, { description: 'What worked' })
  @Property({ type: 'text' })
  whatWorked: string & Opt = '';

  @Field(() => String, { description: 'Obstacles met' })
  @Property({ type: 'text' })
  obstacles: string & Opt = '';

  /** Frozen at submission; GraphQL reads it through FinalReport.snapshot (figuresOf). */
  @Property({ type: 'json', nullable: true })
  snapshot: FiguresData | null = null;

  @Field(() => DateTime, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  submittedAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true, fieldName: 'submitted_by_id' })
  submittedById: string | null = null;

  @Field(() => String, { nullable: true, name: 'submittedBy', description: 'Who submitted: the user’s e-mail' })
  @Property({ type: 'string', nullable: true })
  submittedByLabel: string | null = null;

  @Field(() => DateTime, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  reviewedAt: Date | null = null;

  @Property({ type: 'uuid', nullable: true, fieldName: 'reviewed_by_id' })
  reviewedById: string | null = null;

  @Field(() => String, { nullable: true, name: 'reviewedBy', description: 'Who accepted, asked for changes or waived' })
  @Property({ type: 'string', nullable: true })
  reviewedByLabel: string | null = null;

  @Field(() => String, { nullable: true, description: 'The reviewer’s note (required when asking for changes)' })
  @Property({ type: 'text', nullable: true })
  reviewNote: string | null = null;

  @Field(() => String, { nullable: true, description: 'Why the report was waived' })
  @Property({ type: 'text', nullable: true })
  waiverReason: string | null = null;
}
