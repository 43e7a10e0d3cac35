import { randomUUID } from 'node:crypto';
import type { Ref } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { ProjectStatus } from '@schoolmix/shared';
import { PROJECT_STATUSES } from '@schoolmix/shared';
import { Field, ID, ObjectType } from 'type-graphql';
import { NodeInterface } from '../../graphql/node-interface.js';
import { ProjectStatusEnum } from '../../graphql/enums.js';
import { DateTime } from '../../graphql/scalars/index.js';
import { Project } from './project.entity.js';

/**
 * One status change of a project (submitted, approved, rejected, sent back, closed, reopened),
 * written in the same transaction as the change; never edited. `actorLabel` keeps who it was
 * (e-mail or API key label) even when the account is later removed.
 */
@ObjectType({ implements: NodeInterface, description: 'A status change of a project (Verloop)' })
@Entity({ tableName: 'project_transition' })
@Index({ name: 'project_transition_project_at_index', properties: ['project', 'at', 'seq'] })
export class ProjectTransition {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Project, { ref: true, deleteRule: 'cascade' })
  project!: Ref<Project>;

  @Field(() => ProjectStatusEnum, { name: 'from' })
  @Enum({ items: () => [...PROJECT_STATUSES], type: 'string' })
  fromStatus!: ProjectStatus;

  @Field(() => ProjectStatusEnum, { name: 'to' })
  @Enum({ items: () => [...PROJECT_STATUSES], type: 'string' })
  toStatus!: ProjectStatus;

  @Field(() => String, { nullable: true, description: 'The reason or note given with the change' })
  @Property({ type: 'text', nullable: true })
  note: string | null = null;

  @Field(() => ID, { nullable: true, description: 'The user who made the change (null for an API key)' })
  @Property({ type: 'uuid', nullable: true })
  actorUserId: string | null = null;

  @Field(() => String, { description: 'Who made the change: the user’s e-mail or the API key’s label' })
  @Property({ type: 'string' })
  actorLabel!: string;

  @Field(() => DateTime)
  @Property({ type: 'datetime' })
  at!: Date;

  /** Insertion order (an identity column), for transitions with the same `at` (a fixed clock). */
  @Property({ type: 'bigint', persist: false, nullable: true })
  seq?: string;
}
