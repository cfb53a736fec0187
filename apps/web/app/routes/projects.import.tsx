import { data, redirect } from '@remix-run/node';
import { Link, useActionData } from '@remix-run/react';
import { ImportError, ImportForm } from '../components/import-form.tsx';
import { getDb } from '../db.server.ts';
import { getJobs } from '../jobs.server.ts';
import { queueBulkImport } from '../services.server.ts';
import { useT } from '../i18n.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { canBulkImport } from '../utils/results.server.ts';
import { assertCan, requireUser, resolveLanguage } from '../utils/session.server.ts';
import { readUploadStreamed } from '../utils/upload.server.ts';

export const loader = wrapLoader(async ({ request }) => {
  const user = await requireUser(request);
  assertCan(canBulkImport(user));
  return null;
});

type Result = { step: 'error'; messageKey: string; params?: Record<string, unknown> };

/**
 * The upload is stored (FileStorage, chunk rows) as it is read from disk and a background job runs
 * the dry run (docs/decisions/015, addendum); the job's page shows its progress, the result and the
 * apply. Every file takes this path, small or large, so both give the same result.
 */
export const action = wrapAction(async ({ request }) => {
  const user = await requireUser(request);
  assertCan(canBulkImport(user));
  const lang = resolveLanguage(request, user);
  return readUploadStreamed(request, async (upload) => {
    if (!upload.ok) return data<Result>({ step: 'error', messageKey: upload.messageKey, params: upload.params }, { status: 400 });
    if (!upload.file) return data<Result>({ step: 'error', messageKey: 'excel.errors.noFile' }, { status: 400 });
    const job = await queueBulkImport(await getDb(), await getJobs(), user, { fileName: upload.file.name || 'import.xlsx', data: upload.file.chunks(), lang });
    return redirect(`/projects/import/${job.id}`);
  });
});

export default function BulkImport() {
  const t = useT();
  const result = useActionData<typeof action>() as Result | { messageKey: string; params?: Record<string, unknown> } | undefined;
  return (
    <section>
      <p><Link to="/projects">← {t('results:projects.title')}</Link></p>
      <h1>{t('results:bulk.title')}</h1>
      <p>{t('results:bulk.help')}</p>
      {result?.messageKey ? <ImportError messageKey={result.messageKey} params={result.params} /> : null}
      <ImportForm accept=".xlsx" />
    </section>
  );
}
