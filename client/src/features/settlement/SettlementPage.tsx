import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useT } from '../../i18n';
import { fmt } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { Skeleton } from '../../ui/Skeleton';
import { Count, EmptyState, ErrorState, NotFound } from '../../ui/States';
import { TableWrap } from '../../ui/TableWrap';
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
        <TableWrap label={t('page.caption', { period: period.label })}>
          <table className="settlement-table">
            <caption>{t('page.caption', { period: period.label })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('project')}</th>
                <th scope="col">{t('municipality')}</th>
                <th scope="col" className="num">{t('target')}</th>
                <th scope="col" className="num">{t('reached')}</th>
                <th scope="col" className="num">{t('granted')}</th>
                <th scope="col" className="num">{t('advanceColumn')}</th>
                <th scope="col" className="num">{t('earned')}</th>
                <th scope="col" className="num">{t('toPay')}</th>
                <th scope="col" className="num">{t('toRecover')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.project.id}>
                  <th scope="row">
                    <Link to={paths.project(r.project.id)}>{r.project.title}</Link>
                  </th>
                  <td>{r.project.leadMunicipality.name}</td>
                  <td className="num">{fmt.int(r.target)}</td>
                  <td className="num">
                    <Count value={r.reached} />
                  </td>
                  <td className="num">{fmt.euro(r.granted)}</td>
                  <td className="num">{fmt.euro(r.advance)}</td>
                  <td className="num">{euro(r.earned)}</td>
                  <td className="num">{euro(r.toPay)}</td>
                  <td className="num">{euro(r.toRecover)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
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
            </tfoot>
          </table>
        </TableWrap>
      )}
      {rows.some((r) => r.withheld) && <p className="hint">{t('page.withheldNote')}</p>}
      <p className="hint">{t('page.csvHint')}</p>
    </div>
  );
}
