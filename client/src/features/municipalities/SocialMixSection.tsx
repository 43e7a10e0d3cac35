import { useQuery } from '@apollo/client/react';
import { schoolYearOf } from '@schoolmix/shared';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import type { MunicipalitySocialMixFiguresFragment as Figures } from '../../gql/graphql';
import { useT } from '../../i18n';
import { fmt } from '../../ui/format';
import { Skeleton } from '../../ui/Skeleton';
import { Count, EmptyState, ErrorState } from '../../ui/States';
import { YearTable } from '../../ui/DataTable';
import { MunicipalitySocialMixQuery } from './municipality-social-mix.query';
import './municipalities.i18n';
import { Options, SelectField } from '../../ui/SelectField';

export const INDICES = ['dissimilarity', 'isolation', 'exposure', 'mutualInformation', 'theilH'] as const;
type Index = (typeof INDICES)[number];

/**
 * The social-mix summary of a municipality: the indices of a chosen school year (in the URL as
 * `?schooljaar=`, default the latest on record) with a short explanation each, and their trend
 * over every school year on record as small bar charts and as a table.
 */
export function SocialMixSection({ nisCode, allowed }: { nisCode: string; allowed: boolean }) {
  const { t } = useT('municipalities');
  const [params, setParams] = useSearchParams();
  // The trend holds every school year; the argument only picks the report's own year.
  const { data, loading, error, refetch } = useQuery(MunicipalitySocialMixQuery, {
    variables: { nisCode, schoolYear: schoolYearOf(new Date()) },
    skip: !allowed,
  });

  const heading = <h2 id="mix-title">{t('mix.title')}</h2>;
  if (!allowed) {
    return (
      <section aria-labelledby="mix-title">
        {heading}
        <p>{t('mix.notAvailable')}</p>
      </section>
    );
  }

  const trend = data?.socialMixReport?.trend ?? [];
  const years = trend.map((y) => y.schoolYear);
  const wanted = params.get('schooljaar');
  const chosen = trend.find((y) => y.schoolYear === wanted) ?? trend.at(-1);

  function choose(year: string) {
    const next = new URLSearchParams(params);
    next.set('schooljaar', year);
    setParams(next, { replace: true, preventScrollReset: true });
  }

  return (
    <section aria-labelledby="mix-title">
      {heading}
      <p className="lead">{t('mix.intro')}</p>
      {error && !data ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : loading && !data ? (
        <Skeleton lines={5} />
      ) : !chosen ? (
        <EmptyState title={t('mix.noData')}>
          <p>{t('mix.noDataText')}</p>
        </EmptyState>
      ) : (
        <>
          <SelectField className="year-picker" label={t('mix.schoolYear')} value={chosen.schoolYear} onChange={choose}>
            <Options options={years.map((year) => ({ value: year, label: year }))} />
          </SelectField>
          <Summary figures={chosen} />
          <h3>{t('mix.trend')}</h3>
          <p className="chart-note">{t('mix.chartNote')}</p>
          <div className="small-multiples">
            {INDICES.map((index) => (
              <MiniBars key={index} label={t(`mix.index.${index}`)} points={trend.map((y) => ({ year: y.schoolYear, value: y[index], withheld: y.suppressedReason === 'BELOW_THRESHOLD' }))} />
            ))}
          </div>
          <TrendTable trend={trend} />
        </>
      )}
    </section>
  );
}

function Reason({ reason }: { reason: string | null }) {
  const { t } = useT('municipalities');
  if (!reason) return null;
  return <>{t(`mix.reason.${reason}`, { defaultValue: reason })}</>;
}

/** An index value, or why it is missing (withheld by disclosure control, or not computable). */
function IndexValue({ value, reason }: { value: number | null; reason: string | null }) {
  const { t } = useT('municipalities');
  if (value != null) return <>{fmt.index(value)}</>;
  if (reason === 'BELOW_THRESHOLD') {
    return (
      <span className="withheld" title={t('state.withheldHelp')}>
        {t('state.withheld')}
      </span>
    );
  }
  return <>{t('none')}</>;
}

