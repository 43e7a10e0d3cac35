import { useProgressWords } from '../../app/progress';

/**
 * What the parts of a bullet bar mean (the bars also read out as a sentence). Without a forecast
 * (the period has ended) there is no "expected by now" band and "behind" means short of the target.
 */
export function ProgressLegend({ forecast = true }: { forecast?: boolean }) {
  const words = useProgressWords();
  return (
    <p className="legend" aria-hidden="true">
      <span>
        <i style={{ background: 'var(--accent)' }} />
        {words.legend('reached')}
      </span>
      <span>
        <i style={{ background: 'var(--warn)' }} />
        {words.legend(forecast ? 'behind' : 'short')}
      </span>
      {forecast && (
        <span>
          <i style={{ background: '#c7d7ea' }} />
          {words.legend('expected')}
        </span>
      )}
      <span>
        <i style={{ background: 'var(--ink)', width: '0.2rem' }} />
        {words.legend('target')}
      </span>
    </p>
  );
}
