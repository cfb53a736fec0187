import { Link, useLoaderData } from '@remix-run/react';
import { AppError, formatDateTime, formatNumber } from '@kamkor/domain';
import { findExportJob, getDb } from '../db.server.ts';
import { useLang, useT } from '../i18n.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { useJobPolling } from '../utils/use-job-polling.ts';
import { requireUser } from '../utils/session.server.ts';

/** One background export: its progress while it runs (the page revalidates itself), then its file. */
export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const job = await findExportJob(await getDb(), user, params.id ?? '');
  if (!job) throw new AppError('NOT_FOUND', 'errors.notFound');
  return {
    id: job.id,
    source: job.source,
    format: job.format,
    status: job.status,
    done: job.rows_done,
    total: job.rows_total,
    error: job.error,
    createdAt: formatDateTime(job.created_at),
    expiresAt: formatDateTime(job.expires_at),
    hasFile: !!job.file_id,
  };
});


export default function ExportJobPage() {
  const t = useT();
  const lang = useLang();
  const job = useLoaderData<typeof loader>();
  const active = useJobPolling(job.status);
  const total = job.total ?? null;
  return (
    <section>
      <p>
        <Link to="/exports">{t('exports:back')}</Link>
      </p>
      <h1>{t('exports:jobTitle', { source: t(`exports:sources.${job.source}`) })}</h1>
      <dl className="facts">
        <dt>{t('exports:requested')}</dt>
        <dd>{job.createdAt}</dd>
        <dt>{t('exports:format')}</dt>
        <dd>{t(`exports:${job.format}`)}</dd>
        <dt>{t('exports:status')}</dt>
        <dd data-testid="export-status" data-status={job.status}>
          {t(`exports:statuses.${job.status}`)}
        </dd>
      </dl>
      {job.status !== 'failed' ? (
        <p>
          <progress id="export-progress" value={total ? Math.min(job.done, total) : undefined} max={total || undefined} aria-label={t('exports:status')} />{' '}
          <span aria-live="polite">
            {total != null
              ? t('exports:progress', { done: formatNumber(job.done, lang), total: formatNumber(total, lang) })
              : t('exports:progressUnknown', { done: formatNumber(job.done, lang) })}
          </span>
        </p>
      ) : (
        <p className="error" role="alert">
          {t(job.error ?? 'exports:failed', { defaultValue: t('exports:failed') })}
        </p>
      )}
      {active ? (
        <p>
          {t('exports:waitHint')} <Link to={`/exports/${job.id}`}>{t('exports:refresh')}</Link>
        </p>
      ) : null}
      {job.status === 'done' && job.hasFile ? (
        <p>
          <a className="button" href={`/exports/${job.id}/download`} download>
            {t('exports:download')}
          </a>{' '}
          <span className="hint">{t('exports:expires', { date: job.expiresAt })}</span>
        </p>
      ) : null}
    </section>
  );
}
