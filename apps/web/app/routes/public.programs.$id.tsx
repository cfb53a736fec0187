import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { budgetByOblast, can, commentSchema, formatDate, formatMoney, localName, programTotals } from '@kamkor/domain';
import { addProgramComment, getDb, getPublicProgramContent, hitProgramCommentLimits, listPublicProgramComments } from '../db.server.ts';
import { CsrfInput, ErrorSummary, Field } from '../components/forms.tsx';
import { BudgetChart, LinesTable } from '../components/program.tsx';
import { useLang, useT } from '../i18n.ts';
import { invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { appErrorFields, displayLines, indicatorViews, loadNames, loadProgram } from '../utils/program.server.ts';
import { assertCan, clientKey, getCurrentUser, resolveLanguage } from '../utils/session.server.ts';

export const loader = wrapLoader(async ({ request, params }) => {
  const user = await getCurrentUser(request);
  const lang = resolveLanguage(request, user);
  const db = await getDb();
  // The public projection: never an unpublished draft, whoever asks.
  const { program, resource, content } = await getPublicProgramContent(db, params.id ?? '');
  const mode = program.mode;
  const [names, comments] = await Promise.all([loadNames(db, lang), listPublicProgramComments(db, program.id)]);
  const totals = programTotals(content.lines);
  const lineIds = content.lines.map((l) => l.id);
  return {
    mode,
    program: {
      id: program.id,
      title: content.header.title,
      customer: localName({ name_ky: program.customer_name_ky, name_ru: program.customer_name_ru, name_en: program.customer_name_en }, lang),
      years: content.header.yearFrom === content.header.yearTo ? String(content.header.yearFrom) : `${content.header.yearFrom}–${content.header.yearTo}`,
      fundingSource: content.header.fundingSource,
      ceilingTyiyn: content.header.ceilingTyiyn,
      status: program.status,
      discussionStart: program.discussion_start,
      discussionEnd: program.discussion_end,
    },
    version: content.version,
    canComment: can(user, 'comment', resource),
    lines: displayLines(content.lines, names, indicatorViews(content, lang)).map((l, i) => ({ ...l, id: lineIds[i] })),
    byArea: totals.byArea.map((r) => ({ ...r, label: names.areas[r.key] ?? r.key })),
    byOblast: budgetByOblast(content.lines).map((r) => ({ ...r, label: names.units[r.key] ?? r.key })),
    comments: comments.map((c) => ({
      id: c.id,
      author: c.author_org ? `${c.author_name} (${c.author_org})` : c.author_name,
      lineNo: c.line_no,
      body: c.body,
      responseKind: c.response_kind,
      responseText: c.response_text,
    })),
  };
});

export const action = wrapAction(async ({ request, params }) => {
  const { db, program, resource, user, lang } = await loadProgram(request, params.id, 'view');
  const form = await request.formData();
  if (!can(user, 'comment', resource)) {
    // Tell the visitor plainly why, instead of a bare 404: the page itself is public.
    assertCan(program.status === 'public_discussion');
    return data({ ok: false as const, errors: { _form: 'program:errors.discussionClosed' }, values: {} }, { status: 409 });
  }
  const parsed = await parseForm(request, commentSchema, form);
  if (!parsed.ok) return invalid(parsed);
  // Honeypot: people never see the field; a bot that fills it gets the same thank-you and nothing is stored.
  if (parsed.data.website) return redirect(`/public/programs/${program.id}?sent=1#comment-form`);
  // Limited per client address and per program (PROGRAM_COMMENT_LIMITS), counted in the database.
  if (!(await hitProgramCommentLimits(db, program.id, clientKey(request)))) {
    return data({ ok: false as const, errors: { _form: 'program:errors.tooManyComments' }, values: Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)])) }, { status: 429 });
  }
  try {
    await addProgramComment(db, user, program.id, parsed.data);
  } catch (err) {
    const failure = appErrorFields(err, lang);
    if (!failure) throw err;
    return data({ ok: false as const, errors: failure.errors, values: {} }, { status: 400 });
  }
  return redirect(`/public/programs/${program.id}?sent=1#comment-form`);
});

