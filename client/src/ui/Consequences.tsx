import { useProgressWords } from '../app/progress';
import type { ConsequencePreviewFieldsFragment } from '../gql/graphql';
import { fmt } from './format';

/** The shape every preview answers (CancelEventPreview, RecordAttendancePreview, UpdateOrganizationPreview): consequences.fragment.ts. */
export type ConsequencePreview = ConsequencePreviewFieldsFragment;

/**
 * "Consequences before they happen" (issue 18): inside a confirmation, what the change would do
 * to the figures — families that stop (or start) counting, each project's reach and earned
 * subsidy before → after — as the server computed it. Read out politely as it arrives.
 */
export function Consequences({ preview, loading, failed }: { preview: ConsequencePreview | null | undefined; loading: boolean; failed: boolean }) {
  const words = useProgressWords();
  const t = words.t;
  let body;
  if (loading && !preview) body = <p>{t('consequence.loading')}</p>;
  else if (failed || !preview) body = <p>{t('consequence.failed')}</p>;
  else if (preview.userErrors.length > 0) body = <p>{t('consequence.refused', { reason: preview.userErrors.map((e) => e.message).join(' ') })}</p>;
  else if (preview.projects.length === 0) body = <p>{t('consequence.none')}</p>;
  else
    body = (
      <>
        <p>
          {preview.householdsNoLongerReached > 0 && t('consequence.lost', { count: preview.householdsNoLongerReached })}
          {preview.householdsNoLongerReached > 0 && preview.householdsNewlyReached > 0 && ' '}
          {preview.householdsNewlyReached > 0 && t('consequence.gained', { count: preview.householdsNewlyReached })}
        </p>
        <ul>
          {preview.projects.map((p) => (
            <li key={p.projectId}>
              {t('consequence.project', {
                title: p.title,
                before: fmt.int(p.reachedBefore),
                after: fmt.int(p.reachedAfter),
                target: fmt.int(p.targetHouseholds),
                progressBefore: fmt.percent(p.progressBefore),
                progressAfter: fmt.percent(p.progressAfter),
              })}
              {p.earnedBefore !== p.earnedAfter && ` ${t('consequence.earned', { before: fmt.euro(p.earnedBefore), after: fmt.euro(p.earnedAfter) })}`}
            </li>
          ))}
        </ul>
      </>
    );
  return (
    <div className="consequences" role="status" aria-live="polite">
      <h3>{t('consequence.title')}</h3>
      {body}
    </div>
  );
}
