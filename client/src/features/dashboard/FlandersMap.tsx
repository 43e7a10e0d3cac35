import { geoMercator, geoPath } from 'd3-geo';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { useT } from '../../i18n';
import { fmt } from '../../ui/format';
import type { ProgressRow } from './MunicipalityProgressTable';
import { BAND_COLOURS, BANDS, progressBand, type ProgressBand } from './progress';
import { paths } from '../../app/paths';

const MAP_URL = '/data/flanders-municipalities-2025.topo.json';
const WIDTH = 960;
const HEIGHT = 420;

interface Shape {
  nis: string;
  name: string;
  d: string;
}

let cached: Promise<Shape[]> | null = null;

/** The 285 municipalities of 2025 as SVG paths, loaded once from the app's own copy (offline). */
function loadShapes(): Promise<Shape[]> {
  cached ??= fetch(MAP_URL)
    .then((response) => {
      if (!response.ok) throw new Error(`map ${response.status}`);
      return response.json() as Promise<Topology<{ gemeente: GeometryCollection<{ nis: string; naam: string }> }>>;
    })
    .then((topology) => {
      const collection = feature(topology, topology.objects.gemeente);
      const projection = geoMercator().fitSize([WIDTH, HEIGHT], collection);
      const path = geoPath(projection);
      return collection.features.map((f) => ({ nis: f.properties.nis, name: f.properties.naam, d: path(f) ?? '' }));
    })
    .catch((error: unknown) => {
      cached = null;
      throw error;
    });
  return cached;
}

/** Flanders coloured by KPI progress; taking-part municipalities link to their page. */
export default function FlandersMap({ rows, periodLabel, forecast = true }: { rows: readonly ProgressRow[]; periodLabel: string; forecast?: boolean }) {
  const { t } = useT('dashboard');
  const navigate = useNavigate();
  const [shapes, setShapes] = useState<Shape[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    loadShapes().then(
      (loaded) => live && setShapes(loaded),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, []);
  const byNis = useMemo(() => new Map(rows.map((row) => [row.municipality.nisCode, row])), [rows]);
  const counts = useMemo(() => {
    const result = new Map<ProgressBand, number>(BANDS.map((band) => [band, 0]));
    for (const shape of shapes ?? []) {
      const band = progressBand(byNis.get(shape.nis), forecast);
      result.set(band, (result.get(band) ?? 0) + 1);
    }
    return result;
  }, [shapes, byNis]);

  if (failed) return <p role="alert">{t('map.failed')}</p>;
  if (!shapes) {
    return (
      <div className="map-placeholder" role="status">
        {t('map.loading')}
      </div>
    );
  }
  const summary = BANDS.filter((band) => counts.get(band))
    .map((band) => `${counts.get(band)} ${t(forecast ? `map.${band}` : `mapResult.${band}`)}`)
    .join(', ');
  return (
    <figure className="map">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={t('map.label', { period: periodLabel, summary })}>
        {shapes.map((shape) => {
          const row = byNis.get(shape.nis);
          const band = progressBand(row, forecast);
          const title = row
            ? t('map.tooltip', { name: shape.name, reached: row.reached === null ? t('map.withheld') : fmt.int(row.reached), target: fmt.int(row.target), status: t(forecast ? `map.${band}` : `mapResult.${band}`) })
            : `${shape.name}: ${t('map.none')}`;
          return (
            <path
              key={shape.nis}
              d={shape.d}
              fill={BAND_COLOURS[band]}
              className={row ? 'taking-part' : undefined}
              onClick={row ? () => void navigate(paths.municipality(row.municipality.id)) : undefined}
            >
              <title>{title}</title>
            </path>
          );
        })}
      </svg>
      <figcaption>
        <ul className="map-legend">
          {BANDS.map((band) => (
            <li key={band}>
              <i style={{ background: BAND_COLOURS[band] }} aria-hidden="true" />
              {t(forecast ? `map.${band}` : `mapResult.${band}`)} ({fmt.int(counts.get(band) ?? 0)})
            </li>
          ))}
        </ul>
        <small>{t('map.attribution')}</small>
      </figcaption>
    </figure>
  );
}
