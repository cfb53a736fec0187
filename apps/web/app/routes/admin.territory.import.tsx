import { useActionData } from '@remix-run/react';
import { type ClassifierDiff, getDb } from '../db.server.ts';
import { can, parseDate } from '@kamkor/domain';
import type { CellError } from '@kamkor/domain';
import { classifierImport, runImport } from '../services.server.ts';
import { DryRunResult, ImportError, ImportForm } from '../components/import-form.tsx';
import { useT } from '../i18n.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { readUpload, importRequestOf } from '../utils/upload.server.ts';
import { assertCan, requireUser } from '../utils/session.server.ts';
import { data } from '@remix-run/node';
import { ApplyImportForm, CellErrorsTable } from '../components/cell-errors.tsx';

export const loader = wrapLoader(async ({ request }) => {
  const user = await requireUser(request);
  assertCan(can(user, 'import', { type: 'admin_unit' }));
  return null;
});

type Result =
  | { step: 'error'; messageKey: string; params?: Record<string, unknown> }
  | { step: 'dry-run'; fileId: string; diff: ClassifierDiff; errors: CellError[]; closeOn: string }
  | { step: 'applied'; diff: { added: number; renamed: number; closed: number } };

export const action = wrapAction(async ({ request }) => {
  const user = await requireUser(request);
  assertCan(can(user, 'import', { type: 'admin_unit' }));
  const upload = await readUpload(request);
  if (!upload.ok)
    return data<Result>(
      { step: 'error', messageKey: upload.messageKey, params: upload.params },
      { status: 400 },
    );
  const db = await getDb();
  const closeOn =
    parseDate(String(upload.form.get('closeOn') ?? '')) ?? new Date().toISOString().slice(0, 10);
  const outcome = await runImport(db, classifierImport, { actorId: user.userId, closeOn }, importRequestOf(user.userId, upload));
  if (!outcome.ok) return data<Result>({ step: 'error', messageKey: outcome.messageKey, params: outcome.params }, { status: 400 });
  if (outcome.step === 'applied') return { step: 'applied', diff: outcome.done } satisfies Result;
  return { step: 'dry-run', fileId: outcome.fileId ?? '', diff: outcome.preview, errors: outcome.errors, closeOn } satisfies Result;
});

export default function ImportClassifier() {
  const t = useT();
  const result = useActionData<typeof action>() as Result | undefined;
  return (
    <section>
      <h1>{t('territory.import.title')}</h1>
      <p>{t('territory.import.help')}</p>
      {result?.step === 'error' ? <ImportError messageKey={result.messageKey} params={result.params} /> : null}
      {result?.step === 'applied' ? (
        <p className="flash" role="status">
          {t('territory.import.applied', result.diff)}
        </p>
      ) : null}
      <ImportForm
        after={
          <div className="field">
            <label htmlFor="closeOn">{t('territory.import.closeOn')}</label>
            <input id="closeOn" name="closeOn" placeholder="DD.MM.YYYY" />
          </div>
        }
      />
      {result?.step === 'dry-run' ? (
        <DryRunResult
          counts={[
            { label: t('territory.import.added'), value: result.diff.added.length },
            { label: t('territory.import.renamed'), value: result.diff.renamed.length },
            { label: t('territory.import.closed'), value: result.diff.closed.length },
            { label: t('territory.import.unchanged'), value: result.diff.unchanged },
            { label: t('excel.errorsCount'), value: result.errors.length },
          ]}
        >
          {result.errors.length ? <CellErrorsTable errors={result.errors} /> : null}
          <details>
            <summary>{t('territory.import.showChanges')}</summary>
            <ul>
              {result.diff.added.slice(0, 200).map((u) => (
                <li key={u.soate}>
                  + {u.soate} {u.name_ru}
                </li>
              ))}
              {result.diff.renamed.slice(0, 200).map((u) => (
                <li key={u.soate}>
                  ✎ {u.soate} {u.before.name_ru} → {u.after.name_ru}
                </li>
              ))}
              {result.diff.closed.slice(0, 200).map((u) => (
                <li key={u.soate}>
                  ✕ {u.soate} {u.name_ru}
                </li>
              ))}
            </ul>
          </details>
          {result.errors.length === 0 ? (
            <ApplyImportForm fileId={result.fileId}>
              <input type="hidden" name="closeOn" value={result.closeOn} />
            </ApplyImportForm>
          ) : null}
        </DryRunResult>
      ) : null}
    </section>
  );
}
