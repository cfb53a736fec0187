import type { ReactNode } from 'react';

/**
 * The scroll box around a wide table. A box that scrolls must be reachable by keyboard (WCAG 2.1.1,
 * axe `scrollable-region-focusable`), so it is a focusable, named region: Tab reaches it, the arrow
 * keys scroll it, and a screen reader announces which table it holds.
 */
export function TableWrap({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <div className={className ? `table-wrap ${className}` : 'table-wrap'} tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
