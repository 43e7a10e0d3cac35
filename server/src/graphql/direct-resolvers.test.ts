import { buildSchema, Authorized, Arg, Field, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root, UseMiddleware } from 'type-graphql';
import { describe, expect, it } from 'vitest';
import { checkDirectResolvers } from './direct-resolvers.js';
import { getSchema } from './schema.js';

/**
 * A type and its resolver declared when called: type-graphql keeps one global store of metadata, and
 * an `@Authorized` in it at module load would make Schoolmix's own schema (built without an
 * authChecker) refuse to build.
 */
function widgetResolver() {
  @ObjectType('DirectWidget')
  class Widget {
    @Field(() => ID)
    id!: string;
  }

  @Resolver(() => Widget)
  class WidgetResolver {
    @Query(() => Widget)
    directWidget(): Widget {
      return { id: 'w' };
    }

    @FieldResolver(() => Int)
    @UseMiddleware((_data, next) => next())
    size(@Root() _w: Widget, @Arg('unit', () => String, { defaultValue: 'cm' }) _unit: string): number {
      return 1;
    }

    @FieldResolver(() => Int)
    @Authorized('ADMIN')
    weight(@Root() _w: Widget): number {
      return 2;
    }

    @FieldResolver(() => Int)
    @Authorized()
    height(@Root() _w: Widget): number {
      return 4;
    }

    @FieldResolver(() => Int)
    depth(@Root() _w: Widget, @Arg('unit', () => String, { defaultValue: 'cm' }) _unit: string): number {
      return 3;
    }
  }

  // A middleware on the whole resolver class applies to each of its fields.
  @Resolver(() => Widget)
  @UseMiddleware((_data, next) => next())
  class WidgetExtrasResolver {
    @FieldResolver(() => Int)
    width(@Root() _w: Widget): number {
      return 5;
    }
  }
  return [WidgetResolver, WidgetExtrasResolver] as const;
}

/**
 * A field resolved directly (direct-resolvers.ts) runs without type-graphql's handler, so what that
 * handler would have run for it must not exist: the schema refuses to build otherwise.
 */
describe('fields resolved directly', () => {
  it("are fields of Schoolmix's schema, declared without roles or middlewares", async () => {
    const schema = await getSchema();
    expect(() => checkDirectResolvers(schema)).not.toThrow();
    expect(() => checkDirectResolvers(schema, ['Event.attendanceCount'])).not.toThrow();
  });

  it('refuses a coordinate the schema does not have', async () => {
    const schema = await getSchema();
    expect(() => checkDirectResolvers(schema, ['Event.attendanceCounts'])).toThrow('Event.attendanceCounts is resolved directly, but the schema has no such field');
    expect(() => checkDirectResolvers(schema, ['Evnt.attendanceCount'])).toThrow('no such field');
  });

  it('refuses a method with middlewares or @Authorized, and takes one without', async () => {
    await getSchema();
    const schema = await buildSchema({ resolvers: widgetResolver(), validate: false, authChecker: () => true });
    expect(() => checkDirectResolvers(schema, ['DirectWidget.size'])).toThrow('DirectWidget.size is resolved directly, which would skip the middlewares of WidgetResolver.size');
    expect(() => checkDirectResolvers(schema, ['DirectWidget.weight'])).toThrow('which would skip the @Authorized of');
    // A bare @Authorized() names no role and is enforced all the same.
    expect(() => checkDirectResolvers(schema, ['DirectWidget.height'])).toThrow('which would skip the @Authorized of');
    expect(() => checkDirectResolvers(schema, ['DirectWidget.width'])).toThrow('which would skip the middlewares of WidgetExtrasResolver.width');
    expect(() => checkDirectResolvers(schema, ['DirectWidget.depth'])).not.toThrow();
  });
});
