import { type ReactNode, useEffect, useRef, useState } from 'react';

/**
 * A wide table that may scroll sideways (phones, tablets): while it does, the scrolling box takes
 * keyboard focus and carries the table's name, so keyboard users can scroll it with the arrow keys
 * too (WCAG 2.1.1; axe scrollable-region-focusable). When nothing scrolls it is no Tab stop (a
 * stop that does nothing only costs a keypress). `busy` while a newer page of the table loads.
 */
export function TableWrap({ label, busy, children }: { label: string; busy?: boolean; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => setScrolls(element.scrollWidth > element.clientWidth + 1);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={box} className="table-wrap" tabIndex={scrolls ? 0 : undefined} role="group" aria-label={label} aria-busy={busy || undefined}>
      {children}
    </div>
  );
}
