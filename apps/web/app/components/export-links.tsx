import { Form, Link, useLocation } from '@remix-run/react';
import { useT } from '../i18n.ts';
import { CsrfInput } from './forms.tsx';

/**
 * Downloads of a table (docs/decisions/015-background-jobs.md): xlsx and CSV straight away
 * (`/exports/tables/:source`, up to 10,000 rows), or a background export (`POST /exports`) that
 * writes every row and waits on the user's exports page. `params` is the table's filter query string
 * (the page's own by default).
 */
export function ExportLinks({ source, params, directLinks = true }: { source: string; params?: string; directLinks?: boolean }) {
  const t = useT();
  const location = useLocation();
  // By default the page's own query string: each source keeps only the filters it knows.
  params ??= location.search.replace(/^\?/, '');
  const qs = params ? `&${params}` : '';
  return (
    <div className="export-links no-print">
      {directLinks ? (
        <>
          <a className="button" href={`/exports/tables/${source}?format=xlsx${qs}`} download>
            {t('exports:downloadTable')} ({t('exports:xlsx')})
          </a>{' '}
          <a className="button" href={`/exports/tables/${source}?format=csv${qs}`} download>
            {t('exports:downloadTable')} ({t('exports:csv')})
          </a>{' '}
        </>
      ) : null}
      <Form method="post" action="/exports?index" style={{ display: 'inline' }}>
        <CsrfInput />
        <input type="hidden" name="source" value={source} />
        <input type="hidden" name="params" value={params} />
        <input type="hidden" name="format" value="xlsx" />
        <button type="submit">{directLinks ? t('exports:background') : t('exports:backgroundAll')}</button>
      </Form>{' '}
      <Link to="/exports">{t('exports:title')}</Link>
    </div>
  );
}
