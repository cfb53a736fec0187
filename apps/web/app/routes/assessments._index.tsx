import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { assessmentCreateSchema, assessmentStages, can, localName, municipalWorkScope } from '@kamkor/domain';
import { CsrfInput, ErrorSummary, Field } from '../components/forms.tsx';
import { getDb, createAssessment, listAssessmentsForActor, listOrganisations } from '../db.server.ts';
import { Pager } from '../components/pager.tsx';
import { useLang, useT } from '../i18n.ts';
import { formError, invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { assertCan, requireUser } from '../utils/session.server.ts';
import { TableWrap } from '../components/table-wrap.tsx';
import { ExportLinks } from '../components/export-links.tsx';

export const loader = wrapLoader(async ({ request }) => {
  const user = await requireUser(request);
  const db = await getDb();
  // Everyone sees what `can` lets them see: own municipality, all (ministry, analysts), or published.
  const url = new URL(request.url);
  const stage = url.searchParams.get('stage') ?? '';
  const year = Number(url.searchParams.get('year')) || null;
  const mine = url.searchParams.get('mine') === '1';
  // Visibility (the policy's municipalWorkScope), filters and paging are in the query.
  const list = await listAssessmentsForActor(db, user, { stage: stage || undefined, year: year ?? undefined, mine, page: Number(url.searchParams.get('page')) || 1 });
  const ownIds = municipalWorkScope(user).municipalityIds;
  const municipalities = ownIds.length ? await listOrganisations(db, { ids: ownIds }) : [];
  return {
    assessments: list.items,
    page: { page: list.page, pageSize: list.pageSize, total: list.total },
    municipalities,
    filter: { stage, year, mine },
    years: list.years,
  };
});

export const action = wrapAction(async ({ request }) => {
  const user = await requireUser(request);
  // Authorisation before validation: someone who may never start an assessment gets a 404, not a 400.
  assertCan(can(user, 'create', { type: 'municipal_planning', of: 'needs_assessment' }));
  const parsed = await parseForm(request, assessmentCreateSchema);
  if (!parsed.ok) return invalid(parsed);
  assertCan(can(user, 'create', { type: 'needs_assessment', id: 'new', municipalityId: parsed.data.municipalityId, status: 'planned' }));
  const db = await getDb();
  try {
    const a = await db.transaction().execute((trx) => createAssessment(trx, user, parsed.data));
    return redirect(`/assessments/${a.id}`);
  } catch (err) {
    return formError(err, parsed.form, 'year');
  }
});

export default function Assessments() {
  const t = useT();
  const lang = useLang();
  const { assessments, municipalities, filter, years, page } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <section>
      <div className="page-head">
        <h1>{t('assessment:list.title')}</h1>
        <Link to="/public/assessments">{t('assessment:public.title')}</Link>
      </div>
      <p className="lead">{t('assessment:list.intro')}</p>
      <Form method="get" className="filters" aria-label={t('assessment:list.filter')}>
        <label htmlFor="filter-stage">{t('assessment:stage.label')}</label>
        <select id="filter-stage" name="stage" defaultValue={filter.stage}>
          <option value="">{t('assessment:list.all')}</option>
          {assessmentStages.map((s) => <option key={s} value={s}>{t(`assessment:stage.${s}`)}</option>)}
        </select>
        <label htmlFor="filter-year">{t('assessment:fields.year')}</label>
        <select id="filter-year" name="year" defaultValue={filter.year ?? ''}>
          <option value="">{t('assessment:list.all')}</option>
          {years.map((y) => <option key={y} value={y}>{y}</option>)}
        </select>
        {municipalities.length ? (
          <label>
            <input type="checkbox" name="mine" value="1" defaultChecked={filter.mine} /> {t('assessment:list.mine')}
          </label>
        ) : null}
        <button type="submit">{t('assessment:list.apply')}</button>
      </Form>
      <ExportLinks source="assessments" />
      {assessments.length === 0 ? (
        <p className="empty-state">{t('assessment:list.empty')}</p>
      ) : (
        <TableWrap label={t('assessment:list.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('assessment:fields.municipality')}</th>
                <th scope="col" className="num">{t('assessment:fields.year')}</th>
                <th scope="col">{t('assessment:stage.label')}</th>
              </tr>
            </thead>
            <tbody>
              {assessments.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link to={`/assessments/${a.id}`}>{localName({ name_ky: a.municipality_name_ky, name_ru: a.municipality_name_ru, name_en: a.municipality_name_en }, lang)}</Link>
                  </td>
                  <td className="num">{a.year}</td>
                  <td>
                    <span className={`badge${a.stage === 'published' ? ' ok' : ''}`}>{t(`assessment:stage.${a.stage}`)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <Pager {...page} />
      {municipalities.length ? (
        <Form method="post" className="card narrow" noValidate>
          <h2>{t('assessment:list.create')}</h2>
          <ErrorSummary state={state} />
          <CsrfInput />
          <Field as="select" name="municipalityId" label={t('assessment:fields.municipality')} state={state} required defaultValue={municipalities[0]!.id}>
            {municipalities.map((m) => (
              <option key={m.id} value={m.id}>{localName(m, lang)}</option>
            ))}
          </Field>
          <Field name="year" label={t('assessment:fields.year')} state={state} required inputMode="numeric" defaultValue={new Date().getFullYear()} />
          <Field as="select" name="rankingMethod" label={t('assessment:ranking.method')} state={state} defaultValue="votes">
            <option value="votes">{t('assessment:ranking.methods.votes')}</option>
            <option value="points">{t('assessment:ranking.methods.points')}</option>
          </Field>
          <Field name="points" label={t('assessment:ranking.pointsRule')} hint={t('assessment:ranking.pointsHint')} state={state} defaultValue="3-2-1" />
          <button type="submit" className="primary">{t('actions.create')}</button>
        </Form>
      ) : null}
    </section>
  );
}
