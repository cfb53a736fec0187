import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { can, countField, formatDate, formatNumber, voteCountProblem } from '@kamkor/domain';
import { assessmentResource, getMeeting, listProblems, listTallies, saveTally } from '../db.server.ts';
import type { CellError } from '@kamkor/domain';
import { runImport, tallyImport } from '../services.server.ts';
import { prefixedName } from '../components/assessment.tsx';
import { CsrfInput, ErrorSummary } from '../components/forms.tsx';
import { getT, useLang, useT } from '../i18n.ts';
import { assessmentFor } from '../utils/assessment.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { assertCan, resolveLanguage } from '../utils/session.server.ts';
import { readUpload, importRequestOf } from '../utils/upload.server.ts';
import { ApplyImportForm, CellErrorsTable } from '../components/cell-errors.tsx';

export const loader = wrapLoader(async ({ request, params }) => {
  const { user, db, assessment } = await assessmentFor(request, params.id, 'view_draft');
  const meeting = await getMeeting(db, assessment.id, params.meetingId ?? '');
  const tallies = (await listTallies(db, assessment.id)).filter((x) => x.meeting_id === meeting.id);
  return {
    assessmentId: assessment.id,
    meeting,
    problems: await listProblems(db, assessment.id),
    votes: Object.fromEntries(tallies.map((x) => [x.problem_id, x.votes])) as Record<string, number>,
    // Tallies can be changed until the ranking is frozen at "prioritised".
    canEdit: can(user, 'update', assessmentResource(assessment)) && assessment.stage !== 'prioritised' && meeting.kind === 'village',
  };
});

type UploadResult =
  | { step: 'error'; messageKey: string; params?: Record<string, unknown> }
  | { step: 'dry-run'; fileId: string; rows: { number: number; votes: number }[]; errors: CellError[] }
  | { step: 'applied'; count: number }
  | { step: 'saved' }
  | { step: 'invalid'; errors: Record<string, string>; values: Record<string, string> };

