import { randomUUID } from 'node:crypto';
import { type Opt } from '@mikro-orm/core';
import { PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTime } from '../graphql/scalars/index.js';

/** id (UUID), createdAt and updatedAt: what every entity carries (SPEC section 3). */
@ObjectType()
export abstract class BaseEntity {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field(() => DateTime)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();

  @Field(() => DateTime)
  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}

/** An entity edited through the API: `version` guards against lost updates (optimistic lock). */
@ObjectType()
export abstract class VersionedEntity extends BaseEntity {
  @Field(() => Int, { description: 'Optimistic lock: send it back with an update.' })
  @Property({ type: 'integer', version: true })
  version: number & Opt = 1;
}