export default function PublicProgram() {
  const t = useT();
  const lang = useLang();
  const d = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const [search] = useSearchParams();
  const p = d.program;
  const selectedLine = search.get('line') ?? (state?.values as Record<string, string> | undefined)?.lineId ?? '';
  const today = new Date().toISOString().slice(0, 10);
  return (
    <article className="public-program">
      <p className="eyebrow">
        <Link to="/public/programs">{t('program:public.title')}</Link>
      </p>
      <h1>{p.title}</h1>
      <dl className="facts card">
        <dt>{t('program:fields.customer')}</dt>
        <dd>{p.customer}</dd>
        <dt>{t('program:fields.period')}</dt>
        <dd>{p.years}</dd>
        <dt>{t('program:fields.fundingSource')}</dt>
        <dd>{t(`program:fundingSources.${p.fundingSource}`)}</dd>
        <dt>{t('program:fields.ceiling')}</dt>
        <dd>{formatMoney(p.ceilingTyiyn, lang)}</dd>
        {d.version ? (
          <>
            <dt>{t('program:fields.approval')}</dt>
            <dd data-testid="approval">{t('program:print.approvedBy', { body: d.version.body, docNo: d.version.docNo, date: formatDate(d.version.date) })}</dd>
          </>
        ) : (
          <>
            <dt>{t('program:fields.discussionWindow')}</dt>
            <dd>
              {formatDate(p.discussionStart)} – {formatDate(p.discussionEnd)}
            </dd>
          </>
        )}
      </dl>
      <div className="inline-actions no-print">
        <a href={`/public/programs/${p.id}/export`} className="button" download>
          {t('program:export.xlsx')}
        </a>
        <Link to={`/public/programs/${p.id}/print`} className="button">
          {t('program:export.print')}
        </Link>
      </div>
      <h2>{t('program:lines.title')}</h2>
      <LinesTable lines={d.lines} commentable={d.canComment} />
      {d.mode === 'approved' ? (
        <section className="charts" aria-label={t('program:public.charts')}>
          <BudgetChart id="by-area" title={t('program:totals.byArea')} rows={d.byArea} />
          <BudgetChart id="by-oblast" title={t('program:totals.byOblast')} rows={d.byOblast} />
        </section>
      ) : null}
      {d.mode === 'discussion' ? (
        <section id="comment-form" className="card narrow" aria-labelledby="comment-title">
          <h2 id="comment-title">{t('program:public.commentTitle')}</h2>
          {search.get('sent') ? (
            <p className="flash" role="status">
              {t('program:public.sent')}
            </p>
          ) : null}
          {d.canComment ? (
            <Form method="post" noValidate>
              <CsrfInput />
              <ErrorSummary state={state} />
              <p className="hint">{t('program:public.commentHelp')}</p>
              <Field name="authorName" label={t('program:public.name')} state={state} required autoComplete="name" />
              <Field name="authorOrg" label={t('program:public.organisation')} state={state} autoComplete="organization" />
              <Field name="lineId" label={t('program:public.about')} as="select" state={state} defaultValue={selectedLine}>
                <option value="">{t('program:discussion.onProgram')}</option>
                {d.lines.map((l) => (
                  <option key={l.id} value={l.id}>
                    {t('program:discussion.onLine', { no: l.lineNo })}: {l.service}
                  </option>
                ))}
              </Field>
              <Field name="body" label={t('program:public.text')} as="textarea" state={state} required />
              <div className="hp-field" aria-hidden="true">
                <label htmlFor="website">Website</label>
                <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" />
              </div>
              <button type="submit" className="primary">
                {t('program:public.send')}
              </button>
            </Form>
          ) : (
            <p className="empty-state" role="status">
              {p.discussionStart && today < p.discussionStart
                ? t('program:public.notYetOpen', { date: formatDate(p.discussionStart) })
                : t('program:public.closedMessage', { date: formatDate(p.discussionEnd) })}
            </p>
          )}
        </section>
      ) : null}
      <section aria-labelledby="comments-title">
        <h2 id="comments-title">{t('program:public.comments')}</h2>
        {d.comments.length === 0 ? <p className="empty-state">{t('program:public.noComments')}</p> : null}
        {d.comments.map((c) => (
          <article key={c.id} className="card comment">
            <header>
              <strong>{c.author}</strong> · <span className="hint">{c.lineNo ? t('program:discussion.onLine', { no: c.lineNo }) : t('program:discussion.onProgram')}</span>
            </header>
            <p className="comment-body">{c.body}</p>
            {c.responseKind ? (
              <div className="response">
                <strong>{t('program:public.answer')}:</strong> <span className="badge">{t(`program:responseKinds.${c.responseKind}`)}</span> {c.responseText}
              </div>
            ) : null}
          </article>
        ))}
      </section>
    </article>
  );
}
