import { data } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { can, diffVersions, formatMoney } from '@kamkor/domain';
import type { ImportPlan } from '../db.server.ts';
import type { CellError } from '@kamkor/domain';
import { DryRunResult, ErrorWorkbookLink, ImportError, ImportForm } from '../components/import-form.tsx';
import { ProgramHeader } from '../components/program.tsx';
import { getT, useLang, useT } from '../i18n.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { programLineImport, runImport } from '../services.server.ts';
import { errorParams, loadNames, loadProgram, loadProgramPage } from '../utils/program.server.ts';
import { readUpload, importRequestOf } from '../utils/upload.server.ts';
import { requireUser } from '../utils/session.server.ts';
import { ApplyImportForm, CellErrorsTable } from '../components/cell-errors.tsx';

export const loader = wrapLoader(async ({ request, params }) => {
  await requireUser(request);
  // Officers of the customer see the page even when the program is frozen, to be told why they cannot import.
  const { user, resource, header } = await loadProgramPage(request, params.id, 'manage');
  return { canImport: can(user, 'import', resource), program: header };
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
  const t = getT(lang);
  const outcome = await runImport(db, programLineImport, { program, actorId: user.userId }, importRequestOf(user.userId, upload, (e) => t(e.messageKey, errorParams(e.params, lang))));
  if (!outcome.ok) return fail(outcome.messageKey, outcome.params);
  if (outcome.step === 'applied') return { step: 'applied', ...outcome.done } satisfies Result;
  const names = await loadNames(db, lang);
  return {
    step: 'dry-run',
    // The kept copy to apply, or the error copy to download (import-errors).
    fileId: (outcome.fileId ?? outcome.errorFileId)!,
    plan: view(outcome.preview, names.services),
    errors: outcome.errors.map((e) => ({ ...e, params: errorParams(e.params, lang) })),
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
        <ImportError messageKey={result.messageKey} params={result.params}>
          <p>{t('program:import.nothingWritten')}</p>
        </ImportError>
      ) : null}
      {result?.step === 'applied' ? (
        <div className="flash" role="status">
          <p>{t('program:import.applied', result)}</p>
          <p>
            <Link to={`/programs/${program.id}`}>{t('program:import.backToProgram')}</Link>
          </p>
        </div>
      ) : null}
      <ImportForm className="card narrow" />
      {result?.step === 'dry-run' ? (
        <DryRunResult
          testId="dry-run"
          counts={[
            { label: t('program:import.toAdd'), value: result.plan.add.length, testId: 'count-add' },
            { label: t('program:import.toChange'), value: result.plan.change.length, testId: 'count-change' },
            { label: t('program:import.toLeave'), value: result.plan.leave, testId: 'count-leave' },
            { label: t('excel.errorsCount'), value: result.errors.length, testId: 'count-errors' },
            { label: t('program:import.totalAfter'), value: formatMoney(result.plan.budgetAfterTyiyn, lang) },
          ]}
        >
          {result.errors.length ? (
            <>
              <CellErrorsTable errors={result.errors} />
              <ErrorWorkbookLink href={`/programs/${program.id}/import-errors?file=${result.fileId}`} label={t('program:import.downloadErrors')} />
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
        </DryRunResult>
      ) : null}
    </section>
  );
}
