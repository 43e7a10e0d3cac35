import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useT } from '../../i18n';
import { fmt } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { Skeleton } from '../../ui/Skeleton';
import { Count, EmptyState, ErrorState, NotFound } from '../../ui/States';
import { DataTable } from '../../ui/DataTable';
import { downloadExport } from './download';
import { PeriodSettlementQuery } from './period-settlement.query';
import './settlement.i18n';
import './settlement.css';
import { paths } from '../../app/paths';
import { Breadcrumb } from '../../ui/Breadcrumb';

const euro = (value: number | null) => (value == null ? <Count value={null} /> : fmt.euro(value));

/** `/periodes/:id/afrekening`: the settlement table of one funding period, with totals and the CSV of the server's export. */
export default function SettlementPage() {
  const { id = '' } = useParams();
  const { t } = useT('settlement');
  const { data, error, refetch } = useQuery(PeriodSettlementQuery, { variables: { id } });
  const [csvFailed, setCsvFailed] = useState(false);

  if (error && !data) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!data) return <Skeleton lines={8} />;
  const settlement = data.settlement;
  if (!settlement) return <NotFound />;
  const period = settlement.fundingPeriod;
  const { rows, totals } = settlement;

  async function csv() {
    setCsvFailed(false);
    try {
      await downloadExport(`/export/settlement.csv?fundingPeriod=${period.number}`, `schoolmix-settlement-${period.number}.csv`);
    } catch {
      setCsvFailed(true);
    }
  }

  return (
    <div className="settlement-screen">
      <Breadcrumb to={paths.dashboard} back>
        {t('common:nav.dashboard')}
      </Breadcrumb>
      <PageHeader title={t('page.title', { period: period.label })} lead={t('page.lead', { share: period.advanceShare })}>
        <button type="button" onClick={() => void csv()}>
          {t('page.csv')}
        </button>
      </PageHeader>
      {csvFailed && <p role="alert">{t('page.csvFailed')}</p>}
      {rows.length === 0 ? (
        <EmptyState title={t('page.empty')} />
      ) : (
        <DataTable
          caption={t('page.caption', { period: period.label })}
          className="settlement-table"
          rows={rows}
          rowKey={(r) => r.project.id}
          columns={[
            { key: 'project', header: t('project'), rowHeader: true, cell: (r) => <Link to={paths.project(r.project.id)}>{r.project.title}</Link> },
            { key: 'municipality', header: t('municipality'), cell: (r) => r.project.leadMunicipality.name },
            { key: 'target', header: t('target'), numeric: true, cell: (r) => fmt.int(r.target) },
            { key: 'reached', header: t('reached'), numeric: true, cell: (r) => <Count value={r.reached} /> },
            { key: 'granted', header: t('granted'), numeric: true, cell: (r) => fmt.euro(r.granted) },
            { key: 'advance', header: t('advanceColumn'), numeric: true, cell: (r) => fmt.euro(r.advance) },
            { key: 'earned', header: t('earned'), numeric: true, cell: (r) => euro(r.earned) },
            { key: 'toPay', header: t('toPay'), numeric: true, cell: (r) => euro(r.toPay) },
            { key: 'toRecover', header: t('toRecover'), numeric: true, cell: (r) => euro(r.toRecover) },
          ]}
          foot={
            <tr>
              <th scope="row" colSpan={4}>
                {t('page.totals', { count: totals.projects })}
              </th>
              <td className="num">{fmt.euro(totals.granted)}</td>
              <td className="num">{fmt.euro(totals.advance)}</td>
              <td className="num">{euro(totals.earned)}</td>
              <td className="num">{euro(totals.toPay)}</td>
              <td className="num">{euro(totals.toRecover)}</td>
            </tr>
          }
        />
      )}
      {rows.some((r) => r.withheld) && <p className="hint">{t('page.withheldNote')}</p>}
      <p className="hint">{t('page.csvHint')}</p>
    </div>
  );
}
