import { data } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { AppError } from '@kamkor/domain';
import { ApplyImportForm, CellErrorsTable } from '../components/cell-errors.tsx';
import { DryRunResult, ErrorWorkbookLink, ImportError, ImportForm } from '../components/import-form.tsx';
import { getDb, listScoreSheets } from '../db.server.ts';
import { runImport, scoreSheetImport, type ScoreSheetOutcome } from '../services.server.ts';
import { getT, useT } from '../i18n.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser, resolveLanguage } from '../utils/session.server.ts';
import { readUpload, importRequestOf } from '../utils/upload.server.ts';

/** Only a member who may score now (declared, scoring open) reaches this page; everyone else gets a 404. */
async function scorer(request: Request, id: string) {
  const user = await requireUser(request);
  const db = await getDb();
  const sheets = await listScoreSheets(db, user, id);
  if (!sheets.canScore) throw new AppError('NOT_FOUND', 'errors.notFound');
  return { user, db, sheets };
}

export const loader = wrapLoader(async ({ request, params }) => {
  const { sheets } = await scorer(request, params.id ?? '');
  return { competition: sheets.competition };
});

type Result =
  | { step: 'error'; messageKey: string; params?: Record<string, unknown> }
  | { step: 'dry-run' | 'applied'; fileId: string | null; errorFileId: string | null; outcome: Extract<ScoreSheetOutcome, { ok: true }> };

/**
 * Upload of a filled evaluation sheet, as every Kamkor import: a dry run (counts, errors by cell and
 * the workbook with those cells marked), then the apply of the kept file; a re-upload changes nothing.
 */
export const action = wrapAction(async ({ request, params }) => {
  const { user, db, sheets } = await scorer(request, params.id ?? '');
  const upload = await readUpload(request);
  if (!upload.ok) return data<Result>({ step: 'error', messageKey: upload.messageKey, params: upload.params }, { status: 400 });
  const t = getT(resolveLanguage(request, user));
  const run = await runImport(db, scoreSheetImport, { actor: user, competitionId: sheets.competition.id }, importRequestOf(user.userId, upload, (e) => t(e.messageKey, e.params)));
  if (!run.ok) return data<Result>({ step: 'error', messageKey: run.messageKey, params: run.params }, { status: 400 });
  if (run.step === 'applied') return { step: 'applied', fileId: null, errorFileId: null, outcome: { ok: true, applied: true, counts: run.done, errors: [] } } satisfies Result;
  return { step: 'dry-run', fileId: run.fileId, errorFileId: run.errorFileId, outcome: { ok: true, applied: false, counts: run.preview, errors: run.errors } } satisfies Result;
});

export default function UploadScoreSheet() {
  const t = useT();
  const { competition: c } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  return (
    <section>
      <p className="eyebrow">
        <Link to={`/competitions/${c.id}/scoring`}>{t('competition:scoring.title')}</Link>
      </p>
      <h1>{t('competition:excel.uploadTitle')}</h1>
      <p>{t('competition:excel.uploadHelp')}</p>
      <p>
        <a href={`/competitions/${c.id}/scoring/xlsx`} download>
          {t('competition:excel.download')}
        </a>
      </p>
      {result?.step === 'error' ? <ImportError messageKey={result.messageKey} params={result.params} /> : null}
      {result?.step === 'applied' ? (
        <div className="flash" role="status">
          <p>{t('competition:excel.applied', result.outcome.counts)}</p>
          <p>
            <Link to={`/competitions/${c.id}/scoring`}>{t('competition:scoring.title')}</Link>
          </p>
        </div>
      ) : null}
      <ImportForm />
      {result?.step === 'dry-run' ? (
        <DryRunResult
          counts={[
            { label: t('competition:excel.updated'), value: result.outcome.counts.updated, count: 'updated' },
            { label: t('competition:excel.unchanged'), value: result.outcome.counts.unchanged, count: 'unchanged' },
            { label: t('excel.errorsCount'), value: result.outcome.errors.length, count: 'errors' },
          ]}
        >
          {result.outcome.errors.length ? (
            <>
              <CellErrorsTable errors={result.outcome.errors} />
              {result.errorFileId ? <ErrorWorkbookLink href={`/competitions/${c.id}/scoring/errors?file=${result.errorFileId}`} label={t('competition:excel.errorWorkbook')} /> : null}
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
