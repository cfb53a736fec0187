import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { AppError, bishkekToday, can, childLevel, formatDate, formatDateTime, formatMoney, formatPeriod, frameworkNodeSchema, localName, type FrameworkLevel } from '@kamkor/domain';
import { CsrfInput, ErrorSummary } from '../components/forms.tsx';
import { ReportStatusBadge } from '../components/results.tsx';
import { getDb, addFrameworkNode, copyFrameworkFrom, listFramework, listProjectsForActor, listReports, getEvaluationForActor, monitoringVisitResource, projectResource, signProject } from '../db.server.ts';
import { useLang, useT } from '../i18n.ts';
import { formError, invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { projectFor } from '../utils/results.server.ts';
import { requireUser } from '../utils/session.server.ts';
import { TableWrap } from '../components/table-wrap.tsx';
import { ExportLinks } from '../components/export-links.tsx';

export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const project = await projectFor(user, params.id);
  const db = await getDb();
  const resource = projectResource(project);
  const framework = await listFramework(db, project.id);
  const canUpdate = can(user, 'update', resource);
  // An empty framework of an unsigned project can start from another project's, as a template.
  const templates =
    canUpdate && user && !project.signed_at && framework.length === 0
      ? (await listProjectsForActor(db, user)).filter((p) => p.id !== project.id).map((p) => ({ id: p.id, code: p.code, name_ky: p.name_ky, name_ru: p.name_ru, name_en: p.name_en }))
      : [];
  return {
    project,
    framework,
    reports: await listReports(db, project.id),
    canUpdate,
    templates,
    // Monitoring visits: the monitoring officers, admins, and the contractor (final visits).
    canSeeVisits: can(user, 'view', monitoringVisitResource(project, { id: 'any', status: 'final' })),
    // The end-of-project evaluation: its evaluators and admins, the contractor once final (decision 018).
    canSeeEvaluation: await getEvaluationForActor(db, user, project.id, bishkekToday()).then(
      () => true,
      (e: unknown) => {
        if (e instanceof AppError && e.code === 'NOT_FOUND') return false;
        throw e;
      },
    ),
  };
});

export const action = wrapAction(async ({ request, params }) => {
  const user = await requireUser(request);
  const project = await projectFor(user, params.id, 'update');
  const db = await getDb();
  const form = await request.formData();
  if (form.get('intent') === 'copy-framework') {
    try {
      await db.transaction().execute((trx) => copyFrameworkFrom(trx, user, project.id, String(form.get('sourceProjectId') ?? '')));
    } catch (err) {
      return formError(err, form);
    }
    return redirect(`/projects/${project.id}#framework`);
  }
  if (form.get('intent') === 'sign') {
    await db.transaction().execute((trx) => signProject(trx, user, project.id));
    return redirect(`/projects/${project.id}`);
  }
  const parsed = await parseForm(request, frameworkNodeSchema, form);
  if (!parsed.ok) return invalid(parsed);
  try {
    await db.transaction().execute((trx) => addFrameworkNode(trx, user, project.id, parsed.data));
  } catch (err) {
    return formError(err, parsed.form);
  }
  return redirect(`/projects/${project.id}#framework`);
});

function AddNode({ parentId, level }: { parentId: string | null; level: FrameworkLevel }) {
  const t = useT();
  return (
    <details className="results-add-node">
      <summary>{parentId ? `${t('results:framework.addChild')}: ${t(`results:framework.levels.${level}`)}` : t('results:framework.addGoal')}</summary>
      <Form method="post" className="card">
        <CsrfInput />
        <input type="hidden" name="parentId" value={parentId ?? ''} />
        <input type="hidden" name="level" value={level} />
        <div className="field"><label>{t('results:projects.nameKy')}<input name="name_ky" required /></label></div>
        <div className="field"><label>{t('results:projects.nameRu')}<input name="name_ru" required /></label></div>
        <div className="field"><label>{t('results:projects.nameEn')}<input name="name_en" /></label></div>
        <div className="field"><label>{t('results:framework.assumptions')}<textarea name="assumptions" rows={2} /></label></div>
        <button type="submit">{t('results:framework.add')}</button>
      </Form>
    </details>
  );
}

