import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { redirect } from '@remix-run/node';
import { AppError, bishkekToday, formatDate, localName, planVisitSchema, visitKinds } from '@kamkor/domain';
import { getDb, listEligibleOfficers, listProjectVisitsForActor, planVisit } from '../db.server.ts';
import { CsrfInput, ErrorSummary, Field } from '../components/forms.tsx';
import { useLang, useT } from '../i18n.ts';
import { formError, invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser } from '../utils/session.server.ts';
import { TableWrap } from '../components/table-wrap.tsx';
import { ExportLinks } from '../components/export-links.tsx';

export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const db = await getDb();
  const page = Number(new URL(request.url).searchParams.get('page')) || 1;
  // 404 unless the user monitors the project, is an admin, or is its contractor (final visits only).
  const list = await listProjectVisitsForActor(db, user, params.id ?? '', { page });
  const officers = list.canPlan ? await listEligibleOfficers(db, list.project) : [];
  const p = list.project;
  return {
    project: { id: p.id, code: p.code, name_ky: p.name_ky, name_ru: p.name_ru, name_en: p.name_en },
    visits: list.visits.map((v) => ({ visit_no: v.visit_no, program_year: v.program_year, kind: v.kind, status: v.status, planned_date: v.planned_date, visit_date: v.visit_date, officer_name: v.officer_name })),
    page: list.page,
    hasMore: list.hasMore,
    canPlan: list.canPlan,
    officers,
    year: bishkekToday().slice(0, 4),
    userId: user.userId,
  };
});

export const action = wrapAction(async ({ request, params }) => {
  const user = await requireUser(request);
  const db = await getDb();
  // Authorise before validating: someone who may not plan gets a 404, not a 400.
  const list = await listProjectVisitsForActor(db, user, params.id ?? '');
  if (!list.canPlan) throw new AppError('NOT_FOUND', 'errors.notFound');
  const parsed = await parseForm(request, planVisitSchema);
  if (!parsed.ok) return invalid(parsed);
  let visitNo: number;
  try {
    visitNo = await db.transaction().execute(async (trx) => (await planVisit(trx, user, list.project.id, parsed.data)).visit_no);
  } catch (err) {
    return formError(err, parsed.form, 'officerId');
  }
  return redirect(`/projects/${list.project.id}/visits/${visitNo}`);
});

export default function ProjectVisits() {
  const t = useT();
  const lang = useLang();
  const { project, visits, page, hasMore, canPlan, officers, year, userId } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const badge = { planned: '', draft: 'warn', final: 'ok' } as const;
  return (
    <section>
      <p className="eyebrow">
        <Link to={`/projects/${project.id}`}>{project.code}</Link> · {localName(project, lang)}
      </p>
      <h1>{t('monitoring:visits.title')}</h1>
      <p>{t('monitoring:visits.help')}</p>
      {visits.length ? <ExportLinks source="visits" params={`project=${project.id}`} /> : null}
      {visits.length === 0 ? (
        <p className="empty-state">{t('monitoring:visits.empty')}</p>
      ) : (
        <TableWrap label={t('common:tableRegion')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('monitoring:visits.no')}</th>
                <th scope="col">{t('monitoring:visits.plannedDate')}</th>
                <th scope="col">{t('monitoring:visits.visitDate')}</th>
                <th scope="col">{t('monitoring:visits.kind')}</th>
                <th scope="col">{t('monitoring:visits.officer')}</th>
                <th scope="col">{t('monitoring:visits.status')}</th>
              </tr>
            </thead>
            <tbody>
              {visits.map((v) => (
                <tr key={v.visit_no}>
                  <td>
                    <Link to={`/projects/${project.id}/visits/${v.visit_no}`} aria-label={t('monitoring:visits.open', { no: v.visit_no })}>
                      {v.visit_no}
                    </Link>
                  </td>
                  <td>{formatDate(v.planned_date)}</td>
                  <td>{formatDate(v.visit_date)}</td>
                  <td>{t(`monitoring:kinds.${v.kind}`)}</td>
                  <td>{v.officer_name}</td>
                  <td>
                    <span className={`badge ${badge[v.status]}`}>{t(`monitoring:statuses.${v.status}`)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {hasMore ? (
        <p>
          <Link to={`?page=${page + 1}`}>{t('monitoring:visits.more')}</Link>
        </p>
      ) : null}
      {canPlan ? (
        <section className="card" aria-labelledby="plan-visit">
          <h2 id="plan-visit">{t('monitoring:visits.plan')}</h2>
          <ErrorSummary state={state} />
          <Form method="post" noValidate>
            <CsrfInput />
            <Field name="programYear" label={t('monitoring:visits.programYear')} defaultValue={year} inputMode="numeric" state={state} required />
            <Field name="plannedDate" label={t('monitoring:visits.plannedDate')} hint="DD.MM.YYYY" state={state} required />
            <Field as="select" name="kind" label={t('monitoring:visits.kind')} defaultValue="scheduled" state={state} required>
              {visitKinds.map((k) => (
                <option key={k} value={k}>
                  {t(`monitoring:kinds.${k}`)}
                </option>
              ))}
            </Field>
            <Field as="select" name="officerId" label={t('monitoring:visits.officer')} defaultValue={officers.some((o) => o.id === userId) ? userId : ''} state={state} required>
              <option value="">—</option>
              {officers.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.full_name}
                </option>
              ))}
            </Field>
            <button type="submit" className="primary">{t('monitoring:visits.plan')}</button>
          </Form>
        </section>
      ) : null}
    </section>
  );
}
