import type { EntityManager } from '@mikro-orm/sql';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { recordActor } from '../../graphql/mutation.js';
import { UserError, UserErrorsException, userErrorsFromDatabase } from '../../graphql/user-errors.js';
import { Euro } from '../../graphql/scalars/index.js';
import { sqlArray } from '../../db/sql.js';
import { reachedAttendancesSql } from '../kpi/kpi.js';
import { earnedCents } from './money.js';

@ObjectType({ description: 'What a change would do to one project’s figures' })
export class ProjectConsequence {
  @Field(() => ID) projectId!: string;
  @Field(() => String) title!: string;
  @Field(() => Int) targetHouseholds!: number;
  @Field(() => Int, { description: 'Reached households now' }) reachedBefore!: number;
  @Field(() => Int, { description: 'Reached households after the change' }) reachedAfter!: number;
  @Field(() => Float, { description: 'reachedBefore / target' }) progressBefore!: number;
  @Field(() => Float, { description: 'reachedAfter / target' }) progressAfter!: number;
  @Field(() => Int, { description: 'Households that count now and would no longer count' }) householdsNoLongerReached!: number;
  @Field(() => Int, { description: 'Households that would count and do not now' }) householdsNewlyReached!: number;
  @Field(() => Euro, { description: 'Subsidy earned by the reached households now (money.ts earnedCents)' }) earnedBefore!: number;
  @Field(() => Euro, { description: 'Subsidy earned after the change' }) earnedAfter!: number;
}

@ObjectType({ description: 'The consequences of a change, computed by making it in a transaction that is rolled back: nothing is written' })
export class ConsequencePreview {
  @Field(() => [ProjectConsequence], { description: 'Only the projects whose reach would change' })
  projects!: ProjectConsequence[];

  @Field(() => Int) householdsNoLongerReached!: number;
  @Field(() => Int) householdsNewlyReached!: number;

  @Field(() => [UserError], { description: 'The refusals the change itself would answer (then projects is empty)' })
  userErrors!: UserError[];
}

/** Thrown to undo the change (and the savepoint's reads) once its consequences are known. */
class PreviewRollback extends Error {
  constructor() {
    super('Preview: rolled back');
  }
}

async function reachedPerProject(em: EntityManager): Promise<Map<string, number>> {
  const rows = await em.execute<{ project_id: string; reached: number }[]>('select project_id, reached from project_kpi');
  return new Map(rows.map((r) => [r.project_id, Number(r.reached)]));
}

async function reachedHouseholds(em: EntityManager, projectIds: string[]): Promise<Set<string>> {
  if (projectIds.length === 0) return new Set();
  const rows = await em.execute<{ project_id: string; household_id: string }[]>(
    `select distinct r.project_id, r.household_id from (${reachedAttendancesSql('p.id = any(?::uuid[])')}) r`,
    [sqlArray(projectIds)],
  );
  return new Set(rows.map((r) => `${r.project_id}/${r.household_id}`));
}

/**
 * Runs `change` (the very service a mutation calls, so every rule and database trigger applies)
 * inside a savepoint of a transaction, reads the maintained reach of every project before and
 * after, and the reached households of the projects whose reach moves; then rolls everything
 * back. The answer is what the mutation would do, computed by the same rules, without writing.
 */
export async function previewConsequences(ctx: Context, change: (em: EntityManager) => Promise<unknown>): Promise<ConsequencePreview> {
  let preview: ConsequencePreview | null = null;
  try {
    await ctx.em.transactional(async (em) => {
      await recordActor(em, ctx);
      const before = await reachedPerProject(em);
      let after = new Map<string, number>();
      let changed: string[] = [];
      let householdsAfter = new Set<string>();
      try {
        await em.transactional(async (inner) => {
          await change(inner);
          await inner.flush();
          after = await reachedPerProject(inner);
          changed = [...new Set([...before.keys(), ...after.keys()])].filter((id) => (before.get(id) ?? 0) !== (after.get(id) ?? 0));
          householdsAfter = await reachedHouseholds(inner, changed);
          throw new PreviewRollback();
        });
      } catch (error) {
        if (!(error instanceof PreviewRollback)) throw error;
      }
      const householdsBefore = await reachedHouseholds(em, changed);
      const facts = changed.length
        ? await em.execute<{ id: string; title: string; target_households: number; subsidy_granted_cents: number | null; rate: number }[]>(
            `select p.id, p.title, p.target_households, p.subsidy_granted_cents, fp.rate_per_household_cents as rate
               from project p join funding_period fp on fp.id = p.funding_period_id where p.id = any(?::uuid[]) order by p.title, p.id`,
            [sqlArray(changed)],
          )
        : [];
      const lost = [...householdsBefore].filter((k) => !householdsAfter.has(k));
      const gained = [...householdsAfter].filter((k) => !householdsBefore.has(k));
      const ofProject = (keys: string[], id: string) => keys.filter((k) => k.startsWith(`${id}/`)).length;
      const earned = (reached: number, f: (typeof facts)[number]) =>
        earnedCents({ reached, target: f.target_households, ratePerHouseholdCents: Number(f.rate), grantedCents: f.subsidy_granted_cents === null ? null : Number(f.subsidy_granted_cents) });
      preview = {
        projects: facts.map((f) => {
          const reachedBefore = before.get(f.id) ?? 0;
          const reachedAfter = after.get(f.id) ?? 0;
          const target = Number(f.target_households);
          return {
            projectId: f.id,
            title: f.title,
            targetHouseholds: target,
            reachedBefore,
            reachedAfter,
            progressBefore: target > 0 ? reachedBefore / target : 0,
            progressAfter: target > 0 ? reachedAfter / target : 0,
            householdsNoLongerReached: ofProject(lost, f.id),
            householdsNewlyReached: ofProject(gained, f.id),
            earnedBefore: earned(reachedBefore, f),
            earnedAfter: earned(reachedAfter, f),
          };
        }),
        householdsNoLongerReached: lost.length,
        householdsNewlyReached: gained.length,
        userErrors: [],
      };
      throw new PreviewRollback();
    });
  } catch (error) {
    if (!(error instanceof PreviewRollback)) {
      const userErrors = error instanceof UserErrorsException ? error.errors : userErrorsFromDatabase(error);
      if (!userErrors) throw error;
      ctx.em.clear();
      return { projects: [], householdsNoLongerReached: 0, householdsNewlyReached: 0, userErrors };
    }
  }
  ctx.em.clear();
  return preview!;
}
