import { useT } from '../../i18n';
import './dossier.i18n';

/**
 * SLOT for the final report (issue 14, deliverable 1, built separately: `Project.finalReport`).
 * Until it lands, the dossier shows where it goes; replace the body with the report's narrative,
 * its frozen figures, the review decision and any difference with the live figures.
 */
export function FinalReportSlot({ projectId }: { projectId: string }) {
  const { t } = useT('dossier');
  return (
    <section aria-labelledby="dossier-final-report" className="dossier-section final-report-slot" data-project-id={projectId} data-slot="final-report">
      <h2 id="dossier-final-report">{t('finalReport.title')}</h2>
      <p className="hint">{t('finalReport.placeholder')}</p>
    </section>
  );
}
