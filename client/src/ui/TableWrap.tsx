import type { ReactNode } from 'react';

/**
 * A wide table that may scroll sideways (tablets): the scrolling box takes keyboard focus and
 * carries the table's name, so keyboard users can scroll it with the arrow keys too (WCAG 2.1.1;
 * axe scrollable-region-focusable). `busy` while a newer page of the table loads.
 */
export function TableWrap({ label, busy, children }: { label: string; busy?: boolean; children: ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0} role="group" aria-label={label} aria-busy={busy || undefined}>
      {children}
    </div>
  );
}
