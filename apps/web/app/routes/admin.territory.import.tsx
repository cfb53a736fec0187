import { Form, useActionData } from '@remix-run/react';
import {
  applyClassifierDiff,
  databaseStorage,
  diffClassifier,
  listAdminUnits,
  type ClassifierDiff,
  getDb,
} from '../db.server.ts';
import { can, parseDate } from '@kamkor/domain';
import { readClassifierWorkbook, type CellError } from '../excel.server.ts';
import { CsrfInput } from '../components/forms.tsx';
import { useT } from '../i18n.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { readUpload } from '../utils/upload.server.ts';
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
  const storage = databaseStorage(db);
  const intent = upload.form.get('intent');
  const closeOn =
    parseDate(String(upload.form.get('closeOn') ?? '')) ?? new Date().toISOString().slice(0, 10);
  let fileId = String(upload.form.get('fileId') ?? '');
  let bytes: Uint8Array | null = null;
  if (upload.file) {
    bytes = upload.file.data;
    fileId = '';
  } else if (fileId) {
    bytes = (await storage.get(fileId))?.data ?? null;
  }
  if (!bytes) return data<Result>({ step: 'error', messageKey: 'excel.errors.noFile' }, { status: 400 });
  const existing = await listAdminUnits(db, { includeClosed: true });
  const read = await readClassifierWorkbook(
    bytes,
    existing.map((u) => u.soate),
  );
  if (!read.ok)
    return data<Result>({ step: 'error', messageKey: read.messageKey, params: read.params }, { status: 400 });
  const diff = await diffClassifier(db, read.units);
  if (intent === 'apply' && fileId) {
    if (read.errors.length)
      return data<Result>({ step: 'error', messageKey: 'excel.errors.fixFirst' }, { status: 400 });
    await db.transaction().execute((trx) => applyClassifierDiff(trx, user.userId, diff, closeOn));
    await storage.remove(fileId);
    return {
      step: 'applied',
      diff: { added: diff.added.length, renamed: diff.renamed.length, closed: diff.closed.length },
    } satisfies Result;
  }
  // Keep the file behind the storage interface so "apply" works on any app server.
  if (!fileId)
    fileId = await storage.put({
      fileName: upload.file?.name ?? 'classifier.xlsx',
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      data: bytes,
      createdBy: user.userId,
    });
  return { step: 'dry-run', fileId, diff, errors: read.errors, closeOn } satisfies Result;
});

export default function ImportClassifier() {
  const t = useT();
  const result = useActionData<typeof action>() as Result | undefined;
  return (
    <section>
      <h1>{t('territory.import.title')}</h1>
      <p>{t('territory.import.help')}</p>
      {result?.step === 'error' ? (
        <div className="error-summary" role="alert">
          <p>{t(result.messageKey, result.params)}</p>
        </div>
      ) : null}
      {result?.step === 'applied' ? (
        <p className="flash" role="status">
          {t('territory.import.applied', result.diff)}
        </p>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="card">
        <CsrfInput />
        <div className="field">
          <label htmlFor="file">{t('excel.file')}</label>
          <input
            id="file"
            name="file"
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            required
          />
        </div>
        <div className="field">
          <label htmlFor="closeOn">{t('territory.import.closeOn')}</label>
          <input id="closeOn" name="closeOn" placeholder="DD.MM.YYYY" />
        </div>
        <button type="submit" name="intent" value="dry-run" className="primary">
          {t('excel.dryRun')}
        </button>
      </Form>
      {result?.step === 'dry-run' ? (
        <section className="card" aria-labelledby="dry-run-title">
          <h2 id="dry-run-title">{t('excel.dryRunTitle')}</h2>
          <ul className="counts">
            <li>
              {t('territory.import.added')}: <strong>{result.diff.added.length}</strong>
            </li>
            <li>
              {t('territory.import.renamed')}: <strong>{result.diff.renamed.length}</strong>
            </li>
            <li>
              {t('territory.import.closed')}: <strong>{result.diff.closed.length}</strong>
            </li>
            <li>
              {t('territory.import.unchanged')}: <strong>{result.diff.unchanged}</strong>
            </li>
            <li>
              {t('excel.errorsCount')}: <strong>{result.errors.length}</strong>
            </li>
          </ul>
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
        </section>
      ) : null}
    </section>
  );
}
