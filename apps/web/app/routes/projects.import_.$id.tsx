import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { AppError, formatDateTime, formatNumber } from '@kamkor/domain';
import { CsrfInput } from '../components/forms.tsx';
import { CellErrorsTable } from '../components/cell-errors.tsx';
import { QualityFlags } from '../components/results.tsx';
import { getDb } from '../db.server.ts';
import { getJobs } from '../jobs.server.ts';
import { findImportJob, importJobResult, queueBulkApply } from '../services.server.ts';
import { useLang, useT } from '../i18n.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { canBulkImport } from '../utils/results.server.ts';
import { assertCan, requireUser, resolveLanguage } from '../utils/session.server.ts';
import { useJobPolling } from '../utils/use-job-polling.ts';

/**
 * One background bulk import (a dry run or an apply): its progress while it runs (the page
 * revalidates itself; without JS a refresh link), then the dry run's counts, flags, errors and error
 * copy, or the apply's counts. Only the user who started it sees it.
 */
export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  assertCan(canBulkImport(user));
  const db = await getDb();
  const job = await findImportJob(db, user, params.id ?? '');
  if (!job) throw new AppError('NOT_FOUND', 'errors.notFound');
  const result = importJobResult(job);
  return {
    id: job.id,
    mode: job.mode,
    fileName: job.file_name,
    status: job.status,
    read: job.rows_read,
    staged: job.rows_staged,
    error: job.error,
    errorParams: job.error_params,
    createdAt: formatDateTime(job.created_at),
    result,
    errorFileId: job.error_file_id,
    // A clean dry run whose file is kept may be applied (once: then the page links to the apply).
    canApply: job.mode === 'dry_run' && job.status === 'done' && !!job.file_id && !!result && !result.applied && result.errorCount === 0,
  };
});

/** Applies a finished clean dry run of this page (its owner only): starts the apply job and opens its page. */
export const action = wrapAction(async ({ request, params }) => {
  const user = await requireUser(request);
  assertCan(canBulkImport(user));
  const apply = await queueBulkApply(await getDb(), await getJobs(), user, params.id ?? '', resolveLanguage(request, user));
  return redirect(`/projects/import/${apply.id}`);
});


export default function BulkImportJob() {
  const t = useT();
  const lang = useLang();
  const job = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>() as { messageKey?: string; params?: Record<string, unknown> } | undefined;
  const active = useJobPolling(job.status);
  const r = job.result;
  return (
    <section>
      <p><Link to="/projects/import">← {t('results:bulk.newImport')}</Link></p>
      <h1>{t(job.mode === 'apply' ? 'results:bulk.jobApply' : 'results:bulk.jobDryRun', { file: job.fileName })}</h1>
      {refused?.messageKey ? <div className="error-summary" role="alert"><p>{t(refused.messageKey, refused.params)}</p></div> : null}
      <dl className="facts">
        <dt>{t('results:bulk.started')}</dt>
        <dd>{job.createdAt}</dd>
        <dt>{t('exports:status')}</dt>
        <dd data-testid="import-status" data-status={job.status}>{t(`exports:statuses.${job.status}`)}</dd>
      </dl>
      {active ? (
        <>
          <p>
            <progress id="import-progress" aria-label={t('exports:status')} />{' '}
            <span aria-live="polite">{t('results:bulk.progress', { read: formatNumber(job.read, lang), staged: formatNumber(job.staged, lang) })}</span>
          </p>
          <p>{t('results:bulk.waitHint')} <Link to={`/projects/import/${job.id}`}>{t('exports:refresh')}</Link></p>
        </>
      ) : null}
      {job.status === 'failed' ? (
        <div className="error-summary" role="alert"><p>{t(job.error ?? 'results:bulk.failed', { ...(job.errorParams ?? {}), defaultValue: t('results:bulk.failed') })}</p></div>
      ) : null}
      {job.status === 'done' && r?.applied ? <p className="flash" role="status">{t('results:upload.applied', { ...r.counts })}</p> : null}
      {job.status === 'done' && r && !r.applied ? (
        <section className="card">
          <h2>{t(job.mode === 'apply' ? 'results:bulk.notApplied' : 'excel.dryRunTitle')}</h2>
          <ul className="counts">
            <li>{t('results:bulk.rows')}: <strong>{formatNumber(r.rows ?? 0, lang)}</strong></li>
            <li>{t('results:upload.created')}: <strong>{formatNumber(r.counts.created, lang)}</strong></li>
            <li>{t('results:upload.updated')}: <strong>{formatNumber(r.counts.updated, lang)}</strong></li>
            <li>{t('results:upload.unchanged')}: <strong>{formatNumber(r.counts.unchanged, lang)}</strong></li>
            <li>{t('excel.errorsCount')}: <strong>{formatNumber(r.errorCount, lang)}</strong></li>
          </ul>
          <QualityFlags flags={r.flags ?? []} />
          {r.errors.length ? (
            <>
              {r.errorCount > r.errors.length ? <p>{t('results:bulk.moreErrors', { shown: r.errors.length, count: r.errorCount })}</p> : null}
              <CellErrorsTable errors={r.errors} />
              {job.errorFileId ? <p><a className="button" href={`/projects/import/errors?file=${job.errorFileId}`} download>{t('results:upload.errorWorkbook')}</a></p> : null}
            </>
          ) : null}
          {job.canApply ? (
            <Form method="post">
              <CsrfInput />
              <button type="submit" name="intent" value="apply" className="primary">{t('excel.apply')}</button>
            </Form>
          ) : null}
        </section>
      ) : null}
    </section>
  );
}
