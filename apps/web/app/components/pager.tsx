import { Link, useSearchParams } from '@remix-run/react';
import { useT } from '../i18n.ts';

/** Previous/next links for a list paged in SQL; keeps the other search parameters (filters). */
export function Pager({ page, pageSize, total }: { page: number; pageSize: number; total: number }) {
  const t = useT();
  const [params] = useSearchParams();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  const to = (n: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(n));
    return `?${next.toString()}`;
  };
  return (
    <nav className="pager no-print" aria-label={t('pager.label')}>
      {page > 1 ? <Link to={to(page - 1)} rel="prev">{t('pager.previous')}</Link> : null}{' '}
      <span>{t('pager.page', { page, pages })}</span>{' '}
      {page < pages ? <Link to={to(page + 1)} rel="next">{t('pager.next')}</Link> : null}
    </nav>
  );
}
