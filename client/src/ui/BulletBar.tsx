import { useT } from '../i18n';
import { fmt } from './format';

/**
 * A bullet bar: the bar is what was reached, the dark tick the target, the pale band what was
 * expected by now. Read out as one sentence; every use also offers the numbers as a table.
 * `expected` null: the period has ended (app/progress.ts hasForecast) — no forecast band, and
 * the bar is measured against the target only.
 */
export function BulletBar({ reached, target, expected, label }: { reached: number | null; target: number; expected: number | null; label: string }) {
  const { t } = useT();
  const max = Math.max(target, reached ?? 0, expected ?? 0, 1) * 1.05;
  const x = (n: number) => `${(n / max) * 100}%`;
  const behind = reached !== null && reached < (expected ?? target);
  const words = {
    label,
    reached: reached === null ? t('state.withheld') : fmt.int(reached),
    target: fmt.int(target),
    expected: fmt.int(Math.round(expected ?? 0)),
  };
  const summary = expected === null ? t('bullet.result', words) : t('bullet.summary', words);
  return (
    <svg className="bullet" role="img" aria-label={summary} viewBox="0 0 100 14" preserveAspectRatio="none" width="100%" height="14">
      <title>{summary}</title>
      <rect x="0" y="0" width="100%" height="14" className="bullet-track" />
      {expected !== null && <rect x="0" y="0" width={x(expected)} height="14" className="bullet-expected" />}
      {reached !== null && <rect x="0" y="3.5" width={x(reached)} height="7" className={behind ? 'bullet-reached behind' : 'bullet-reached'} />}
      <rect x={x(target)} y="0" width="0.8" height="14" className="bullet-target" />
    </svg>
  );
}