function Summary({ figures }: { figures: Figures }) {
  const { t } = useT('municipalities');
  return (
    <>
      <dl className="facts mix-facts">
        <dt>{t('mix.schoolCount')}</dt>
        <dd>{fmt.int(figures.schoolCount)}</dd>
        <dt>{t('mix.pupils')}</dt>
        <dd>
          <Count value={figures.pupils} />
        </dd>
        <dt>{t('mix.indicatorPupils')}</dt>
        <dd>
          <Count value={figures.indicatorPupils} />
        </dd>
        <dt>{t('mix.indicatorShareLabel')}</dt>
        <dd>{figures.indicatorShare != null ? fmt.percent1(figures.indicatorShare) : <IndexValue value={null} reason={figures.suppressedReason} />}</dd>
      </dl>
      {figures.suppressedReason && (
        <p className="notice">
          <Reason reason={figures.suppressedReason} />
        </p>
      )}
      <ul className="index-cards plain-list" aria-label={t('mix.summaryCaption', { year: figures.schoolYear })}>
        {INDICES.map((index: Index) => (
          <li key={index} className="index-card">
            <h3>{t(`mix.index.${index}`)}</h3>
            <span className="figure">
              <IndexValue value={figures[index]} reason={figures.suppressedReason} />
            </span>
            <p>{t(`mix.explain.${index}`)}</p>
          </li>
        ))}
      </ul>
    </>
  );
}

const scaleFormat = new Intl.NumberFormat('nl-BE', { maximumFractionDigits: 2 });

/** The top of a chart's scale: the smallest of these at or above the largest value. */
export function scaleTop(values: readonly (number | null)[]): number {
  const max = Math.max(0, ...values.filter((v): v is number => v != null));
  return [0.05, 0.1, 0.25, 0.5, 1].find((top) => max <= top) ?? Math.ceil(max);
}

/**
 * A small bar chart of one index over the school years. Each chart has its own scale from 0 (its
 * top is printed), so a small index such as H still shows its trend. Read out as one sentence;
 * the table holds the same figures.
 */
export function MiniBars({ label, points }: { label: string; points: { year: string; value: number | null; withheld: boolean }[] }) {
  const { t } = useT('municipalities');
  const slot = 68;
  const width = Math.max(1, points.length) * slot;
  const top = 30;
  const plot = 64;
  const height = top + plot + 20;
  const max = scaleTop(points.map((p) => p.value));
  const summary = t('mix.trendChart', {
    index: label,
    values: points.map((p) => `${p.year} ${p.value != null ? fmt.index(p.value) : p.withheld ? t('state.withheld') : t('none')}`).join(', '),
  });
  return (
    <figure>
      <figcaption>{label}</figcaption>
      <svg className="mini-chart" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary}>
        <title>{summary}</title>
        <text className="scale" x={0} y={10}>
          {t('mix.scale', { top: scaleFormat.format(max) })}
        </text>
        <line className="axis" x1="0" x2={width} y1={top + plot} y2={top + plot} />
        {points.map((p, i) => {
          const x = i * slot + 12;
          const barWidth = slot - 24;
          const h = p.value != null ? Math.max(1, (Math.min(max, p.value) / max) * plot) : 0;
          return (
            <g key={p.year}>
              {p.value != null && <rect className="bar" x={x} y={top + plot - h} width={barWidth} height={h} />}
              <text x={x + barWidth / 2} y={top + plot - h - 4} textAnchor="middle">
                {p.value != null ? fmt.index(p.value) : p.withheld ? t('state.withheld') : t('none')}
              </text>
              <text x={x + barWidth / 2} y={top + plot + 16} textAnchor="middle">
                {`${p.year.slice(0, 5)}${p.year.slice(7)}`}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/**
 * The trend as a table with a row per figure and a column per school year (so it reads like the
 * charts above it, and three or four years fit a tablet without scrolling).
 */
function TrendTable({ trend }: { trend: readonly Figures[] }) {
  const { t } = useT('municipalities');
  const rows: { key: string; label: string; className?: string; cell(y: Figures): ReactNode }[] = [
    ...INDICES.map((index) => ({ key: index, label: t(`mix.index.${index}`), cell: (y: Figures) => <IndexValue value={y[index]} reason={y.suppressedReason} /> })),
    {
      key: 'indicatorShare',
      label: t('mix.indicatorShareLabel'),
      cell: (y) => (y.indicatorShare != null ? fmt.percent1(y.indicatorShare) : <IndexValue value={null} reason={y.suppressedReason} />),
    },
    { key: 'pupils', label: t('mix.pupils'), cell: (y) => <Count value={y.pupils} /> },
    { key: 'schoolCount', label: t('mix.schoolCount'), cell: (y) => fmt.int(y.schoolCount) },
  ];
  // The note row only when a year has one (withheld, or not computable).
  if (trend.some((y) => y.suppressedReason)) rows.push({ key: 'note', label: t('mix.note'), className: 'note', cell: (y) => <Reason reason={y.suppressedReason} /> });
  return <YearTable caption={t('mix.trendCaption')} corner={t('mix.figure')} years={trend} yearKey={(y) => y.schoolYear} figures={rows} />;
}
