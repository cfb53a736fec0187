import { data } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { formatPeriod, languages, type Language } from '@kamkor/domain';
import { DryRunResult, ErrorWorkbookLink, ImportError, ImportForm } from '../components/import-form.tsx';
import { getDb } from '../db.server.ts';
import { reportUploadImport, runImport, type UploadOutcome } from '../services.server.ts';
import { getT, useLang, useT } from '../i18n.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { reportFor } from '../utils/results.server.ts';
import { requireUser, resolveLanguage } from '../utils/session.server.ts';
import { readUpload, importRequestOf } from '../utils/upload.server.ts';
import { ApplyImportForm, CellErrorsTable } from '../components/cell-errors.tsx';
import { QualityFlags } from '../components/results.tsx';

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
  const t = getT(resolveLanguage(request, user));
  const run = await runImport(db, reportUploadImport, { actor: user, reportId: report.id, ...yesNo() }, importRequestOf(user.userId, upload, (e) => t(e.messageKey, e.params)));
  if (!run.ok) return data<Result>({ step: 'error', messageKey: run.messageKey, params: run.params }, { status: 400 });
  if (run.step === 'applied') {
    const outcome = { ok: true as const, applied: true, counts: run.done.counts, flags: run.done.flags, errors: [], errorCount: 0 };
    return { step: 'applied', fileId: null, errorFileId: null, outcome } satisfies Result;
  }
  const outcome = { ok: true as const, applied: false, counts: run.preview.counts, flags: run.preview.flags, errors: run.errors, errorCount: run.errors.length };
  return { step: 'dry-run', fileId: run.fileId, errorFileId: run.errorFileId, outcome } satisfies Result;
});

export default function UploadReport() {
  const t = useT();
  const lang = useLang();
  const { projectId, code, period } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const back = `/projects/${projectId}/reports/${period}`;
  return (
    <section>
      <p><Link to={back}>← {code} · {formatPeriod(period, lang)}</Link></p>
      <h1>{t('results:upload.title')}</h1>
      <p>{t('results:upload.help')}</p>
      {result?.step === 'error' ? (
        <ImportError messageKey={result.messageKey} params={result.params} />
      ) : null}
      {result?.step === 'applied' ? (
        <div className="flash" role="status">
          <p>{t('results:upload.applied', { ...result.outcome.counts })}</p>
          <p><Link to={back}>{t('results:upload.backToReport')}</Link></p>
        </div>
      ) : null}
      <ImportForm />
      {result?.step === 'dry-run' ? (
        <DryRunResult
          counts={[
            { label: t('results:upload.created'), value: result.outcome.counts.created, count: 'created' },
            { label: t('results:upload.updated'), value: result.outcome.counts.updated, count: 'updated' },
            { label: t('results:upload.unchanged'), value: result.outcome.counts.unchanged, count: 'unchanged' },
            { label: t('excel.errorsCount'), value: result.outcome.errorCount, count: 'errors' },
          ]}
        >
          <QualityFlags flags={result.outcome.flags ?? []} />
          {result.outcome.errors.length ? (
            <>
              <CellErrorsTable errors={result.outcome.errors} />
              {result.errorFileId ? <ErrorWorkbookLink href={`/projects/${projectId}/reports/${period}/upload-errors?file=${result.errorFileId}`} label={t('results:upload.errorWorkbook')} /> : null}
              <p className="hint">{t('excel.errors.fixFirst')}</p>
            </>
          ) : (
            <ApplyImportForm fileId={result.fileId ?? ''} />
          )}
        </DryRunResult>
      ) : null}
    </section>
  );
}

