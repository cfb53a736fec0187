import { data } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { AppError, can, isLanguage, localName, type Language } from '@kamkor/domain';
import { DryRunResult, ErrorWorkbookLink, ImportError, ImportForm } from '../components/import-form.tsx';
import { ApplyImportForm, CellErrorsTable } from '../components/cell-errors.tsx';
import { getDb, getQuestionnaireVersion, listProjectsForResponses } from '../db.server.ts';
import { responseImport, runImport } from '../services.server.ts';
import { getT, useLang, useT } from '../i18n.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser, resolveLanguage, type CurrentUser } from '../utils/session.server.ts';
import { readUpload, importRequestOf } from '../utils/upload.server.ts';

/** The questionnaire's latest version and the projects the officer may import responses for (404 otherwise). */
async function target(user: CurrentUser, formId: string) {
  if (!can(user, 'view', { type: 'questionnaire' })) throw new AppError('NOT_FOUND', 'errors.notFound');
  const db = await getDb();
  const version = await getQuestionnaireVersion(db, formId);
  if (!version) throw new AppError('NOT_FOUND', 'errors.notFound');
  const projects = await listProjectsForResponses(db, user, 'create');
  if (!projects.length) throw new AppError('NOT_FOUND', 'errors.notFound');
  return { db, version, projects };
}

export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const { version, projects } = await target(user, params.formId ?? '');
  return {
    formId: version.form_id,
    title: version.title,
    versionNo: version.version_no,
    projects: projects.map((p) => ({ id: p.id, code: p.code, name_ky: p.name_ky, name_ru: p.name_ru, name_en: p.name_en, visits: p.visits.map((v) => v.visit_no) })),
  };
});

type Result =
  | { step: 'error'; messageKey: string; params?: Record<string, unknown> }
  | { step: 'dry-run'; fileId: string | null; errorFileId: string | null; errors: { sheet: string; cell: string; messageKey: string; params?: Record<string, unknown> }[]; rows: number; added: number; already: number; ignored: string[]; projectId: string; visitNo: string; language: string }
  | { step: 'applied'; added: number; already: number };

export const action = wrapAction(async ({ request, params }) => {
  const user = await requireUser(request);
  const { db, version, projects } = await target(user, params.formId ?? '');
  const upload = await readUpload(request);
  if (!upload.ok) return data<Result>({ step: 'error', messageKey: upload.messageKey, params: upload.params }, { status: 400 });
  const projectId = String(upload.form.get('project') ?? '');
  const project = projects.find((p) => p.id === projectId);
  if (!project) return data<Result>({ step: 'error', messageKey: 'survey:import.chooseProject' }, { status: 400 });
  const visitRaw = String(upload.form.get('visit') ?? '');
  const visitNo = visitRaw && project.visits.some((v) => String(v.visit_no) === visitRaw) ? Number(visitRaw) : null;
  const langRaw = String(upload.form.get('language') ?? '');
  const language: Language = isLanguage(langRaw) ? langRaw : 'ky';
  const into = { formId: version.form_id, versionNo: version.version_no, projectId, visitNo, language, fileName: upload.file?.name ?? null };
  const t = getT(resolveLanguage(request, user));
  const run = await runImport(db, responseImport, { actor: user, target: into }, importRequestOf(user.userId, upload, (e) => t(e.messageKey, e.params)));
  if (!run.ok) return data<Result>({ step: 'error', messageKey: run.messageKey, params: run.params }, { status: 400 });
  if (run.step === 'applied') return { step: 'applied', added: run.done.added, already: run.done.already } satisfies Result;
  return {
    step: 'dry-run',
    fileId: run.fileId,
    errorFileId: run.errorFileId,
    errors: run.errors.slice(0, 500),
    rows: run.preview.rows.length,
    added: run.preview.added,
    already: run.preview.already,
    ignored: run.preview.ignored.slice(0, 100),
    projectId,
    visitNo: visitNo ? String(visitNo) : '',
    language,
  } satisfies Result;
});

export default function ImportResponses() {
  const t = useT();
  const lang = useLang();
  const { formId, title, versionNo, projects } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const base = `/monitoring/questionnaires/${encodeURIComponent(formId)}`;
  return (
    <section>
      <p className="eyebrow">
        <Link to={`${base}/summary`}>{title}</Link>
      </p>
      <h1>{t('survey:import.title')}</h1>
      <p>{t('survey:import.help', { version: versionNo })}</p>
      {result?.step === 'error' ? <ImportError messageKey={result.messageKey} params={result.params} /> : null}
      {result?.step === 'applied' ? (
        <p className="flash" role="status">
          {t('survey:import.applied', { added: result.added, already: result.already })}{' '}
          <Link to={`${base}/summary`}>{t('survey:summary.title')}</Link>
        </p>
      ) : null}
      <ImportForm
        before={
          <>
            <div className="field">
              <label htmlFor="i-project">{t('survey:fields.project')}</label>
              <select id="i-project" name="project" required>
                {projects.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.code} · {localName(p, lang)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="i-visit">{t('survey:fields.visit')}</label>
              <select id="i-visit" name="visit">
                <option value="">{t('survey:fields.noVisit')}</option>
                {[...new Set(projects.flatMap((p) => p.visits))].sort((a, b) => a - b).map((v) => (
                  <option key={v} value={v}>
                    {t('survey:fields.visitNo', { no: v })}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="i-language">{t('survey:import.language')}</label>
              <select id="i-language" name="language" defaultValue={lang}>
                {(['ky', 'ru', 'en'] as const).map((l) => (
                  <option key={l} value={l}>
                    {t(`languages.${l}`)}
                  </option>
                ))}
              </select>
            </div>
          </>
        }
      />
      {result?.step === 'dry-run' ? (
        <DryRunResult
          counts={[
            { label: t('survey:import.rows'), value: result.rows },
            { label: t('survey:import.new'), value: result.added, testId: 'import-new' },
            { label: t('survey:import.already'), value: result.already },
            { label: t('excel.errorsCount'), value: result.errors.length },
          ]}
        >
          {result.ignored.length ? <p className="hint">{t('survey:import.ignored', { columns: result.ignored.join(', ') })}</p> : null}
          {result.errorFileId ? <ErrorWorkbookLink href={`${base}/responses-errors?file=${result.errorFileId}`} label={t('survey:import.errorCopy')} download={false} /> : null}
          {result.errors.length ? <CellErrorsTable errors={result.errors} /> : null}
          {result.fileId && result.added > 0 ? (
            <ApplyImportForm fileId={result.fileId}>
              <input type="hidden" name="project" value={result.projectId} />
              <input type="hidden" name="visit" value={result.visitNo} />
              <input type="hidden" name="language" value={result.language} />
            </ApplyImportForm>
          ) : null}
        </DryRunResult>
      ) : null}
    </section>
  );
}
