import { useT } from '../../i18n';

/** What the parts of a bullet bar mean (the bars also read out as a sentence). */
export function ProgressLegend() {
  const { t } = useT('projects');
  return (
    <p className="legend" aria-hidden="true">
      <span>
        <i style={{ background: 'var(--accent)' }} />
        {t('detail.legendReached')}
      </span>
      <span>
        <i style={{ background: 'var(--warn)' }} />
        {t('detail.legendBehind')}
      </span>
      <span>
        <i style={{ background: '#c7d7ea' }} />
        {t('detail.legendExpected')}
      </span>
      <span>
        <i style={{ background: 'var(--ink)', width: '0.2rem' }} />
        {t('detail.legendTarget')}
      </span>
    </p>
  );
}
