import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { AppError, can, formatDateTime, type XlsFormIssue } from '@kamkor/domain';
import { getDb, listQuestionnaires, saveQuestionnaireVersion } from '../db.server.ts';
import { readWorkbookStreamed, readXlsForm } from '../excel.server.ts';
import { CsrfInput } from '../components/forms.tsx';
import { IssuesTable } from '../components/xlsform-issues.tsx';
import { useT } from '../i18n.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { readUpload } from '../utils/upload.server.ts';
import { requireUser } from '../utils/session.server.ts';
import { TableWrap } from '../components/table-wrap.tsx';

export const loader = wrapLoader(async ({ request }) => {
  const user = await requireUser(request);
  const rows = await listQuestionnaires(await getDb(), user);
  return { questionnaires: rows.map((q) => ({ form_id: q.form_id, title: q.title, latest_version: q.latest_version, created_at: String(q.created_at) })) };
});

type Failure = { messageKey: string; params?: Record<string, unknown>; issues: XlsFormIssue[] };

export const action = wrapAction(async ({ request }) => {
  const user = await requireUser(request);
  // Authorise before reading the upload: someone who may not import gets a 404.
  if (!can(user, 'import', { type: 'questionnaire' })) throw new AppError('NOT_FOUND', 'errors.notFound');
  const upload = await readUpload(request);
  const fail = (f: Failure) => data(f, { status: 400 });
  if (!upload.ok) return fail({ messageKey: upload.messageKey, params: upload.params, issues: [] });
  if (!upload.file) return fail({ messageKey: 'excel.errors.noFile', issues: [] });
  const opened = await readWorkbookStreamed(upload.file.data);
  if (!opened.ok) return fail({ messageKey: opened.messageKey, params: opened.params, issues: [] });
  const read = readXlsForm(opened.workbook);
  if (!read.ok) return fail({ messageKey: read.messageKey, issues: read.issues });
  const db = await getDb();
  const saved = await db.transaction().execute((trx) => saveQuestionnaireVersion(trx, user, { questionnaire: read.questionnaire, issues: read.issues, fileName: upload.file!.name }));
  return redirect(`/monitoring/questionnaires/${encodeURIComponent(saved.formId)}?version=${saved.versionNo}`);
});

export default function Questionnaires() {
  const t = useT();
  const { questionnaires } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <section>
      <p className="eyebrow">
        <Link to="/monitoring">{t('monitoring:nav.board')}</Link>
      </p>
      <h1>{t('monitoring:xlsform.title')}</h1>
      <p>
        <Link className="button" to="/monitoring/questionnaires/new">
          {t('monitoring:builder.create')}
        </Link>
      </p>
      {questionnaires.length === 0 ? (
        <p className="empty-state">{t('monitoring:xlsform.empty')}</p>
      ) : (
        <TableWrap label={t('common:tableRegion')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('monitoring:xlsform.formTitle')}</th>
                <th scope="col">form_id</th>
                <th scope="col" className="num">{t('monitoring:xlsform.version')}</th>
                <th scope="col">{t('monitoring:xlsform.created')}</th>
              </tr>
            </thead>
            <tbody>
              {questionnaires.map((q) => (
                <tr key={q.form_id}>
                  <td>
                    <Link to={`/monitoring/questionnaires/${encodeURIComponent(q.form_id)}`}>{q.title}</Link>
                  </td>
                  <td>{q.form_id}</td>
                  <td className="num">{q.latest_version}</td>
                  <td>{formatDateTime(q.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <section className="card" aria-labelledby="import-xlsform">
        <h2 id="import-xlsform">{t('monitoring:xlsform.import')}</h2>
        <p>{t('monitoring:xlsform.importHelp')}</p>
        {failed ? (
          <div className="error-summary" role="alert">
            <p>{t(failed.messageKey, failed.params ?? {})}</p>
          </div>
        ) : null}
        {failed && failed.issues.length > 0 ? <IssuesTable issues={failed.issues} /> : null}
        <Form method="post" encType="multipart/form-data">
          <CsrfInput />
          <label htmlFor="file">{t('monitoring:xlsform.file')}</label>
          <input id="file" name="file" type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />
          <button type="submit" className="primary">{t('monitoring:xlsform.importButton')}</button>
        </Form>
      </section>
    </section>
  );
}
