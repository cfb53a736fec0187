import { writeErrorWorkbook } from '../excel.server.ts';
import { data } from '@remix-run/node';
import { Form, Link, useActionData } from '@remix-run/react';
import { AppError } from '@kamkor/domain';
import { CsrfInput } from '../components/forms.tsx';
import { getDb, databaseStorage, importBulkSheet, type UploadOutcome } from '../db.server.ts';
import { getT, useT } from '../i18n.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { canBulkImport, XLSX } from '../utils/results.server.ts';
import { assertCan, requireUser, resolveLanguage } from '../utils/session.server.ts';
import { readUpload } from '../utils/upload.server.ts';
import { ApplyImportForm, CellErrorsTable } from '../components/cell-errors.tsx';

export const loader = wrapLoader(async ({ request }) => {
  const user = await requireUser(request);
  assertCan(canBulkImport(user));
  const errors = new URL(request.url).searchParams.get('errors');
  if (errors) {
    // The marked copy of the user's own workbook; only its uploader may fetch it.
    const db = await getDb();
    if (!/^[0-9a-f-]{36}$/i.test(errors)) throw new AppError('NOT_FOUND', 'errors.notFound');
    const row = await db.selectFrom('stored_file').select(['file_name', 'data', 'created_by']).where('id', '=', errors).executeTakeFirst();
    if (!row || row.created_by !== user.userId || !row.file_name.startsWith('errors-')) throw new AppError('NOT_FOUND', 'errors.notFound');
    throw new Response(row.data as unknown as BodyInit, { headers: { 'Content-Type': XLSX, 'Content-Disposition': 'attachment; filename="import-errors.xlsx"' } });
  }
  return null;
});

type Result =
  | { step: 'error'; messageKey: string; params?: Record<string, unknown> }
  | { step: 'dry-run' | 'applied'; fileId: string | null; errorFileId: string | null; outcome: Extract<UploadOutcome, { ok: true }> & { rows?: number } };

export const action = wrapAction(async ({ request }) => {
  const user = await requireUser(request);
  assertCan(canBulkImport(user));
  const upload = await readUpload(request);
  if (!upload.ok) return data<Result>({ step: 'error', messageKey: upload.messageKey, params: upload.params }, { status: 400 });
  const db = await getDb();
  const storage = databaseStorage(db);
  let fileId = String(upload.form.get('fileId') ?? '') || null;
  let bytes: Uint8Array | null = upload.file?.data ?? null;
  if (bytes) fileId = null;
  else if (fileId) bytes = (await storage.get(fileId))?.data ?? null;
  if (!bytes) return data<Result>({ step: 'error', messageKey: 'excel.errors.noFile' }, { status: 400 });
  const outcome = await importBulkSheet(db, user, bytes, { dryRun: upload.form.get('intent') !== 'apply' });
  if (!outcome.ok) return data<Result>({ step: 'error', messageKey: outcome.messageKey, params: outcome.params }, { status: 400 });
  if (outcome.applied) {
    if (fileId) await storage.remove(fileId);
    return { step: 'applied', fileId: null, errorFileId: null, outcome } satisfies Result;
  }
  if (!fileId) fileId = await storage.put({ fileName: upload.file?.name ?? 'import.xlsx', contentType: XLSX, data: bytes, createdBy: user.userId });
  let errorFileId: string | null = null;
  if (outcome.errors.length) {
    const t = getT(resolveLanguage(request, user));
    const marked = await writeErrorWorkbook(bytes, outcome.errors.map((e) => ({ ...e, text: t(e.messageKey, e.params) })));
    errorFileId = await storage.put({ fileName: `errors-${upload.file?.name ?? 'import.xlsx'}`, contentType: XLSX, data: marked, createdBy: user.userId });
  }
  return { step: 'dry-run', fileId, errorFileId, outcome } satisfies Result;
});

export default function BulkImport() {
  const t = useT();
  const result = useActionData<typeof action>() as Result | undefined;
  return (
    <section>
      <p><Link to="/projects">← {t('results:projects.title')}</Link></p>
      <h1>{t('results:bulk.title')}</h1>
      <p>{t('results:bulk.help')}</p>
      {result?.step === 'error' ? <div className="error-summary" role="alert"><p>{t(result.messageKey, result.params)}</p></div> : null}
      {result?.step === 'applied' ? <p className="flash" role="status">{t('results:upload.applied', { ...result.outcome.counts })}</p> : null}
      <Form method="post" encType="multipart/form-data" className="card">
        <CsrfInput />
        <div className="field">
          <label htmlFor="file">{t('excel.file')}</label>
          <input id="file" name="file" type="file" accept=".xlsx" required />
        </div>
        <button type="submit" name="intent" value="dry-run" className="primary">{t('excel.dryRun')}</button>
      </Form>
      {result?.step === 'dry-run' ? (
        <section className="card">
          <h2>{t('excel.dryRunTitle')}</h2>
          <ul className="counts">
            <li>{t('results:bulk.rows')}: <strong>{result.outcome.rows ?? 0}</strong></li>
            <li>{t('results:upload.created')}: <strong>{result.outcome.counts.created}</strong></li>
            <li>{t('results:upload.updated')}: <strong>{result.outcome.counts.updated}</strong></li>
            <li>{t('results:upload.unchanged')}: <strong>{result.outcome.counts.unchanged}</strong></li>
            <li>{t('excel.errorsCount')}: <strong>{result.outcome.errorCount}</strong></li>
          </ul>
          {result.outcome.errors.length ? (
            <>
              {result.outcome.errorCount > result.outcome.errors.length ? <p>{t('results:bulk.moreErrors', { shown: result.outcome.errors.length, count: result.outcome.errorCount })}</p> : null}
              <CellErrorsTable errors={result.outcome.errors} />
              {result.errorFileId ? <p><a className="button" href={`/projects/import?errors=${result.errorFileId}`} download>{t('results:upload.errorWorkbook')}</a></p> : null}
            </>
          ) : (
            <ApplyImportForm fileId={result.fileId ?? ''} />
          )}
        </section>
      ) : null}
    </section>
  );
}
