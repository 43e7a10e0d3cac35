import type { ReactNode, Ref } from 'react';

/** One line of an ErrorSummary: a link to the broken control (`href`), or plain text. */
export interface SummaryLine {
  key: string;
  href?: string;
  text: ReactNode;
}

/**
 * The error summary above (or at the top of) a form: an alert that takes focus after a failed
 * submit, with a line per broken field (a link to its control) and then the errors of no field.
 */
export function ErrorSummary({ intro, lines, ref }: { intro: ReactNode; lines: readonly SummaryLine[]; ref?: Ref<HTMLDivElement> }) {
  return (
    <div className="form-summary" role="alert" tabIndex={-1} ref={ref}>
      <p>{intro}</p>
      {lines.length > 0 && (
        <ul>
          {lines.map((line) => (
            <li key={line.key}>{line.href ? <a href={line.href}>{line.text}</a> : line.text}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
