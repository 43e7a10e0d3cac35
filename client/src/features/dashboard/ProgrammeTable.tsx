import type { DashboardQuery } from '../../gql/graphql';
import { useT } from '../../i18n';
import { Count } from '../../ui/States';
import { fmt } from '../../ui/format';
import { TableWrap } from '../../ui/TableWrap';

type Period = DashboardQuery['fundingPeriods']['nodes'][number];

/** The table the Flemish government publishes per period, plus the whole programme rolled up into the 2025 municipalities. */
export function ProgrammeTable({ periods, summary }: { periods: readonly Period[]; summary: DashboardQuery['programmeSummary'] | null }) {
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
            </tr>
          </tfoot>
        )}
      </table>
    </TableWrap>
  );
}
