/**
 * Belgian wall-clock time for forms and filters. An event starts at "19:00 in Gent", whatever the
 * browser's time zone: `<input type="datetime-local">` values are read and written as
 * Europe/Brussels, and the API gets UTC instants.
 */
const ZONE = 'Europe/Brussels';

const wallFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function wallParts(ms: number): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
  const parts = Object.fromEntries(wallFormat.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** Brussels time minus UTC at this instant, in ms (1 h in winter, 2 h in summer). */
function offsetAt(ms: number): number {
  const w = wallParts(ms);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** An ISO instant → `YYYY-MM-DDTHH:mm` on the Brussels clock (the value of a datetime-local input). */
export function toBrusselsInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const w = wallParts(ms);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

const HALF_DAY = 12 * 3600 * 1000;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/;

/**
 * `YYYY-MM-DDTHH:mm` (or `YYYY-MM-DD`, midnight) on the Brussels clock → the ISO instant, or
 * null when it is not a moment. In the autumn hour that happens twice, the first one is meant.
 */
export function fromBrusselsInput(local: string): string | null {
  const m = LOCAL.exec(local.trim());
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00'] = m;
  const asUtc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi));
  if (Number.isNaN(asUtc)) return null;
  const check = new Date(asUtc);
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return null;
  // The offsets in force half a day either side: one, or two around a change of clock.
  const offsets = [...new Set([offsetAt(asUtc - HALF_DAY), offsetAt(asUtc + HALF_DAY)])];
  const wanted = `${y}-${mo}-${d}T${h}:${mi}`;
  const fits = offsets.map((o) => asUtc - o).filter((ms) => toBrusselsInput(new Date(ms).toISOString()) === wanted);
  // An autumn time that happens twice: the first; a spring time that never happens: an hour on.
  const ms = fits.length > 0 ? Math.min(...fits) : asUtc - Math.min(...offsets);
  return new Date(ms).toISOString();
}

/** A Belgian calendar day `YYYY-MM-DD` plus n days. */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Whether a string is a real calendar day `YYYY-MM-DD`. */
export function isDay(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && fromBrusselsInput(value) !== null;
}
