import { hasForecast, periodPhase, progressVerdict, useProgressWords } from '../../app/progress';
import type { ProjectDetailQuery } from '../../gql/graphql';
import { useT } from '../../i18n';
import { BulletBar } from '../../ui/BulletBar';
import { fmt } from '../../ui/format';
import { Count } from '../../ui/States';
import { isFunded } from '../../ui/StatusBadge';
import { ProgressLegend } from './ProgressLegend';
import { DataTable } from '../../ui/DataTable';

type Project = NonNullable<ProjectDetailQuery['project']>;

/** A share of the reached families, only when both counts are shown. */
function shareOf(part: number | null, whole: number | null): number | null {
  return part == null || whole == null || whole === 0 ? null : part / whole;
}

/**
 * The KPI of action 20 for one project: cards with the headline figures, a bullet bar (reached,
 * expected by now, target), and the same figures as tables (per event type, "every family").
 */
export function KpiSection({ project }: { project: Project }) {
  const { t } = useT('projects');
  const words = useProgressWords();
  const kpi = project.kpi;
  // "On track" means something only once a project is approved; after its period, only the result against the target does.
  const funded = isFunded(project.status);
  const phase = periodPhase(project.fundingPeriod);
  const forecast = hasForecast(phase);
  const verdict = progressVerdict(kpi, phase, funded);
  const verdictText = verdict === 'withheld' ? <Count value={null} /> : words.verdict(verdict);
  const families: { key: keyof typeof kpi.families; label: string }[] = [
    { key: 'withIndicator', label: t('detail.withIndicator') },
    { key: 'withoutIndicator', label: t('detail.withoutIndicator') },
    { key: 'indicatorUnknown', label: t('detail.indicatorUnknown') },
    { key: 'withSpecialNeeds', label: t('detail.withSpecialNeeds') },
  ];
  return (
    <section aria-labelledby="kpi-title">
      <h2 id="kpi-title">{t('detail.kpi')}</h2>
      <p className="lead">{t('detail.kpiIntro')}</p>
      {!funded && <p className="notice">{t('detail.notFundedNotice')}</p>}
      {!forecast && <p className="notice period-ended">{words.phaseLong(phase, project.fundingPeriod)}</p>}
      {kpi.suppressed.length > 0 && <p className="notice">{t('detail.suppressedNotice')}</p>}
      <ul className="cards kpi-cards" aria-label={t('detail.kpi')}>
        <li className="card">
          <span className="figure">
            <Count value={kpi.reached} />
          </span>
          <span className="label">{t('detail.reached')}</span>
        </li>
        <li className="card">
          <span className="figure">{fmt.int(kpi.target)}</span>
          <span className="label">{t('detail.target')}</span>
        </li>
        {forecast ? (
          <li className="card">
            <span className="figure">{fmt.int(Math.round(kpi.expectedByNow))}</span>
            <span className="label">{t('detail.expected')}</span>
          </li>
        ) : (
          <li className="card">
            <span className="figure">{words.phase(phase)}</span>
            <span className="label">{project.fundingPeriod.label}</span>
          </li>
        )}
        <li className="card">
          <span className="figure">{verdictText}</span>
          <span className="label">{words.caption(phase)}</span>
        </li>
        <li className="card">
          <span className="figure">{kpi.progress == null ? <Count value={null} /> : fmt.percent(kpi.progress)}</span>
          <span className="label">{t('detail.progress')}</span>
        </li>
        <li className="card">
          <span className="figure">{kpi.earnedSubsidy == null ? <Count value={null} /> : fmt.euro(kpi.earnedSubsidy)}</span>
          <span className="label" title={t('detail.earnedHelp')}>
            {t('detail.earned')}
          </span>
        </li>
      </ul>
      <div className="kpi-bar">
        <BulletBar reached={kpi.reached} target={kpi.target} expected={forecast ? kpi.expectedByNow : null} label={t('detail.kpi')} />
        <ProgressLegend forecast={forecast} />
      </div>
      <div className="kpi-tables">
        <DataTable
          caption={t('detail.kpiTable')}
          rows={[
            { key: 'reached', label: t('detail.reached'), value: <Count value={kpi.reached} /> },
            { key: 'target', label: t('detail.target'), value: fmt.int(kpi.target) },
            forecast && { key: 'expected', label: t('detail.expected'), value: fmt.decimal(kpi.expectedByNow) },
            { key: 'progress', label: t('detail.progress'), value: kpi.progress == null ? <Count value={null} /> : fmt.percent1(kpi.progress) },
            { key: 'verdict', label: words.caption(phase), value: verdictText },
            { key: 'earned', label: t('detail.earned'), value: kpi.earnedSubsidy == null ? <Count value={null} /> : fmt.euro(kpi.earnedSubsidy) },
          ].filter((row) => row !== false)}
          rowKey={(row) => row.key}
          columns={[
            { key: 'figure', header: t('detail.figure'), rowHeader: true, cell: (row) => row.label },
            { key: 'value', header: t('detail.value'), numeric: true, cell: (row) => row.value },
          ]}
        />
        <DataTable
          caption={t('detail.byType')}
          rows={kpi.byEventType}
          rowKey={(row) => row.type}
          columns={[
            { key: 'type', header: t('detail.type'), rowHeader: true, cell: (row) => t(`common:eventType.${row.type}`) },
            { key: 'count', header: t('detail.count'), numeric: true, cell: (row) => <Count value={row.reached} /> },
          ]}
          note={<p className="hint">{t('detail.byTypeNote')}</p>}
        />
      </div>
      <DataTable
        caption={t('detail.families')}
        rows={families}
        rowKey={(row) => row.key}
        columns={[
          { key: 'group', header: t('detail.group'), rowHeader: true, cell: (row) => row.label },
          { key: 'count', header: t('detail.count'), numeric: true, cell: (row) => <Count value={kpi.families[row.key]} /> },
          { key: 'share', header: t('detail.share'), numeric: true, cell: (row) => fmt.percent(shareOf(kpi.families[row.key], kpi.reached)) },
        ]}
        note={<p className="hint">{t('detail.familiesNote')}</p>}
      />
    </section>
  );
}
