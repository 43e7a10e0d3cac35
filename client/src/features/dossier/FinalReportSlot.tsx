import { useQuery } from '@apollo/client/react';
import { useT } from '../../i18n';
import { fmt } from '../../ui/format';
import { Skeleton } from '../../ui/Skeleton';
import { ErrorState } from '../../ui/States';
import { FinalReportQuery } from '../final-reports/final-report.query';
import { Figures, NarrativeText } from '../final-reports/FinalReportSection';
import '../final-reports/final-reports.i18n';
import './dossier.i18n';

/**
 * The final report in the dossier, read-only: its status, the coordinator's narrative, the
 * figures frozen at submission with every difference from the live figures, and the reviewer's
 * decision (note or waiver reason). The same parts as the project page's "Eindrapport" section.
 */
export function FinalReportSlot({ projectId }: { projectId: string }) {
  const { t } = useT('dossier');
  const { t: tr } = useT('finalReports');
  const { data, error, refetch } = useQuery(FinalReportQuery, { variables: { id: projectId } });
  const report = data?.project?.finalReport ?? null;
  return (
    <section aria-labelledby="dossier-final-report" className="dossier-section" data-slot="final-report">
      <h2 id="dossier-final-report">{t('finalReport.title')}</h2>
      {error && !data ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : !data ? (
        <Skeleton lines={3} />
      ) : !report ? (
        <p>{t('finalReport.none')}</p>
      ) : (
        <>
          <dl className="facts">
            <dt>{t('finalReport.status')}</dt>
            <dd>{tr(`status.${report.status}`)}</dd>
            {report.submittedAt && (
              <>
                <dt>{tr('status.SUBMITTED')}</dt>
                <dd>{tr('section.submitted', { date: fmt.date(report.submittedAt), who: report.submittedBy ?? '—' })}</dd>
              </>
            )}
            {report.reviewedAt && (
              <>
                <dt>{t('finalReport.decision')}</dt>
                <dd>{tr('section.reviewed', { date: fmt.date(report.reviewedAt), who: report.reviewedBy ?? '—' })}</dd>
              </>
            )}
            {report.reviewNote && (
              <>
                <dt>{tr('section.reviewNote')}</dt>
                <dd>{report.reviewNote}</dd>
              </>
            )}
            {report.waiverReason && (
              <>
                <dt>{tr('status.WAIVED')}</dt>
                <dd>{report.waiverReason}</dd>
              </>
            )}
          </dl>
          <NarrativeText report={report} />
          {report.snapshot && <Figures report={report} />}
        </>
      )}
    </section>
  );
}
