import { Link } from 'react-router';
import type { DashboardQuery } from '../../gql/graphql';
import { useT } from '../../i18n';
import { BulletBar } from '../../ui/BulletBar';
import { ProgressLegend } from '../projects/ProgressLegend';
import { EmptyState, Count } from '../../ui/States';
import { fmt } from '../../ui/format';
import { BAND_COLOURS, progressBand } from './progress';
import { DataTable } from '../../ui/DataTable';
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
      <DataTable
        caption={t('progress.caption', { period: periodLabel })}
        className="progress-table"
        rows={sorted}
        rowKey={(row) => row.municipality.id}
        columns={[
          {
            key: 'municipality',
            header: t('progress.municipality'),
            rowHeader: true,
            cell: (row) => (
              <>
                {/* The colour's band also in text (visually hidden), so the table does not say it by colour alone. */}
                <span className="swatch" aria-hidden="true" style={{ background: BAND_COLOURS[progressBand(row, forecast)] }} />
                <span className="visually-hidden">{bandLabel(progressBand(row, forecast))}: </span>
                <Link to={paths.municipality(row.municipality.id)}>{row.municipality.name}</Link>
              </>
            ),
          },
          { key: 'projects', header: t('progress.projects'), numeric: true, cell: (row) => fmt.int(row.projectCount) },
          { key: 'reached', header: t('progress.reached'), numeric: true, cell: (row) => <Count value={row.reached} /> },
          { key: 'target', header: t('progress.target'), numeric: true, cell: (row) => fmt.int(row.target) },
          forecast && { key: 'expected', header: t('progress.expected'), numeric: true, cell: (row: ProgressRow) => fmt.int(Math.round(row.expectedByNow)) },
          { key: 'share', header: t('progress.share'), numeric: true, cell: (row) => fmt.percent(row.progress) },
          {
            key: 'bar',
            header: t('progress.bar'),
            className: 'bar-col',
            headerClassName: 'bar-col',
            cell: (row) => <BulletBar reached={row.reached} target={row.target} expected={forecast ? row.expectedByNow : null} label={row.municipality.name} />,
          },
        ]}
      />
    </>
  );
}