export default function ProjectPage() {
  const t = useT();
  const lang = useLang();
  const { project, framework, reports, canUpdate, templates, canSeeVisits, canSeeEvaluation } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <section>
      <div className="page-head">
        <h1>{project.code} — {localName(project, lang)}</h1>
        <Link className="button" to={`/projects/${project.id}/tracking`}>{t('results:projects.tabs.tracking')}</Link>{' '}
        <Link className="button" to={`/projects/${project.id}/tranches`}>{t('results:tranches.title')}</Link>
        {canSeeVisits ? <>{' '}<Link className="button" to={`/projects/${project.id}/visits`}>{t('monitoring:visits.title')}</Link></> : null}
        {canSeeEvaluation ? <>{' '}<Link className="button" to={`/projects/${project.id}/evaluation`}>{t('monitoring:evaluation.link')}</Link></> : null}
      </div>
      <dl className="facts">
        <dt>{t('results:projects.contractor')}</dt><dd>{localName({ name_ky: project.contractor_ky, name_ru: project.contractor_ru, name_en: project.contractor_en }, lang)}</dd>
        <dt>{t('results:projects.customer')}</dt><dd>{localName({ name_ky: project.customer_ky, name_ru: project.customer_ru, name_en: project.customer_en }, lang)}</dd>
        <dt>{t('results:projects.amount')}</dt><dd>{formatMoney(project.amount_tyiyn, lang)}</dd>
        {Number(project.cofunding_tyiyn) > 0 ? (<><dt>{t('competition:content.contract.cofunding')}</dt><dd>{formatMoney(Number(project.cofunding_tyiyn), lang)}</dd></>) : null}
        <dt>{t('results:projects.dates')}</dt><dd>{formatDate(project.start_date)}–{formatDate(project.end_date)}</dd>
        <dt>{t('results:projects.frequency')}</dt><dd>{t(`results:frequency.${project.frequency}`)}</dd>
        <dt>{t('results:projects.territories')}</dt><dd>{project.territories.map((u) => `${localName(u, lang)} (${u.soate})`).join(', ')}</dd>
        <dt>{t('results:projects.signedOn')}</dt><dd>{project.signed_at ? formatDateTime(project.signed_at) : t('results:projects.notSigned')}</dd>
      </dl>
      {canUpdate && !project.signed_at ? (
        <Form method="post">
          <CsrfInput />
          <p className="hint">{t('results:projects.signHelp')}</p>
          <button type="submit" name="intent" value="sign">{t('results:projects.sign')}</button>
        </Form>
      ) : null}

      <h2 id="reports">{t('results:projects.tabs.reports')}</h2>
      {reports.length ? <ExportLinks source="reports" params={`project=${project.id}`} /> : null}
      <TableWrap label={t('results:projects.tabs.reports')}>
        <table className="results-reports">
          <thead>
            <tr>
              <th scope="col">{t('results:report.period')}</th>
              <th scope="col">{t('results:report.due')}</th>
              <th scope="col">{t('results:report.status')}</th>
              <th scope="col">{t('results:report.onTime')}</th>
              <th scope="col" className="num">{t('results:report.flagged')}</th>
            </tr>
          </thead>
          <tbody>
            {reports.map((r) => (
              <tr key={r.id} data-period={r.period_key}>
                <td><Link to={`/projects/${project.id}/reports/${r.period_key}`}>{formatPeriod(r.period_key, lang)}</Link> <span className="muted">({formatDate(r.period_start)}–{formatDate(r.period_end)})</span></td>
                <td>{formatDate(r.due_date)}</td>
                <td><ReportStatusBadge status={r.status} /></td>
                <td>{r.onTime == null ? '—' : r.onTime ? <span className="badge ok">{t('results:report.onTime')}</span> : <span className="badge bad">{t('results:report.late')}</span>}</td>
                <td className="num">{r.flagged ? <span className="badge warn">⚑ {r.flagged}</span> : 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>

      <h2 id="framework">{t('results:projects.tabs.framework')}</h2>
      <ErrorSummary state={state} />
      {framework.length === 0 ? <p className="empty-state">{t('results:framework.empty')}</p> : null}
      {templates.length ? (
        <Form method="post" className="card filters" aria-labelledby="template-title">
          <CsrfInput />
          <h3 id="template-title">{t('results:template.title')}</h3>
          <label htmlFor="sourceProjectId">{t('results:template.source')}</label>
          <select id="sourceProjectId" name="sourceProjectId" required>
            {templates.map((p) => (
              <option key={p.id} value={p.id}>
                {p.code} — {localName(p, lang)}
              </option>
            ))}
          </select>
          <button type="submit" name="intent" value="copy-framework">{t('results:template.copy')}</button>
          <p className="hint">{t('results:template.help')}</p>
        </Form>
      ) : null}
      <ol className="results-framework">
        {framework.map((n) => {
          const next = childLevel(n.level);
          return (
            <li key={n.id} className={`level-${n.level}`} style={{ marginLeft: `${(n.number.split('.').length - 1) * 1.5}rem` }}>
              <p>
                <strong>{n.number}</strong> <span className="badge">{t(`results:framework.levels.${n.level}`)}</span> {localName(n, lang)}
              </p>
              {n.assumptions ? <p className="hint">{t('results:framework.assumptions')}: {n.assumptions}</p> : null}
              {n.indicators.length ? (
                <ul className="results-indicators">
                  {n.indicators.map((i) => (
                    <li key={i.id}>
                      <Link to={`/projects/${project.id}/indicators/${i.id}`}>{i.code}</Link> {localName(i, lang)} — {t(`results:types.${i.type}`)}, {t(`results:directions.${i.direction}`)}
                      {i.revision > 0 ? <span className="badge warn"> {t('results:indicator.revision')} {i.revision}</span> : null}
                    </li>
                  ))}
                </ul>
              ) : null}
              {canUpdate ? (
                <p>
                  <Link to={`/projects/${project.id}/indicators/new?node=${n.id}`}>{t('results:framework.addIndicator')}</Link>
                </p>
              ) : null}
              {canUpdate && next ? <AddNode parentId={n.id} level={next} /> : null}
            </li>
          );
        })}
      </ol>
      {canUpdate ? <AddNode parentId={null} level="goal" /> : null}
    </section>
  );
}
