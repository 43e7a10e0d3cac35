import { useQuery } from '@apollo/client/react';
import { lazy, Suspense } from 'react';
import { useSearchParams } from 'react-router';
import { hasForecast, periodPhase, useProgressWords } from '../../app/progress';
import { useT } from '../../i18n';
import { PageHeader } from '../../ui/PageHeader';
import { Skeleton, TableSkeleton } from '../../ui/Skeleton';
import { ErrorState } from '../../ui/States';
import { DashboardQuery } from './dashboard.query';
import './dashboard.css';
import './dashboard.i18n';
import { MunicipalityProgressTable } from './MunicipalityProgressTable';
import { ProgrammeTable } from './ProgrammeTable';
import { OverdueReports } from '../deadlines/OverdueReports';

const FlandersMap = lazy(() => import('./FlandersMap'));

/**
 * The reviewer's start page: the published programme table, KPI progress per municipality and
 * the map — all from ONE GraphQL request (the map's shapes are a static file).
 */
export default function DashboardPage() {
  const { t } = useT('dashboard');
  const [params, setParams] = useSearchParams();
  const { data, loading, error, refetch } = useQuery(DashboardQuery);

  const periods = data?.fundingPeriods.nodes ?? [];
  const wanted = Number(params.get('periode'));
  const period = periods.find((p) => p.number === wanted) ?? periods.find((p) => p.reportStatus === 'OPEN') ?? periods.at(-1);
  const order = params.get('volgorde') === 'achter' ? 'behind' : 'name';
  const words = useProgressWords();
  const phase = period ? periodPhase(period) : 'running';
  const forecast = hasForecast(phase);
  const setParam = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };

  return (
    <>
      <PageHeader title={t('title')} lead={t('lead')} />
      {error && !data ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : loading && !data ? (
        <TableSkeleton columns={5} rows={4} />
      ) : (
        <>
          <section>
            {periods.length === 0 ? <p className="empty">{t('programme.empty')}</p> : <ProgrammeTable periods={periods} summary={data?.programSummary ?? null} />}
          </section>
          <OverdueReports reports={data?.overdueFinalReports ?? null} />
          {period && (
            <>
              <section aria-labelledby="progress-title">
                <div className="section-head">
                  <h2 id="progress-title">{t('progress.title')}</h2>
                  <div className="filters">
                    <label>
                      {t('progress.period')}
                      <select value={period.number} onChange={(e) => setParam('periode', e.target.value)}>
                        {periods.map((p) => (
                          <option key={p.id} value={p.number}>
                            {p.label}
                          </option>
                        ))}
                      </select>
                    </label>
                    <label>
                      {t('progress.sort')}
                      <select value={order} onChange={(e) => setParam('volgorde', e.target.value === 'behind' ? 'achter' : null)}>
                        <option value="name">{t('progress.sortName')}</option>
                        <option value="behind">{t('progress.sortProgress')}</option>
                      </select>
                    </label>
                  </div>
                </div>
                <p className="lead">{t('progress.lead')}</p>
                <p className="notice period-state">
                  {t('periodState', { period: period.label, phase: words.phase(phase) })} {words.phaseLong(phase, period)}
                </p>
                <div className="dashboard-grid">
                  <div>
                    <MunicipalityProgressTable rows={period.programReport.municipalityProgress} periodLabel={period.label} order={order} forecast={forecast} />
                  </div>
                  <section aria-labelledby="map-title" className="map-section">
                    <h2 id="map-title">{t('map.title')}</h2>
                    <p className="lead">{t('map.lead', { period: period.label })}</p>
                    <Suspense fallback={<Skeleton lines={4} label={t('map.loading')} />}>
                      <FlandersMap rows={period.programReport.municipalityProgress} periodLabel={period.label} forecast={forecast} />
                    </Suspense>
                  </section>
                </div>
              </section>
            </>
          )}
        </>
      )}
    </>
  );
}
