import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { RecordAttendanceInput } from '../attendance/attendance.inputs.js';
import { recordAttendance } from '../attendance/attendance.service.js';
import { CancelEventInput } from '../event/event.inputs.js';
import { cancelEvent } from '../event/event.service.js';
import { UpdateOrganizationInput } from '../organization/organization.inputs.js';
import { updateOrganization } from '../organization/organization.service.js';
import { ConsequencePreview, previewConsequences } from './consequences.js';

/**
 * "Consequences before they happen" (issue 18): each preview takes the mutation's own input,
 * runs the mutation's own service in a transaction that is rolled back, and answers what would
 * change — the confirmation dialog shows it before the user commits.
 */
@Resolver()
export class ConsequencesResolver {
  @Query(() => ConsequencePreview, { description: 'What cancelEvent with this input would change (families that stop counting, reach before/after); writes nothing' })
  previewCancelEvent(@Arg('input', () => CancelEventInput) input: CancelEventInput, @Ctx() ctx: Context) {
    return previewConsequences(ctx, (em) => cancelEvent(em, input, ctx.viewer, ctx.config.now()));
  }

  @Query(() => ConsequencePreview, { description: 'What recordAttendance with this input would change (e.g. NO_SHOW over ATTENDED); writes nothing' })
  previewRecordAttendance(@Arg('input', () => RecordAttendanceInput) input: RecordAttendanceInput, @Ctx() ctx: Context) {
    return previewConsequences(ctx, (em) => recordAttendance(em, input, ctx.viewer, ctx.config.now()));
  }

  @Query(() => ConsequencePreview, { description: 'What updateOrganization with this input would change (its promotes-social-mix flag decides which events count); writes nothing' })
  previewUpdateOrganization(@Arg('input', () => UpdateOrganizationInput) input: UpdateOrganizationInput, @Ctx() ctx: Context) {
    return previewConsequences(ctx, (em) => updateOrganization(em, input, ctx.viewer));
  }
}
