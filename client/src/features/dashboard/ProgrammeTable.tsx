import type { DashboardQuery } from '../../gql/graphql';
import { Link } from 'react-router';
import { useT } from '../../i18n';
import { Count } from '../../ui/States';
import { fmt } from '../../ui/format';
import { DataTable } from '../../ui/DataTable';
import { paths } from '../../app/paths';

type Period = DashboardQuery['fundingPeriods']['nodes'][number];

/** A sum of euro amounts (added in cents: no float drift), withheld when one of them is (it would reveal it). */
function sumOrNull(values: readonly (number | null | undefined)[]): number | null {
  return values.some((v) => v == null) ? null : values.reduce<number>((n, v) => n + Math.round(v! * 100), 0) / 100;
}

/** The table the Flemish government publishes per period, plus the whole programme rolled up into the 2025 municipalities. */
export function ProgrammeTable({ periods, summary }: { periods: readonly Period[]; summary: DashboardQuery['programSummary'] | null }) {
  const { t } = useT('dashboard');
  const report = (period: Period) => period.programReport;
  return (
    <DataTable
      caption={t('programme.caption')}
      className="programme"
      rows={periods}
      rowKey={(period) => period.id}
      columns={[
        {
          key: 'period',
          header: t('programme.period'),
          rowHeader: true,
          cell: (period) => (
            <>
              {period.label}
              <span className="sub">
                {fmt.date(period.startsOn)} – {fmt.date(period.endsOn)}
              </span>
            </>
          ),
        },
        { key: 'budget', header: t('programme.budget'), numeric: true, cell: (period) => fmt.euro(report(period).budget) },
        { key: 'represented', header: t('programme.represented'), numeric: true, cell: (period) => fmt.int(report(period).representedLocalGovernments) },
        { key: 'committed', header: t('programme.committed'), numeric: true, cell: (period) => fmt.int(report(period).committed) },
        { key: 'realised', header: t('programme.realised'), numeric: true, cell: (period) => (report(period).pending ? t('programme.pending') : <Count value={report(period).realised} />) },
        {
          key: 'paid',
          header: t('programme.paid'),
          numeric: true,
          cell: (period) => (
            // The amount is the link's visible name; where it leads is said after it (WCAG 2.5.3: label in name).
            <Link to={paths.settlement(period.id)}>
              <Count value={report(period).paid} format={fmt.euro} />
              <span className="visually-hidden"> – {t('programme.settlementOf', { period: period.label })}</span>
            </Link>
          ),
        },
        { key: 'toRecover', header: t('programme.toRecover'), numeric: true, cell: (period) => <Count value={report(period).toRecover} format={fmt.euro} /> },
      ]}
      foot={
        summary && (
          <tr>
            <th scope="row">
              {t('programme.total')}
              <span className="sub">{t('programme.totalHelp')}</span>
            </th>
            <td className="num">{fmt.euro(summary.budget)}</td>
            <td className="num">{fmt.int(summary.representedLocalGovernments)}</td>
            <td className="num">{fmt.int(summary.committed)}</td>
            <td className="num">{summary.finalPeriods === 0 ? t('programme.pending') : <Count value={summary.realised} />}</td>
            <td className="num">
              <Count value={sumOrNull(periods.map((p) => p.programReport.paid))} format={fmt.euro} />
            </td>
            <td className="num">
              <Count value={sumOrNull(periods.map((p) => p.programReport.toRecover))} format={fmt.euro} />
            </td>
          </tr>
        )
      }
    />
  );
}
