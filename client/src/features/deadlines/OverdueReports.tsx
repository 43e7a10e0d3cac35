import { Link } from 'react-router';
import { useT } from '../../i18n';
import { fmt } from '../../ui/format';
import { DataTable } from '../../ui/DataTable';
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
        <DataTable
          caption={t('overdueCaption')}
          rows={reports.nodes}
          rowKey={(p) => p.id}
          columns={[
            { key: 'project', header: t('project'), rowHeader: true, cell: (p) => <Link to={paths.project(p.id)}>{p.title}</Link> },
            { key: 'municipality', header: t('municipality'), cell: (p) => p.leadMunicipality.name },
            { key: 'deadline', header: t('deadline'), cell: (p) => fmt.date(p.finalReportDueOn) },
          ]}
          note={reports.totalCount > reports.nodes.length && <p className="hint">{t('more', { count: reports.totalCount - reports.nodes.length })}</p>}
        />
      )}
    </section>
  );
}
