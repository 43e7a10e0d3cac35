import { Link } from 'react-router';
import { useT } from '../../i18n';
import { fmt } from '../../ui/format';
import { TableWrap } from '../../ui/TableWrap';
import './deadlines.i18n';
import { paths } from '../../app/paths';

interface OverdueList {
  totalCount: number;
  nodes: readonly { id: string; title: string; finalReportDueOn: string; leadMunicipality: { id: string; name: string } }[];
}

/** The dashboard's list of final reports past their effective deadline (a coordinator sees their own). */
export function OverdueReports({ reports }: { reports: OverdueList | null }) {
  const { t } = useT('deadlines');
  if (!reports) return null;
  return (
    <section aria-labelledby="overdue-title">
      <h2 id="overdue-title">
        {t('overdueTitle')} ({fmt.int(reports.totalCount)})
      </h2>
      {reports.totalCount === 0 ? (
        <p className="empty">{t('overdueEmpty')}</p>
      ) : (
        <TableWrap label={t('overdueCaption')}>
          <table>
            <caption>{t('overdueCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('project')}</th>
                <th scope="col">{t('municipality')}</th>
                <th scope="col">{t('deadline')}</th>
              </tr>
            </thead>
            <tbody>
              {reports.nodes.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <Link to={paths.project(p.id)}>{p.title}</Link>
                  </th>
                  <td>{p.leadMunicipality.name}</td>
                  <td>{fmt.date(p.finalReportDueOn)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {reports.totalCount > reports.nodes.length && <p className="hint">{t('more', { count: reports.totalCount - reports.nodes.length })}</p>}
        </TableWrap>
      )}
    </section>
  );
}
