import { Link } from 'react-router';
import type { DashboardQuery } from '../../gql/graphql';
import { useT } from '../../i18n';
import { BulletBar } from '../../ui/BulletBar';
import { ProgressLegend } from '../projects/ProgressLegend';
import { EmptyState, Count } from '../../ui/States';
import { fmt } from '../../ui/format';
import { BAND_COLOURS, progressBand } from './progress';
import { TableWrap } from '../../ui/TableWrap';
import { paths } from '../../app/paths';

export type ProgressRow = DashboardQuery['fundingPeriods']['nodes'][number]['programReport']['municipalityProgress'][number];

/** Bullet bars per municipality; the numbers sit in the same table, so the chart is also a table. */
export function MunicipalityProgressTable({
  rows,
  periodLabel,
  order,
  forecast = true,
}: {
  rows: readonly ProgressRow[];
  periodLabel: string;
  order: 'name' | 'behind';
  /** false once the period has ended (app/progress.ts): no "verwacht tegen nu", the result against the target. */
  forecast?: boolean;
}) {
  const { t } = useT('dashboard');
  const bandLabel = (band: string) => t(forecast ? `map.${band}` : `mapResult.${band}`);
  if (rows.length === 0) return <EmptyState title={t('progress.empty')} />;
  const sorted =
    order === 'name'
      ? rows
      : [...rows].sort((a, b) => (a.reached ?? Infinity) / Math.max(a.expectedByNow, 1) - (b.reached ?? Infinity) / Math.max(b.expectedByNow, 1));
  return (
    <>
      <ProgressLegend forecast={forecast} />
      <TableWrap label={t('progress.caption', { period: periodLabel })}>
        <table className="progress-table">
          <caption>{t('progress.caption', { period: periodLabel })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('progress.municipality')}</th>
              <th scope="col" className="num">{t('progress.projects')}</th>
              <th scope="col" className="num">{t('progress.reached')}</th>
              <th scope="col" className="num">{t('progress.target')}</th>
              {forecast && <th scope="col" className="num">{t('progress.expected')}</th>}
              <th scope="col" className="num">{t('progress.share')}</th>
              <th scope="col" className="bar-col">{t('progress.bar')}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((row) => (
              <tr key={row.municipality.id}>
                <th scope="row">
                  {/* The colour's band also in text (visually hidden), so the table does not say it by colour alone. */}
                  <span className="swatch" aria-hidden="true" style={{ background: BAND_COLOURS[progressBand(row, forecast)] }} />
                  <span className="visually-hidden">{bandLabel(progressBand(row, forecast))}: </span>
                  <Link to={paths.municipality(row.municipality.id)}>{row.municipality.name}</Link>
                </th>
                <td className="num">{fmt.int(row.projectCount)}</td>
                <td className="num"><Count value={row.reached} /></td>
                <td className="num">{fmt.int(row.target)}</td>
                {forecast && <td className="num">{fmt.int(Math.round(row.expectedByNow))}</td>}
                <td className="num">{fmt.percent(row.progress)}</td>
                <td className="bar-col">
                  <BulletBar reached={row.reached} target={row.target} expected={forecast ? row.expectedByNow : null} label={row.municipality.name} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}
