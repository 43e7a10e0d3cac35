import type { DashboardQuery } from '../../gql/graphql';
import { Link } from 'react-router';
import { useT } from '../../i18n';
import { Count } from '../../ui/States';
import { fmt } from '../../ui/format';
import { TableWrap } from '../../ui/TableWrap';
import { paths } from '../../app/paths';

type Period = DashboardQuery['fundingPeriods']['nodes'][number];

/** A sum of euro amounts (added in cents: no float drift), withheld when one of them is (it would reveal it). */
function sumOrNull(values: readonly (number | null | undefined)[]): number | null {
  return values.some((v) => v == null) ? null : values.reduce<number>((n, v) => n + Math.round(v! * 100), 0) / 100;
}

/** The table the Flemish government publishes per period, plus the whole programme rolled up into the 2025 municipalities. */
export function ProgrammeTable({ periods, summary }: { periods: readonly Period[]; summary: DashboardQuery['programSummary'] | null }) {
  const { t } = useT('dashboard');
  return (
    <TableWrap label={t('programme.caption')}>
      <table className="programme">
        <caption>{t('programme.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('programme.period')}</th>
            <th scope="col" className="num">{t('programme.budget')}</th>
            <th scope="col" className="num">{t('programme.represented')}</th>
            <th scope="col" className="num">{t('programme.committed')}</th>
            <th scope="col" className="num">{t('programme.realised')}</th>
            <th scope="col" className="num">{t('programme.paid')}</th>
            <th scope="col" className="num">{t('programme.toRecover')}</th>
          </tr>
        </thead>
        <tbody>
          {periods.map((period) => (
            <tr key={period.id}>
              <th scope="row">
                {period.label}
                <span className="sub">
                  {fmt.date(period.startsOn)} – {fmt.date(period.endsOn)}
                </span>
              </th>
              <td className="num">{fmt.euro(period.programReport.budget)}</td>
              <td className="num">{fmt.int(period.programReport.representedLocalGovernments)}</td>
              <td className="num">{fmt.int(period.programReport.committed)}</td>
              <td className="num">{period.programReport.pending ? t('programme.pending') : <Count value={period.programReport.realised} />}</td>
              <td className="num">
                {/* The amount is the link's visible name; where it leads is said after it (WCAG 2.5.3: label in name). */}
                <Link to={paths.settlement(period.id)}>
                  <Count value={period.programReport.paid} format={fmt.euro} />
                  <span className="visually-hidden"> – {t('programme.settlementOf', { period: period.label })}</span>
                </Link>
              </td>
              <td className="num">
                <Count value={period.programReport.toRecover} format={fmt.euro} />
              </td>
            </tr>
          ))}
        </tbody>
        {summary && (
          <tfoot>
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
          </tfoot>
        )}
      </table>
    </TableWrap>
  );
}
