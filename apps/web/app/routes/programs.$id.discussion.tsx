import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { can, formatDate, formatDateTime, moderationSchema, responseKinds, responseSchema } from '@kamkor/domain';
import { listProgramCommentsForActor, moderateComment, respondToComment } from '../db.server.ts';
import { CsrfInput, ErrorSummary, Field } from '../components/forms.tsx';
import { ProgramHeader } from '../components/program.tsx';
import { useT } from '../i18n.ts';
import { invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { appErrorFields, loadProgram, loadProgramPage } from '../utils/program.server.ts';
import { assertCan, requireUser } from '../utils/session.server.ts';

export const loader = wrapLoader(async ({ request, params }) => {
  await requireUser(request);
  const { db, program, resource, user, header, canEdit, canManage } = await loadProgramPage(request, params.id, 'view');
  const { moderate, comments } = await listProgramCommentsForActor(db, user, program.id);
  return {
    program: { ...header, discussionOpen: resource.discussionOpen },
    canEdit,
    canManage,
    moderate,
    comments: comments.map((c) => ({ ...c, created_at: String(c.created_at) })),
  };
});

export const action = wrapAction(async ({ request, params }) => {
  const user = await requireUser(request);
  const { db, program, resource, lang } = await loadProgram(request, params.id, 'view');
  assertCan(can(user, 'moderate', resource));
  const form = await request.formData();
  const intent = form.get('intent');
  try {
    if (intent === 'moderate') {
      const parsed = await parseForm(request, moderationSchema, form);
      if (!parsed.ok) return invalid({ ...parsed, errors: prefix(parsed.errors, String(form.get('commentId'))) });
      await db.transaction().execute((trx) => moderateComment(trx, user, program.id, parsed.data.commentId, parsed.data.decision, parsed.data.reason));
    } else if (intent === 'respond') {
      const parsed = await parseForm(request, responseSchema, form);
      if (!parsed.ok) return invalid({ ...parsed, errors: prefix(parsed.errors, String(form.get('commentId'))) });
      await db.transaction().execute((trx) => respondToComment(trx, user, program.id, parsed.data.commentId, parsed.data.responseKind, parsed.data.responseText));
    } else return data({ ok: false as const, errors: { _form: 'errors.invalid' }, values: {} }, { status: 400 });
  } catch (err) {
    const failure = appErrorFields(err, lang);
    if (!failure) throw err;
    return data({ ok: false as const, errors: failure.errors, values: {} }, { status: 400 });
  }
  return redirect(`/programs/${program.id}/discussion#comment-${String(form.get('commentId'))}`);
});

/** Field errors of one comment's form are keyed "<commentId>.<field>" so they show at the right card. */
function prefix(errors: Record<string, string>, id: string) {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${id}.${k}`, v]));
}

type Comment = ReturnType<typeof useLoaderData<typeof loader>>['comments'][number];

function CommentCard({ c, moderate, state }: { c: Comment; moderate: boolean; state: ReturnType<typeof useActionData<typeof action>> }) {
  const t = useT();
  const errors = (state?.errors ?? {}) as Record<string, string>;
  const own = (f: string) => errors[`${c.id}.${f}`];
  const scoped = { errors: Object.fromEntries(['reason', 'responseKind', 'responseText'].filter((f) => own(f)).map((f) => [f, own(f)!])), values: undefined };
  return (
    <article className="card comment" id={`comment-${c.id}`}>
      <header>
        <strong>{c.author_name}</strong>
        {c.author_org ? <span> · {c.author_org}</span> : null}
        <span className="hint">
          {' '}
          · {formatDateTime(c.created_at)} · {c.line_no ? t('program:discussion.onLine', { no: c.line_no }) : t('program:discussion.onProgram')}
        </span>{' '}
        <span className={`badge ${c.status === 'published' ? 'ok' : c.status === 'rejected' ? 'bad' : 'warn'}`}>{t(`program:commentStatus.${c.status}`)}</span>
      </header>
      <p className="comment-body">{c.body}</p>
      {c.status === 'rejected' && c.rejection_reason ? (
        <p className="hint">
          {t('program:discussion.rejectionReason')}: {c.rejection_reason}
        </p>
      ) : null}
      {c.response_kind ? (
        <div className="response">
          <span className="badge">{t(`program:responseKinds.${c.response_kind}`)}</span> {c.response_text}
        </div>
      ) : null}
      {moderate && c.status === 'pending' ? (
        <Form method="post" className="inline-form">
          <CsrfInput />
          <input type="hidden" name="commentId" value={c.id} />
          <input type="hidden" name="intent" value="moderate" />
          <Field name="reason" label={t('program:discussion.reasonIfRejected')} state={scoped} />
          <div className="inline-actions">
            <button type="submit" name="decision" value="published" className="primary">
              {t('program:discussion.publish')}
            </button>
            <button type="submit" name="decision" value="rejected" className="danger">
              {t('program:discussion.reject')}
            </button>
          </div>
        </Form>
      ) : null}
      {moderate && c.status === 'published' ? (
        <details open={!c.response_kind}>
          <summary>{c.response_kind ? t('program:discussion.editAnswer') : t('program:discussion.answer')}</summary>
          <Form method="post" className="inline-form">
            <CsrfInput />
            <input type="hidden" name="commentId" value={c.id} />
            <input type="hidden" name="intent" value="respond" />
            <Field name="responseKind" label={t('program:discussion.howAddressed')} as="select" state={scoped} required defaultValue={c.response_kind ?? ''}>
              <option value="">—</option>
              {responseKinds.map((k) => (
                <option key={k} value={k}>
                  {t(`program:responseKinds.${k}`)}
                </option>
              ))}
            </Field>
            <Field name="responseText" label={t('program:discussion.reasons')} as="textarea" state={scoped} required defaultValue={c.response_text ?? ''} />
            <button type="submit" className="primary">
              {t('program:discussion.saveAnswer')}
            </button>
          </Form>
        </details>
      ) : null}
    </article>
  );
}

export default function Discussion() {
  const t = useT();
  const { program, canEdit, canManage, moderate, comments } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const groups = (['pending', 'published', 'rejected'] as const).map((s) => [s, comments.filter((c) => c.status === s)] as const);
  return (
    <section>
      <ProgramHeader program={program} canEdit={canEdit} canManage={canManage} />
      <div className="page-head">
        <p>
          {program.discussionStart ? t('program:discussion.window', { from: formatDate(program.discussionStart), to: formatDate(program.discussionEnd) }) : t('program:discussion.notOpened')}{' '}
          {program.discussionOpen ? <span className="badge ok">{t('program:discussion.open')}</span> : <span className="badge">{t('program:discussion.closed')}</span>}
        </p>
        <div className="inline-actions">
          <Link to={`/programs/${program.id}/summary`} className="button">
            {t('program:summary.title')}
          </Link>
          <Link to={`/public/programs/${program.id}`} className="button">
            {t('program:discussion.publicPage')}
          </Link>
        </div>
      </div>
      {state?.errors?._form ? <ErrorSummary state={state} /> : null}
      {comments.length === 0 ? <p className="empty-state">{t('program:discussion.none')}</p> : null}
      {groups.map(([status, list]) =>
        list.length ? (
          <section key={status} aria-labelledby={`h-${status}`}>
            <h2 id={`h-${status}`}>
              {t(`program:commentStatus.${status}`)} ({list.length})
            </h2>
            {list.map((c) => (
              <CommentCard key={c.id} c={c} moderate={moderate} state={state} />
            ))}
          </section>
        ) : null,
      )}
    </section>
  );
}
