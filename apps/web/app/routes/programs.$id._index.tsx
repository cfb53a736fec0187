import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import {
  allowedTransitions,
  approvalSchema,
  can,
  checkCeiling,
  discussionWindowSchema,
  formatDate,
  formatMoney,
  lineWarnings,
  programTotals,
  soateDepth,
  type ProgramTransition,
  type TotalRow,
} from '@kamkor/domain';
import { countProgramComments, listProgramVersions, transitionProgram } from '../db.server.ts';
import { CsrfInput, ErrorSummary, Field } from '../components/forms.tsx';
import { FormAlert, LinesTable, ProgramHeader, TotalsTable } from '../components/program.tsx';
import { useLang, useT } from '../i18n.ts';
import { invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { appErrorFields, displayLines, indicatorViews, loadNames, loadProgram, loadProgramPage } from '../utils/program.server.ts';
import { assertCan, requireUser } from '../utils/session.server.ts';
import { data } from '@remix-run/node';

export const loader = wrapLoader(async ({ request, params }) => {
  await requireUser(request);
  const { db, program, lang, content, header, canEdit, canManage } = await loadProgramPage(request, params.id, 'view');
  const [names, versions, comments] = await Promise.all([loadNames(db, lang), listProgramVersions(db, program.id), countProgramComments(db, program.id)]);
  const warnings = lineWarnings(content.lines);
  const lines = displayLines(content.lines, names, indicatorViews(content, lang)).map((l, i) => ({
    ...l,
    id: content.lines[i]!.id,
    warnings: warnings.filter((w) => w.lineId === content.lines[i]!.id).map((w) => w.key),
  }));
  const totals = programTotals(content.lines);
  const label = (m: Record<string, string>) => (r: TotalRow) => ({ ...r, label: m[r.key] ?? r.key });
  const transitions = canManage ? allowedTransitions(program.status, program.version_no) : [];
  return {
    program: header,
    canEdit,
    canManage,
    transitions,
    ceiling: checkCeiling(content.lines, content.ceilingTyiyn),
    lines,
    warningCount: warnings.length,
    totals: {
      byArea: totals.byArea.map(label(names.areas)),
      byService: totals.byService.map(label(names.services)),
      byTerritory: totals.byTerritory
        .filter((r) => soateDepth(r.key) <= 2)
        .map((r) => ({ ...r, label: `${'\u00a0\u00a0'.repeat(Math.max(0, soateDepth(r.key)))}${names.units[r.key] ?? r.key}` })),
      byTargetGroup: totals.byTargetGroup.map(label(names.groups)),
    },
    versions,
    comments,
  };
});

export const action = wrapAction(async ({ request, params }) => {
  const user = await requireUser(request);
  const { db, program, resource, lang } = await loadProgram(request, params.id, 'view');
  const form = await request.formData();
  const transition = String(form.get('intent') ?? '') as ProgramTransition;
  assertCan(can(user, transition === 'approve' ? 'approve' : 'manage', resource));
  try {
    if (transition === 'open_discussion' || transition === 'reopen_discussion') {
      const parsed = await parseForm(request, discussionWindowSchema, form);
      if (!parsed.ok) return invalid(parsed);
      await db.transaction().execute((trx) => transitionProgram(trx, user, program.id, { transition, ...parsed.data }));
    } else if (transition === 'approve') {
      const parsed = await parseForm(request, approvalSchema, form);
      if (!parsed.ok) return invalid(parsed);
      await db.transaction().execute((trx) => transitionProgram(trx, user, program.id, { transition, approval: parsed.data }));
    } else if (transition === 'close_discussion' || transition === 'start_amendment' || transition === 'close') {
      await db.transaction().execute((trx) => transitionProgram(trx, user, program.id, { transition }));
    } else {
      return data({ ok: false as const, errors: { _form: 'errors.invalid' }, values: {} }, { status: 400 });
    }
  } catch (err) {
    const failure = appErrorFields(err, lang);
    if (!failure) throw err;
    return data({ ok: false as const, errors: failure.errors, values: {}, params: failure.params }, { status: 400 });
  }
  return redirect(`/programs/${program.id}?done=${transition}`);
});

function TransitionForms({ transitions, state }: { transitions: ProgramTransition[]; state: ReturnType<typeof useActionData<typeof action>> }) {
  const t = useT();
  const today = formatDate(new Date().toISOString().slice(0, 10));
  const in30 = formatDate(new Date(Date.now() + 30 * 86400_000).toISOString().slice(0, 10));
  if (transitions.length === 0) return null;
  return (
    <section className="card no-print" aria-labelledby="workflow-title">
      <h2 id="workflow-title">{t('program:workflow.title')}</h2>
      <div className="workflow-forms">
        {transitions.map((tr) =>
          tr === 'open_discussion' || tr === 'reopen_discussion' ? (
            <Form method="post" key={tr} className="workflow-form">
              <CsrfInput />
              <h3>{t(`program:workflow.${tr}`)}</h3>
              <p className="hint">{t('program:workflow.openHelp')}</p>
              <Field name="discussionStart" label={t('program:fields.discussionStart')} state={state} required defaultValue={today} />
              <Field name="discussionEnd" label={t('program:fields.discussionEnd')} state={state} required defaultValue={in30} />
              <button type="submit" name="intent" value={tr} className="primary">
                {t(`program:workflow.${tr}`)}
              </button>
            </Form>
          ) : tr === 'approve' ? (
            <Form method="post" key={tr} className="workflow-form">
              <CsrfInput />
              <h3>{t('program:workflow.approve')}</h3>
              <p className="hint">{t('program:workflow.approveHelp')}</p>
              <Field name="approvalDocNo" label={t('program:fields.approvalDocNo')} state={state} required />
              <Field name="approvalDate" label={t('program:fields.approvalDate')} state={state} required defaultValue={today} />
              <Field name="approvingBody" label={t('program:fields.approvingBody')} state={state} required />
              <button type="submit" name="intent" value="approve" className="primary">
                {t('program:workflow.approve')}
              </button>
            </Form>
          ) : (
            <Form method="post" key={tr} className="workflow-form">
              <CsrfInput />
              <h3>{t(`program:workflow.${tr}`)}</h3>
              <p className="hint">{t(`program:workflow.${tr}Help`)}</p>
              <button type="submit" name="intent" value={tr} className={tr === 'close' ? 'danger' : 'primary'}>
                {t(`program:workflow.${tr}`)}
              </button>
            </Form>
          ),
        )}
      </div>
    </section>
  );
}

export default function ProgramOverview() {
  const t = useT();
  const lang = useLang();
  const d = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const p = d.program;
  const formParams = state && 'params' in state ? (state.params as Record<string, unknown>) : undefined;
  return (
    <section>
      <ProgramHeader program={p} canEdit={d.canEdit} canManage={d.canManage} />
      {state?.errors?._form ? <FormAlert messageKey={state.errors._form} params={formParams} /> : <ErrorSummary state={state} />}
      <div className="program-overview">
        <dl className="facts card">
          <dt>{t('program:fields.customer')}</dt>
          <dd>{p.customerName}</dd>
          <dt>{t('program:fields.fundingSource')}</dt>
          <dd>{t(`program:fundingSources.${p.fundingSource}`)}</dd>
          <dt>{t('program:fields.ceiling')}</dt>
          <dd>{formatMoney(d.ceiling.ceilingTyiyn, lang)}</dd>
          <dt>{t('program:fields.linesTotal')}</dt>
          <dd data-testid="lines-total">
            {formatMoney(d.ceiling.totalTyiyn, lang)}{' '}
            {d.ceiling.ok ? (
              <span className="badge ok">{t('program:ceiling.remaining', { amount: formatMoney(d.ceiling.ceilingTyiyn - d.ceiling.totalTyiyn, lang) })}</span>
            ) : (
              <span className="badge bad">{t('program:ceiling.over', { amount: formatMoney(d.ceiling.excessTyiyn, lang) })}</span>
            )}
          </dd>
          {p.discussionStart ? (
            <>
              <dt>{t('program:fields.discussionWindow')}</dt>
              <dd>
                {formatDate(p.discussionStart)} – {formatDate(p.discussionEnd)}
              </dd>
            </>
          ) : null}
          <dt>{t('program:tabs.discussion')}</dt>
          <dd>
            <Link to={`/programs/${p.id}/discussion`}>
              {t('program:discussion.counts', d.comments)}
            </Link>
          </dd>
          {d.versions[0] ? (
            <>
              <dt>{t('program:versions.lastApproved')}</dt>
              <dd>
                {t('program:versions.approvedBy', {
                  no: d.versions[0].version_no,
                  docNo: d.versions[0].approval_doc_no,
                  date: formatDate(d.versions[0].approval_date),
                  body: d.versions[0].approving_body,
                })}
              </dd>
            </>
          ) : null}
        </dl>
      </div>
      <TransitionForms transitions={d.transitions} state={state} />
      <div className="page-head">
        <h2>{t('program:lines.title')}</h2>
        <div className="inline-actions no-print">
          {d.canEdit ? (
            <>
              <Link to={`/programs/${p.id}/lines/new`} className="button primary">
                {t('program:lines.add')}
              </Link>
              <Link to={`/programs/${p.id}/edit`} className="button">
                {t('program:edit.title')}
              </Link>
            </>
          ) : null}
          <a href={`/programs/${p.id}/export`} className="button" download>
            {t('program:export.xlsx')}
          </a>
          <Link to={`/programs/${p.id}/print`} className="button">
            {t('program:export.print')}
          </Link>
        </div>
      </div>
      {d.warningCount > 0 ? <p className="badge warn">{t('program:warnings.count', { count: d.warningCount })}</p> : null}
      <LinesTable lines={d.lines} editBase={d.canEdit ? `/programs/${p.id}/lines` : undefined} />
      <h2>{t('program:totals.title')}</h2>
      <div className="totals-grid">
        <TotalsTable title={t('program:totals.byArea')} rows={d.totals.byArea} />
        <TotalsTable title={t('program:totals.byService')} rows={d.totals.byService} />
        <TotalsTable title={t('program:totals.byTerritory')} rows={d.totals.byTerritory} note={t('program:totals.territoryNote')} />
        <TotalsTable title={t('program:totals.byTargetGroup')} rows={d.totals.byTargetGroup} note={t('program:totals.groupNote')} />
      </div>
    </section>
  );
}
