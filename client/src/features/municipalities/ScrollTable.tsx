import type { ReactNode } from 'react';

/**
 * A wide table without links inside scrolls sideways on a tablet: the wrapper takes keyboard
 * focus so it can be scrolled with the arrow keys (WCAG 2.1.1; axe scrollable-region-focusable).
 */
export function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0} role="group" aria-label={label}>
      {children}
    </div>
  );
}
