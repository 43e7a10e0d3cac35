import { useApolloClient, useQuery } from '@apollo/client/react';
import type { ErrorLike } from '@apollo/client';
import { LIMITS } from '@schoolmix/shared';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { SchoolDetailMirrorQuery as MirrorData, SchoolDetailQuery as DetailData } from '../../gql/graphql';
import { useT } from '../../i18n';
import { fmt } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { Skeleton } from '../../ui/Skeleton';
import { Count, EmptyState, ErrorState, NotFound } from '../../ui/States';
import { type Columns, DataTable, YearTable } from '../../ui/DataTable';
import { listHref } from '../../ui/list-memory';
import { SchoolDetailQuery } from './school-detail.query';
import { SchoolDetailMirrorQuery } from './school-mirror.query';
import './schools.i18n';
import '../municipalities/municipalities.css';
import './schools.css';
import { paths, ROUTES } from '../../app/paths';
import { Breadcrumb } from '../../ui/Breadcrumb';

type School = NonNullable<DetailData['school']>;
type Composition = School['compositions'][number];
export type Mirror = NonNullable<MirrorData['school']>['mirror'];

/**
 * The mirror of every school year on record. The API has no field with every year's mirror
 * (`School.mirror` takes one school year; `SocialMixReport.schools` is every school in one year),
 * and a static codegen document cannot alias a varying number of years, so this sends one small
 * request per year — all at once, as soon as the detail has given the years (not one after the
 * other) — answered from the cache on a second visit.
 */
function useMirrors(id: string, years: readonly string[]) {
  const client = useApolloClient();
  const key = years.join(',');
  const [state, setState] = useState<{ key: string; mirrors?: Map<string, Mirror>; error?: ErrorLike } | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!key) return;
    let live = true;
    const wanted = key.split(',');
    Promise.all(wanted.map((schoolYear) => client.query({ query: SchoolDetailMirrorQuery, variables: { id, schoolYear }, fetchPolicy: attempt ? 'network-only' : 'cache-first' })))
      .then((answers) => {
        const mirrors = new Map<string, Mirror>();
        answers.forEach((answer, i) => {
          const mirror = answer.data?.school?.mirror;
          if (mirror) mirrors.set(wanted[i]!, mirror);
        });
        if (live) setState({ key: `${id}|${key}`, mirrors });
      })
      .catch((error: ErrorLike) => {
        if (live) setState({ key: `${id}|${key}`, error });
      });
    return () => {
      live = false;
    };
  }, [client, id, key, attempt]);
  const current = state?.key === `${id}|${key}` ? state : null;
  const retry = useCallback(() => {
    setState(null);
    setAttempt((n) => n + 1);
  }, []);
  return { mirrors: current?.mirrors ?? null, error: current?.error ?? null, retry };
}

/** A share as a percentage with one decimal ("46,8 %"). */
const share = (value: number | null | undefined) => fmt.percent1(value);

