import { writeErrorWorkbook, type CellError } from '../excel.server.ts';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { languages, type Language } from '@kamkor/domain';
import { CsrfInput } from '../components/forms.tsx';
import { getDb, databaseStorage, importReportUpload, type UploadOutcome } from '../db.server.ts';
import { getT, useT } from '../i18n.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { reportFor, XLSX } from '../utils/results.server.ts';
import { requireUser, resolveLanguage } from '../utils/session.server.ts';
import { readUpload } from '../utils/upload.server.ts';
import { ApplyImportForm, CellErrorsTable } from '../components/cell-errors.tsx';

export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const { project, report } = await reportFor(user, params.id, params.period, 'report');
  return { projectId: project.id, code: project.code, period: report.period_key };
});

type Result =
  | { step: 'error'; messageKey: string; params?: Record<string, unknown> }
  | { step: 'dry-run' | 'applied'; fileId: string | null; errorFileId: string | null; outcome: Extract<UploadOutcome, { ok: true }> };

/** Yes / no in every language, so a template filled in Russian imports for a user now in Kyrgyz. */
const yesNo = () => ({
  yesWords: languages.map((l: Language) => getT(l)('results:template.yes')).concat(['yes', 'y']),
  noWords: languages.map((l: Language) => getT(l)('results:template.no')).concat(['no', 'n']),
});

export const action = wrapAction(async ({ request, params }) => {
  const user = await requireUser(request);
  const { report } = await reportFor(user, params.id, params.period, 'report');
  const upload = await readUpload(request);
  if (!upload.ok) return data<Result>({ step: 'error', messageKey: upload.messageKey, params: upload.params }, { status: 400 });
  const db = await getDb();
  const storage = databaseStorage(db);
  const intent = upload.form.get('intent');
  let fileId = String(upload.form.get('fileId') ?? '') || null;
  let bytes: Uint8Array | null = null;
  if (upload.file) {
    bytes = upload.file.data;
    fileId = null;
  } else if (fileId) {
    const stored = await storage.get(fileId);
    bytes = stored?.data ?? null;
  }
  if (!bytes) return data<Result>({ step: 'error', messageKey: 'excel.errors.noFile' }, { status: 400 });
  const outcome = await importReportUpload(db, user, report.id, bytes, { dryRun: intent !== 'apply', ...yesNo() });
  if (!outcome.ok) return data<Result>({ step: 'error', messageKey: outcome.messageKey, params: outcome.params }, { status: 400 });
  if (outcome.applied) {
    if (fileId) await storage.remove(fileId);
    return { step: 'applied', fileId: null, errorFileId: null, outcome } satisfies Result;
  }
  // Keep the file behind the storage interface so "apply" works on any app server.
  if (!fileId) fileId = await storage.put({ fileName: upload.file?.name ?? 'report.xlsx', contentType: XLSX, data: bytes, createdBy: user.userId });
  let errorFileId: string | null = null;
  if (outcome.errors.length) {
    const t = getT(resolveLanguage(request, user));
    const marked = await writeErrorWorkbook(bytes, outcome.errors.map((e: CellError) => ({ ...e, text: t(e.messageKey, e.params) })));
    errorFileId = await storage.put({ fileName: `errors-${upload.file?.name ?? 'report.xlsx'}`, contentType: XLSX, data: marked, createdBy: user.userId });
  }
  return { step: 'dry-run', fileId, errorFileId, outcome } satisfies Result;
});

export default function UploadReport() {
  const t = useT();
  const { projectId, code, period } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const back = `/projects/${projectId}/reports/${period}`;
  return (
    <section>
      <p><Link to={back}>← {code} · {period}</Link></p>
      <h1>{t('results:upload.title')}</h1>
      <p>{t('results:upload.help')}</p>
      {result?.step === 'error' ? (
        <div className="error-summary" role="alert"><p>{t(result.messageKey, result.params)}</p></div>
      ) : null}
      {result?.step === 'applied' ? (
        <div className="flash" role="status">
          <p>{t('results:upload.applied', { ...result.outcome.counts })}</p>
          <p><Link to={back}>{t('results:upload.backToReport')}</Link></p>
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="card">
        <CsrfInput />
        <div className="field">
          <label htmlFor="file">{t('excel.file')}</label>
          <input id="file" name="file" type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />
        </div>
        <button type="submit" name="intent" value="dry-run" className="primary">{t('excel.dryRun')}</button>
      </Form>
      {result?.step === 'dry-run' ? (
        <section className="card" aria-labelledby="dry-run-title">
          <h2 id="dry-run-title">{t('excel.dryRunTitle')}</h2>
          <ul className="counts">
            <li>{t('results:upload.created')}: <strong data-count="created">{result.outcome.counts.created}</strong></li>
            <li>{t('results:upload.updated')}: <strong data-count="updated">{result.outcome.counts.updated}</strong></li>
            <li>{t('results:upload.unchanged')}: <strong data-count="unchanged">{result.outcome.counts.unchanged}</strong></li>
            <li>{t('excel.errorsCount')}: <strong data-count="errors">{result.outcome.errorCount}</strong></li>
          </ul>
          {result.outcome.errors.length ? (
            <>
              <CellErrorsTable errors={result.outcome.errors} />
              {result.errorFileId ? <p><a className="button" href={`/projects/${projectId}/reports/${period}/upload-errors?file=${result.errorFileId}`} download>{t('results:upload.errorWorkbook')}</a></p> : null}
              <p className="hint">{t('excel.errors.fixFirst')}</p>
            </>
          ) : (
            <ApplyImportForm fileId={result.fileId ?? ''} />
          )}
        </section>
      ) : null}
    </section>
  );
}
