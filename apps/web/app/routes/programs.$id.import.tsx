import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { can, diffVersions, formatMoney, localName } from '@kamkor/domain';
import { applyLineImport, databaseStorage, type ImportPlan } from '../db.server.ts';
import type { CellError } from '../excel.server.ts';
import { CsrfInput } from '../components/forms.tsx';
import { ProgramHeader } from '../components/program.tsx';
import { useLang, useT } from '../i18n.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { checkImport, findOwnUpload } from '../utils/program-import.server.ts';
import { errorParams, loadNames, loadProgram, XLSX_TYPE } from '../utils/program.server.ts';
import { readUpload } from '../utils/upload.server.ts';
import { requireUser } from '../utils/session.server.ts';
import { ApplyImportForm, CellErrorsTable } from '../components/cell-errors.tsx';

export const loader = wrapLoader(async ({ request, params }) => {
  await requireUser(request);
  // Officers of the customer see the page even when the program is frozen, to be told why they cannot import.
  const { program, lang, user, resource } = await loadProgram(request, params.id, 'manage');
  return {
    canImport: can(user, 'import', resource),
    program: {
      id: program.id,
      title: program.title,
      status: program.status,
      version_no: program.version_no,
      year_from: program.year_from,
      year_to: program.year_to,
      customerName: localName({ name_ky: program.customer_name_ky, name_ru: program.customer_name_ru, name_en: program.customer_name_en }, lang),
    },
  };
});

interface PlanView {
  add: { lineNo: number; service: string; budgetTyiyn: number }[];
  change: { lineNo: number; service: string; fields: string[]; beforeTyiyn: number; afterTyiyn: number }[];
  leave: number;
  budgetAfterTyiyn: number;
}

type Result =
  | { step: 'error'; messageKey: string; params?: Record<string, unknown> }
  | { step: 'dry-run'; fileId: string; plan: PlanView; errors: (CellError & { params?: Record<string, unknown> })[] }
  | { step: 'applied'; added: number; changed: number; left: number };

function view(plan: ImportPlan, services: Record<string, string>): PlanView {
  return {
    add: plan.add.map((l) => ({ lineNo: l.lineNo, service: services[l.serviceCode] ?? l.serviceCode, budgetTyiyn: l.budgetTyiyn })),
    change: plan.change.map((c) => ({
      lineNo: c.after.lineNo,
      service: services[c.after.serviceCode] ?? c.after.serviceCode,
      fields: diffVersions([c.before], [{ ...c.after, id: c.before.id }]).changed[0]?.fields ?? [],
      beforeTyiyn: c.before.budgetTyiyn,
      afterTyiyn: c.after.budgetTyiyn,
    })),
    leave: plan.leave,
    budgetAfterTyiyn: plan.budgetAfterTyiyn,
  };
}

export const action = wrapAction(async ({ request, params }) => {
  const user = await requireUser(request);
  const { db, program, lang } = await loadProgram(request, params.id, 'manage');
  const upload = await readUpload(request);
  const fail = (messageKey: string, p?: Record<string, unknown>) => data<Result>({ step: 'error', messageKey, params: errorParams(p, lang) }, { status: 400 });
  if (!upload.ok) return fail(upload.messageKey, upload.params);
  const storage = databaseStorage(db);
  const intent = upload.form.get('intent');
  const fileId = String(upload.form.get('fileId') ?? '');
  const bytes = upload.file ? upload.file.data : fileId ? await findOwnUpload(db, fileId, user.userId) : null;
  if (!bytes) return fail('excel.errors.noFile');
  const check = await checkImport(db, program, bytes);
  if (!check.ok) return fail(check.messageKey, check.params);
  if (intent === 'apply' && !upload.file && fileId) {
    if (check.errors.length) return fail('excel.errors.fixFirst');
    // One transaction: the whole file applies or nothing does.
    const done = await db.transaction().execute(async (trx) => {
      const r = await applyLineImport(trx, user.userId, program.id, check.plan);
      await databaseStorage(trx).remove(fileId);
      return r;
    });
    return { step: 'applied', ...done } satisfies Result;
  }
  // Keep the upload behind the storage interface so "apply" and the error workbook work on any server.
  const stored = await storage.put({ fileName: upload.file?.name ?? 'program-lines.xlsx', contentType: XLSX_TYPE, data: bytes, createdBy: user.userId });
  const names = await loadNames(db, lang);
  return {
    step: 'dry-run',
    fileId: stored,
    plan: view(check.plan, names.services),
    errors: check.errors.map((e) => ({ ...e, params: errorParams(e.params, lang) })),
  } satisfies Result;
});