const points = new Intl.NumberFormat('nl-BE', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** The signed gap in percentage points, always with one decimal ("+3,2 pp", "+9,0 pp", "−10,4 pp"). */
function useGapText() {
  const { t } = useT('schools');
  return (gap: number) => {
    const text = points.format(Math.abs(gap * 100));
    const sign = text === '0,0' ? '' : gap > 0 ? '+' : '−';
    return t('detail.gapPoints', { sign, points: text });
  };
}

export default function SchoolPage() {
  const { id = '' } = useParams();
  const { t } = useT('schools');
  const { data, loading, error, refetch } = useQuery(SchoolDetailQuery, { variables: { id } });
  const school = data?.school;
  const years = school?.compositions.map((c) => c.schoolYear) ?? [];
  const mirrors = useMirrors(id, years);

  if (error && !data) {
    return (
      <>
        <BackToList />
        <ErrorState error={error} onRetry={() => void refetch()} />
      </>
    );
  }
  if (!data || (loading && !school)) {
    return (
      <>
        <BackToList />
        <Skeleton lines={8} />
      </>
    );
  }
  if (!school) return <NotFound />;

  const latest = school.compositions.at(-1);
  return (
    <>
      <BackToList />
      <PageHeader title={school.name} lead={t('detail.lead', { number: school.institutionNumber, municipality: school.municipality.name })} />

      <section aria-labelledby="facts-title">
        <h2 id="facts-title">{t('detail.facts')}</h2>
        <ul className="cards plain-list" aria-label={t('detail.facts')}>
          <li className="card">
            <span className="figure">{fmt.int(school.capacity)}</span>
            <span className="label">{t('detail.capacity')}</span>
          </li>
          {latest && (
            <li className="card">
              <span className="figure">
                <Count value={latest.pupils} />
              </span>
              <span className="label">{t('detail.pupils', { year: latest.schoolYear })}</span>
            </li>
          )}
        </ul>
        <dl className="facts">
          <dt>{t('detail.institutionNumber')}</dt>
          <dd>{school.institutionNumber}</dd>
          <dt>{t('detail.level')}</dt>
          <dd>{t(`level.${school.level}`)}</dd>
          <dt>{t('detail.network')}</dt>
          <dd>{t(`network.${school.network}`)}</dd>
          <dt>{t('detail.municipality')}</dt>
          <dd>
            <Link to={paths.municipality(school.municipality.id)}>{school.municipality.name}</Link> ({school.municipality.nisCode})
          </dd>
          <dt>{t('detail.postcode')}</dt>
          <dd>{school.postcode}</dd>
        </dl>
      </section>

      <section aria-labelledby="mirror-title">
        <h2 id="mirror-title">{t('detail.mirror')}</h2>
        {school.compositions.length === 0 ? (
          <EmptyState title={t('detail.noCompositions')}>
            <p>{t('detail.noCompositionsText')}</p>
          </EmptyState>
        ) : (
          <>
            <p className="lead">
              {t('detail.mirrorIntro', {
                area: `${school.municipality.name} (${school.municipality.nisCode})`,
                tolerance: fmt.int(([...(mirrors.mirrors?.values() ?? [])][0]?.tolerance ?? LIMITS.mirrorTolerance) * 100),
              })}
            </p>
            {mirrors.error ? (
              <ErrorState error={mirrors.error} onRetry={mirrors.retry} />
            ) : !mirrors.mirrors ? (
              <Skeleton lines={4} />
            ) : (
              <>
                <h3>{t('detail.chartTitle')}</h3>
                {[...mirrors.mirrors.values()].some((m) => m.indicatorShare != null || m.areaShare != null) ? (
                  <>
                    <p className="chart-note">{t('detail.chartNote')}</p>
                    <MirrorChart compositions={school.compositions} mirrors={mirrors.mirrors} />
                  </>
                ) : (
                  // Nothing to draw (every share withheld or missing): say so instead of an empty chart.
                  <p className="chart-note">{t('detail.chartNone')}</p>
                )}
                <MirrorTable compositions={school.compositions} mirrors={mirrors.mirrors} />
              </>
            )}
            <CompositionTable compositions={school.compositions} />
          </>
        )}
      </section>
    </>
  );
}

function BackToList() {
  const { t } = useT('schools');
  return (
    <Breadcrumb to={listHref(ROUTES.schools)} back>
      {t('detail.breadcrumb')}
    </Breadcrumb>
  );
}

/** A share the API left out: withheld by disclosure control, or missing with its reason. */
function MissingShare({ reason }: { reason: string | null }) {
  const { t } = useT('schools');
  if (reason === 'BELOW_THRESHOLD') {
    return (
      <span className="withheld" title={t('state.withheldHelp')}>
        {t('state.withheld')}
      </span>
    );
  }
  return <>{t('none')}</>;
}

function useVerdict() {
  const { t } = useT('schools');
  return (mirror: Mirror | undefined) => {
    if (!mirror || mirror.mirrors == null) return t(`detail.reason.${mirror?.suppressedReason ?? 'NO_COMPOSITION'}`, { defaultValue: mirror?.suppressedReason ?? '' });
    const tolerance = fmt.int(mirror.tolerance * 100);
    return mirror.mirrors ? t('detail.mirrorsYes', { tolerance }) : t('detail.mirrorsNo', { tolerance });
  };
}

/**
 * Per school year two horizontal bars on one 0–100 % scale: the school (solid) and its
 * neighbourhood (striped), with the tolerance band around the neighbourhood's share behind the
 * school's bar. Every bar carries its figure as text; read out as one sentence per year.
 */
export function MirrorChart({ compositions, mirrors }: { compositions: readonly Composition[]; mirrors: Map<string, Mirror> }) {
  const { t } = useT('schools');
  const gapText = useGapText();
  const verdict = useVerdict();
  const left = 92;
  const scale = 420;
  const labels = left + scale + 14;
  const row = 62;
  const x = (value: number) => left + Math.max(0, Math.min(1, value)) * scale;
  const years = compositions.map((c) => c.schoolYear);
  const tolerance = [...mirrors.values()][0]?.tolerance ?? LIMITS.mirrorTolerance;
  const summary = years
    .map((year) => {
      const m = mirrors.get(year);
      const missing = m?.suppressedReason === 'BELOW_THRESHOLD' ? t('state.withheld') : t('none');
      return t('detail.chartSummary', {
        year,
        school: m?.indicatorShare != null ? share(m.indicatorShare) : missing,
        area: m?.areaShare != null ? share(m.areaShare) : missing,
        gap: m?.gap != null ? gapText(m.gap) : missing,
        verdict: verdict(m),
      });
    })
    .join('. ');
  return (
    <div className="mirror-chart">
      <ul className="legend">
        <li>
          <i className="swatch-school" />
          {t('detail.legendSchool')}
        </li>
        <li>
          <i className="swatch-area" />
          {t('detail.legendArea')}
        </li>
        <li>
          <i className="swatch-band" />
          {t('detail.legendBand', { tolerance: fmt.int(tolerance * 100) })}
        </li>
      </ul>
      <svg viewBox={`0 0 ${labels + 150} ${years.length * row + 24}`} role="img" aria-label={summary} className="mirror-svg">
        <title>{summary}</title>
        <defs>
          <pattern id="mirror-stripes" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
            <rect width="6" height="6" fill="#ffffff" />
            <line x1="0" y1="0" x2="0" y2="6" stroke="#545454" strokeWidth="3" />
          </pattern>
        </defs>
        {[0, 0.25, 0.5, 0.75, 1].map((tick) => (
          <g key={tick}>
            <line className="grid" x1={x(tick)} x2={x(tick)} y1={0} y2={years.length * row} />
            <text className="tick" x={x(tick)} y={years.length * row + 16} textAnchor="middle">
              {fmt.percent(tick)}
            </text>
          </g>
        ))}
        {years.map((year, i) => {
          const m = mirrors.get(year);
          const y = i * row + 8;
          const missing = m?.suppressedReason === 'BELOW_THRESHOLD' ? t('state.withheld') : t('none');
          return (
            <g key={year}>
              <text className="year" x={0} y={y + 26}>
                {year}
              </text>
              {m?.areaShare != null && (
                <rect className="band" x={x(m.areaShare - m.tolerance)} width={x(m.areaShare + m.tolerance) - x(m.areaShare - m.tolerance)} y={y - 2} height={22} />
              )}
              {m?.indicatorShare != null && <rect className="bar-school" x={left} y={y} width={x(m.indicatorShare) - left} height={18} />}
              <text className="value" x={labels} y={y + 14}>
                {t('detail.barSchool', { share: m?.indicatorShare != null ? share(m.indicatorShare) : missing })}
              </text>
              {m?.areaShare != null && <rect className="bar-area" x={left} y={y + 24} width={x(m.areaShare) - left} height={18} />}
              <text className="value" x={labels} y={y + 38}>
                {t('detail.barArea', { share: m?.areaShare != null ? share(m.areaShare) : missing })}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}

function MirrorTable({ compositions, mirrors }: { compositions: readonly Composition[]; mirrors: Map<string, Mirror> }) {
  const { t } = useT('schools');
  const gapText = useGapText();
  const verdict = useVerdict();
  const columns: Columns<Composition> = [
    { key: 'year', header: t('detail.columns.schoolYear'), rowHeader: true, cell: (c) => c.schoolYear },
    {
      key: 'schoolShare',
      header: t('detail.columns.schoolShare'),
      numeric: true,
      cell: (c) => {
        const m = mirrors.get(c.schoolYear);
        return m?.indicatorShare != null ? share(m.indicatorShare) : <MissingShare reason={m?.suppressedReason ?? null} />;
      },
    },
    {
      key: 'areaShare',
      header: t('detail.columns.areaShare'),
      numeric: true,
      cell: (c) => {
        const m = mirrors.get(c.schoolYear);
        return m?.areaShare != null ? share(m.areaShare) : <MissingShare reason={m?.suppressedReason ?? null} />;
      },
    },
    {
      key: 'gap',
      header: t('detail.columns.gap'),
      numeric: true,
      cell: (c) => {
        const m = mirrors.get(c.schoolYear);
        return m?.gap != null ? gapText(m.gap) : <MissingShare reason={m?.suppressedReason ?? null} />;
      },
    },
    {
      key: 'mirrors',
      header: t('detail.columns.mirrors'),
      cell: (c) => {
        const m = mirrors.get(c.schoolYear);
        return m?.mirrors == null ? verdict(m) : <span className={`badge ${m.mirrors ? 'ok' : 'warn'}`}>{verdict(m)}</span>;
      },
    },
  ];
  return <DataTable caption={t('detail.mirrorCaption')} className="year-table" columns={columns} rows={compositions} rowKey={(c) => c.schoolYear} />;
}

/**
 * The pupil characteristics with a row per characteristic and a column per school year (like the
 * municipality's trend table), so the years fit a tablet without scrolling.
 */
function CompositionTable({ compositions }: { compositions: readonly Composition[] }) {
  const { t } = useT('schools');
  const fields = ['pupils', 'indicatorPupils', 'lowEducatedMother', 'schoolAllowance', 'homeLanguageNotDutch', 'pupilsWithSpecialNeeds'] as const;
  return (
    <YearTable
      caption={t('detail.compositionCaption')}
      corner={t('detail.columns.characteristic')}
      years={compositions}
      yearKey={(c) => c.schoolYear}
      figures={fields.map((field) => ({ key: field, label: t(`detail.columns.${field}`), cell: (c: Composition) => <Count value={c[field]} /> }))}
    />
  );
}