export const action = wrapAction(async ({ request, params }) => {
  const { user, db, assessment } = await assessmentFor(request, params.id, 'update');
  assertCan(can(user, 'import', assessmentResource(assessment)));
  const actorId = user!.userId;
  const meeting = await getMeeting(db, assessment.id, params.meetingId ?? '');
  const problems = await listProblems(db, assessment.id);
  if ((request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')) {
    const upload = await readUpload(request);
    if (!upload.ok) return data<UploadResult>({ step: 'error', messageKey: upload.messageKey, params: upload.params }, { status: 400 });
    const t = getT(resolveLanguage(request, user));
    const outcome = await runImport(db, tallyImport, { assessmentId: assessment.id, meetingId: meeting.id, actor: user! }, importRequestOf(actorId, upload, (e) => t(e.messageKey, e.params)));
    if (!outcome.ok) return data<UploadResult>({ step: 'error', messageKey: outcome.messageKey, params: outcome.params }, { status: 400 });
    if (outcome.step === 'applied') return { step: 'applied', count: outcome.done.count } satisfies UploadResult;
    // The kept copy to apply, or the error copy to download (error-copy).
    return { step: 'dry-run', fileId: (outcome.fileId ?? outcome.errorFileId)!, rows: outcome.preview.rows, errors: outcome.errors } satisfies UploadResult;
  }
  const form = await request.formData();
  const errors: Record<string, string> = {};
  const votes: { problemId: string; votes: number }[] = [];
  for (const p of problems) {
    const parsed = countField.safeParse(form.get(`votes_${p.id}`) ?? '');
    const tooMany = parsed.success ? voteCountProblem(parsed.data, meeting.women + meeting.men) : null;
    if (parsed.success && !tooMany) votes.push({ problemId: p.id, votes: parsed.data });
    else errors[`votes_${p.id}`] = tooMany ?? 'assessment:errors.count';
  }
  if (Object.keys(errors).length) {
    const values = Object.fromEntries([...form.entries()].filter(([k]) => k.startsWith('votes_')).map(([k, v]) => [k, String(v)]));
    return data<UploadResult>({ step: 'invalid', errors, values }, { status: 400 });
  }
  await db.transaction().execute((trx) => saveTally(trx, user!, assessment.id, meeting.id, votes));
  return { step: 'saved' } satisfies UploadResult;
});

export default function MeetingTally() {
  const t = useT();
  const lang = useLang();
  const { assessmentId, meeting, problems, votes, canEdit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as UploadResult | undefined;
  const invalidState = result?.step === 'invalid' ? result : null;
  const titleOf = (n: number) => problems.find((p) => p.number === n)?.title ?? String(n);
  return (
    <section>
      <p><Link to={`/assessments/${assessmentId}/meetings`}>← {t('assessment:tabs.meetings')}</Link></p>
      <h2>{t('assessment:meetings.tallyTitle', { village: prefixedName(meeting, 'village', lang), date: formatDate(meeting.held_on) })}</h2>
      <p>{t('assessment:meetings.attendance', { women: formatNumber(meeting.women, lang), men: formatNumber(meeting.men, lang) })}</p>
      {result?.step === 'saved' ? <p className="flash" role="status">{t('assessment:meetings.tallySaved')}</p> : null}
      {result?.step === 'applied' ? <p className="flash" role="status">{t('assessment:excel.applied', { count: result.count })}</p> : null}
      {result?.step === 'error' ? <div className="error-summary" role="alert"><p>{t(result.messageKey, result.params)}</p></div> : null}
      <ErrorSummary state={invalidState} />
      <Form method="post" className="card" noValidate>
        <CsrfInput />
        <table>
          <thead>
            <tr><th scope="col" className="num">№</th><th scope="col">{t('assessment:problems.title')}</th><th scope="col" className="num">{t('assessment:meetings.votes')}</th></tr>
          </thead>
          <tbody>
            {problems.map((p) => {
              const name = `votes_${p.id}`;
              const error = invalidState?.errors[name];
              return (
                <tr key={p.id} className={error ? 'field-error' : undefined}>
                  <td className="num">{p.number}</td>
                  <td><label htmlFor={`field-${name}`}>{p.title}</label>{error ? <p className="error-message">{t(error)}</p> : null}</td>
                  <td className="num">
                    {canEdit ? (
                      <input id={`field-${name}`} name={name} inputMode="numeric" size={6} defaultValue={invalidState?.values[name] ?? String(votes[p.id] ?? 0)} aria-invalid={error ? true : undefined} />
                    ) : (
                      formatNumber(votes[p.id] ?? 0, lang)
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {canEdit ? <p><button type="submit" className="primary">{t('assessment:meetings.saveTally')}</button></p> : null}
      </Form>
      {canEdit ? (
        <section className="card" aria-labelledby="xlsx-title">
          <h3 id="xlsx-title">{t('assessment:excel.title')}</h3>
          <p>{t('assessment:excel.help')}</p>
          <p><a className="button" href={`/assessments/${assessmentId}/meetings/${meeting.id}/template`} download>{t('assessment:excel.template')}</a></p>
          <Form method="post" encType="multipart/form-data">
            <CsrfInput />
            <div className="field">
              <label htmlFor="file">{t('excel.file')}</label>
              <input id="file" name="file" type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />
            </div>
            <button type="submit" name="intent" value="dry-run" className="primary">{t('excel.dryRun')}</button>
          </Form>
          {result?.step === 'dry-run' ? (
            <section aria-labelledby="dry-run-title">
              <h4 id="dry-run-title">{t('excel.dryRunTitle')}</h4>
              <ul className="counts">
                <li>{t('assessment:excel.rows')}: <strong>{result.rows.length}</strong></li>
                <li>{t('excel.errorsCount')}: <strong>{result.errors.length}</strong></li>
              </ul>
              {result.errors.length ? (
                <>
                  <CellErrorsTable errors={result.errors} />
                  <p><a className="button" href={`/assessments/${assessmentId}/meetings/${meeting.id}/error-copy?file=${result.fileId}`} download>{t('assessment:excel.errorCopy')}</a></p>
                </>
              ) : (
                <>
                  <table>
                    <thead><tr><th scope="col" className="num">№</th><th scope="col">{t('assessment:problems.title')}</th><th scope="col" className="num">{t('assessment:meetings.votes')}</th></tr></thead>
                    <tbody>
                      {result.rows.map((r) => <tr key={r.number}><td className="num">{r.number}</td><td>{titleOf(r.number)}</td><td className="num">{formatNumber(r.votes, lang)}</td></tr>)}
                    </tbody>
                  </table>
                  <ApplyImportForm fileId={result.fileId} />
                </>
              )}
            </section>
          ) : null}
        </section>
      ) : null}
    </section>
  );
}