export default function ImportLines() {
  const t = useT();
  const lang = useLang();
  const { program, canImport } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  return (
    <section>
      <ProgramHeader program={program} canEdit />
      <h2>{t('program:import.title')}</h2>
      {canImport ? null : (
        <p className="empty-state" role="status">
          {t('program:import.frozenVersion')}
        </p>
      )}
      <ol className="steps">
        <li>
          {canImport ? (
            <a href={`/programs/${program.id}/template`} download>
              {t('program:import.downloadTemplate')}
            </a>
          ) : (
            t('program:import.downloadTemplate')
          )}{' '}
          — {t('program:import.templateHelp')}
        </li>
        <li>{t('program:import.fillHelp')}</li>
        <li>{t('program:import.uploadHelp')}</li>
      </ol>
      {result?.step === 'error' ? (
        <div className="error-summary" role="alert">
          <p>{t(result.messageKey, result.params)}</p>
          <p>{t('program:import.nothingWritten')}</p>
        </div>
      ) : null}
      {result?.step === 'applied' ? (
        <div className="flash" role="status">
          <p>{t('program:import.applied', result)}</p>
          <p>
            <Link to={`/programs/${program.id}`}>{t('program:import.backToProgram')}</Link>
          </p>
        </div>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="card narrow">
        <CsrfInput />
        <div className="field">
          <label htmlFor="file">{t('excel.file')}</label>
          <input id="file" name="file" type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />
        </div>
        <button type="submit" name="intent" value="dry-run" className="primary">
          {t('excel.dryRun')}
        </button>
      </Form>
      {result?.step === 'dry-run' ? (
        <section className="card" aria-labelledby="dry-run-title" data-testid="dry-run">
          <h2 id="dry-run-title">{t('excel.dryRunTitle')}</h2>
          <ul className="counts">
            <li>
              {t('program:import.toAdd')}: <strong data-testid="count-add">{result.plan.add.length}</strong>
            </li>
            <li>
              {t('program:import.toChange')}: <strong data-testid="count-change">{result.plan.change.length}</strong>
            </li>
            <li>
              {t('program:import.toLeave')}: <strong data-testid="count-leave">{result.plan.leave}</strong>
            </li>
            <li>
              {t('excel.errorsCount')}: <strong data-testid="count-errors">{result.errors.length}</strong>
            </li>
            <li>
              {t('program:import.totalAfter')}: <strong>{formatMoney(result.plan.budgetAfterTyiyn, lang)}</strong>
            </li>
          </ul>
          {result.errors.length ? (
            <>
              <CellErrorsTable errors={result.errors} />
              <p>
                <a href={`/programs/${program.id}/import-errors?file=${result.fileId}`} className="button" download>
                  {t('program:import.downloadErrors')}
                </a>
              </p>
            </>
          ) : null}
          {result.plan.add.length ? (
            <>
              <h3>{t('program:import.toAdd')}</h3>
              <ul>
                {result.plan.add.map((l) => (
                  <li key={l.lineNo}>
                    + №{l.lineNo} {l.service} — {formatMoney(l.budgetTyiyn, lang)}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {result.plan.change.length ? (
            <>
              <h3>{t('program:import.toChange')}</h3>
              <ul>
                {result.plan.change.map((l) => (
                  <li key={l.lineNo}>
                    ✎ №{l.lineNo} {l.service}: {l.fields.map((f) => t(`program:diff.fields.${f}`)).join(', ')}
                    {l.beforeTyiyn !== l.afterTyiyn ? ` (${formatMoney(l.beforeTyiyn, lang)} → ${formatMoney(l.afterTyiyn, lang)})` : ''}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {result.errors.length === 0 && (result.plan.add.length || result.plan.change.length) ? (
            <ApplyImportForm fileId={result.fileId} />
          ) : result.errors.length === 0 ? (
            <p className="empty-state">{t('program:import.nothingToDo')}</p>
          ) : null}
        </section>
      ) : null}
    </section>
  );
}
