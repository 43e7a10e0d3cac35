import { type Opt, type Ref } from '@mikro-orm/core';
import { Entity, Enum, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import type { Role } from '@schoolmix/shared';
import { ROLES } from '@schoolmix/shared';
import { Field, ObjectType } from 'type-graphql';
import { NodeInterface } from '../../graphql/node-interface.js';
import { VersionedEntity, BaseEntity } from '../../db/base.entity.js';
import { RoleEnum } from '../../graphql/enums.js';
import { DateTime } from '../../graphql/scalars/index.js';
import { Municipality } from '../municipality/municipality.entity.js';

/** A person who logs in. Coordinators belong to one municipality. */
@ObjectType({ implements: NodeInterface, description: 'Gebruiker' })
@Entity({ tableName: 'app_user' })
export class User extends VersionedEntity {
  @Field(() => String)
  @Property({ type: 'string', unique: true })
  email!: string;

  @Property({ type: 'string', hidden: true, lazy: true })
  passwordHash!: string;

  @Field(() => RoleEnum)
  @Enum({ items: () => [...ROLES], type: 'string' })
  role!: Role;

  @ManyToOne(() => Municipality, { ref: true, nullable: true, deleteRule: 'restrict' })
  municipality: Ref<Municipality> | null = null;

  @Field(() => Boolean)
  @Property({ type: 'boolean' })
  active: boolean & Opt = true;

  /** Raised on deactivation or a role change: every session token carrying an older value dies. */
  @Property({ type: 'integer' })
  tokenVersion: number & Opt = 1;
}

/** An integrator's key: only a hash is stored; the prefix lets people recognise it. */
@ObjectType({ implements: NodeInterface, description: 'API-sleutel' })
@Entity()
export class ApiKey extends BaseEntity {
  @Field(() => String)
  @Property({ type: 'string' })
  name!: string;

  @Field(() => String)
  @Property({ type: 'string', unique: true })
  prefix!: string;

  @Property({ type: 'string', hidden: true })
  secretHash!: string;

  @ManyToOne(() => Municipality, { ref: true, deleteRule: 'restrict' })
  municipality!: Ref<Municipality>;

  @ManyToOne(() => User, { ref: true, nullable: true, deleteRule: 'set null' })
  createdBy: Ref<User> | null = null;

  @Field(() => DateTime, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  lastUsedAt: Date | null = null;

  @Field(() => DateTime, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  revokedAt: Date | null = null;
}
