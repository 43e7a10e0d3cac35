import { type Opt } from '@mikro-orm/core';
import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { AUDIT_ACTIONS, AUDIT_ACTOR_KINDS, type AuditAction, type AuditActorKind } from '@schoolmix/shared';
import { Field, ID, ObjectType } from 'type-graphql';
import { NodeInterface } from '../../graphql/node-interface.js';
import { DateTime } from '../../graphql/scalars/index.js';
import { AuditActionEnum, AuditActorKindEnum } from '../../graphql/enums.js';

/** One changed field: JSON-encoded values, or neither for family data (only WHICH field changed). */
@ObjectType({ description: 'Gewijzigd veld' })
export class AuditChange {
  @Field(() => String, { description: 'The field (camelCase of the column, e.g. targetHouseholds, subsidyGrantedCents)' })
  field!: string;

  @Field(() => String, { nullable: true, description: 'The value before, JSON-encoded (null: none, e.g. the row was inserted, or withheld)' })
  before!: string | null;

  @Field(() => String, { nullable: true, description: 'The value after, JSON-encoded (null: none, e.g. the row was deleted, or withheld)' })
  after!: string | null;

  @Field(() => Boolean, { description: 'True for family data: only that the field changed is recorded, never its value' })
  withheld!: boolean;
}

/**
 * One written row of a domain table (migration 20261202100000_audit_trail): append-only,
 * recorded by database triggers in the transaction of the write. Read-only for the ORM.
 */
@ObjectType({ implements: NodeInterface, description: 'Auditgebeurtenis' })
@Entity({ tableName: 'audit_event', readonly: true })
export class AuditEvent {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  /** Insertion order, the tie-breaker within one transaction. */
  @Property({ type: 'bigint', hidden: true })
  seq!: string & Opt;

  @Field(() => DateTime)
  @Property({ type: 'datetime' })
  occurredAt!: Date;

  @Field(() => AuditActorKindEnum)
  @Enum({ items: () => [...AUDIT_ACTOR_KINDS], type: 'string' })
  actorKind!: AuditActorKind;

  @Field(() => ID, { nullable: true, description: 'The user or API key (null for SYSTEM)' })
  @Property({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @Field(() => String, { description: 'The e-mail address, the API key name, or the database role for SYSTEM' })
  @Property({ type: 'string' })
  actorLabel!: string;

  @Field(() => String, { nullable: true, description: 'X-Request-Id of the request that wrote it' })
  @Property({ type: 'string', nullable: true })
  requestId!: string | null;

  @Field(() => String, { nullable: true, description: 'The GraphQL mutation (null outside a request)' })
  @Property({ type: 'string', nullable: true })
  operation!: string | null;

  @Field(() => String, { description: 'PROJECT, EVENT, ATTENDANCE, HOUSEHOLD, ENROLLMENT, ORGANIZATION, FUNDING_PERIOD, USER, API_KEY, …' })
  @Property({ type: 'string' })
  entity!: string;

  @Field(() => ID)
  @Property({ type: 'uuid' })
  entityId!: string;

  @Field(() => AuditActionEnum)
  @Enum({ items: () => [...AUDIT_ACTIONS], type: 'string' })
  action!: AuditAction;

  /** `{column: {before, after}}`, or `{column: null}` for withheld family data. */
  @Property({ type: 'json' })
  changes!: Record<string, { before: unknown; after: unknown } | null>;

  @Field(() => ID, { nullable: true })
  @Property({ type: 'uuid', nullable: true })
  municipalityId!: string | null;

  @Field(() => ID, { nullable: true })
  @Property({ type: 'uuid', nullable: true })
  fundingPeriodId!: string | null;
}

const camel = (column: string) => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/** The changes as a list, fields in camelCase, values JSON-encoded. */
export function auditChanges(event: AuditEvent): AuditChange[] {
  return Object.entries(event.changes ?? {})
    .map(([column, change]) => ({
    field: camel(column),
    before: json(change?.before),
    after: json(change?.after),
    withheld: change === null,
  })).sort((a, b) => a.field.localeCompare(b.field));
}
