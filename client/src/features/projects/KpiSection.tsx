import { hasForecast, periodPhase, progressVerdict, useProgressWords } from '../../app/progress';
import type { ProjectDetailQuery } from '../../gql/graphql';
import { useT } from '../../i18n';
import { BulletBar } from '../../ui/BulletBar';
import { fmt } from '../../ui/format';
import { Count } from '../../ui/States';
import { isFunded } from '../../ui/StatusBadge';
import { ProgressLegend } from './ProgressLegend';
import { TableWrap } from '../../ui/TableWrap';

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
        <TableWrap label={t('detail.kpiTable')}>
          <table>
            <caption>{t('detail.kpiTable')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('detail.figure')}</th>
                <th scope="col" className="num">
                  {t('detail.value')}
                </th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{t('detail.reached')}</th>
                <td className="num">
                  <Count value={kpi.reached} />
                </td>
              </tr>
              <tr>
                <th scope="row">{t('detail.target')}</th>
                <td className="num">{fmt.int(kpi.target)}</td>
              </tr>
              {forecast && (
                <tr>
                  <th scope="row">{t('detail.expected')}</th>
                  <td className="num">{fmt.decimal(kpi.expectedByNow)}</td>
                </tr>
              )}
              <tr>
                <th scope="row">{t('detail.progress')}</th>
                <td className="num">{kpi.progress == null ? <Count value={null} /> : fmt.percent1(kpi.progress)}</td>
              </tr>
              <tr>
                <th scope="row">{words.caption(phase)}</th>
                <td className="num">{verdictText}</td>
              </tr>
              <tr>
                <th scope="row">{t('detail.earned')}</th>
                <td className="num">{kpi.earnedSubsidy == null ? <Count value={null} /> : fmt.euro(kpi.earnedSubsidy)}</td>
              </tr>
            </tbody>
          </table>
        </TableWrap>
        <TableWrap label={t('detail.byType')}>
          <table>
            <caption>{t('detail.byType')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('detail.type')}</th>
                <th scope="col" className="num">
                  {t('detail.count')}
                </th>
              </tr>
            </thead>
            <tbody>
              {kpi.byEventType.map((row) => (
                <tr key={row.type}>
                  <th scope="row">{t(`common:eventType.${row.type}`)}</th>
                  <td className="num">
                    <Count value={row.reached} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="hint">{t('detail.byTypeNote')}</p>
        </TableWrap>
      </div>
      <TableWrap label={t('detail.families')}>
        <table>
          <caption>{t('detail.families')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('detail.group')}</th>
              <th scope="col" className="num">
                {t('detail.count')}
              </th>
              <th scope="col" className="num">
                {t('detail.share')}
              </th>
            </tr>
          </thead>
          <tbody>
            {families.map(({ key, label }) => (
              <tr key={key}>
                <th scope="row">{label}</th>
                <td className="num">
                  <Count value={kpi.families[key]} />
                </td>
                <td className="num">{fmt.percent(shareOf(kpi.families[key], kpi.reached))}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="hint">{t('detail.familiesNote')}</p>
      </TableWrap>
    </section>
  );
}
