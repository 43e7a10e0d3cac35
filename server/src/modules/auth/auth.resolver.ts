import { Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import type { Role } from '@schoolmix/shared';
import type { Context } from '../../graphql/context.js';
import { RoleEnum } from '../../graphql/enums.js';
import { Municipality } from '../municipality/municipality.entity.js';

@ObjectType('Viewer', { description: 'Who is asking' })
export class ViewerType {
  @Field(() => String, { description: 'user, apiKey or anonymous' }) kind!: string;
  @Field(() => String) label!: string;
  @Field(() => RoleEnum, { nullable: true }) role!: Role | null;
  @Field(() => Municipality, { nullable: true }) municipality!: Municipality | null;
}

@Resolver()
export class AuthResolver {
  @Query(() => ViewerType, { description: 'The current user or API key, its role and municipality' })
  async viewer(@Ctx() ctx: Context): Promise<ViewerType> {
    const v = ctx.viewer;
    const municipality = v.municipalityId ? await ctx.loaders.byId(Municipality).load(v.municipalityId) : null;
    return { kind: v.kind, label: v.label, role: v.role, municipality };
  }
}
