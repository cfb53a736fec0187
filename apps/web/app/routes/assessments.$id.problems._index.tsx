import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { can, localName, problemSchema } from '@kamkor/domain';
import { addProblem, assessmentResource, listAssessmentCatalogue, listAssessmentVillages, listProblemPhotos, listProblems } from '../db.server.ts';
import { CheckboxGroup, prefixedName, unitNames } from '../components/assessment.tsx';
import { CsrfInput, ErrorSummary, Field } from '../components/forms.tsx';
import { useLang, useT } from '../i18n.ts';
import { assessmentFor } from '../utils/assessment.server.ts';
import { formError, invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { assertCan } from '../utils/session.server.ts';

export const loader = wrapLoader(async ({ request, params }) => {
  const { user, db, assessment } = await assessmentFor(request, params.id, 'view_draft');
  return {
    assessmentId: assessment.id,
    problems: await listProblems(db, assessment.id),
    photos: await listProblemPhotos(db, assessment.id),
    categories: await listAssessmentCatalogue(db, 'problem_category'),
    fgCategories: await listAssessmentCatalogue(db, 'focus_group_category', { includeInactive: true }),
    villages: await listAssessmentVillages(db, assessment.admin_unit_soate),
    canEdit: can(user, 'update', assessmentResource(assessment)),
  };
});

export const action = wrapAction(async ({ request, params }) => {
  const { user, db, assessment } = await assessmentFor(request, params.id, 'update');
  assertCan(can(user, 'update', assessmentResource(assessment)));
  const parsed = await parseForm(request, problemSchema);
  if (!parsed.ok) return invalid(parsed);
  try {
    await db.transaction().execute((trx) => addProblem(trx, user!, assessment.id, parsed.data));
  } catch (err) {
    return formError(err, parsed.form);
  }
  return { ok: true as const, message: 'assessment:problems.added' };
});

export default function ProblemGallery() {
  const t = useT();
  const lang = useLang();
  const { assessmentId, problems, photos, categories, fgCategories, villages, canEdit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const state = result && 'errors' in result ? result : null;
  const villageName = unitNames(villages, lang);
  const fgName = (code: string) => {
    const c = fgCategories.find((x) => x.code === code);
    return c ? localName(c, lang) : code;
  };
  return (
    <section>
      <h2>{t('assessment:tabs.problems')}</h2>
      <p className="hint">{t('assessment:problems.intro')}</p>
      {result && 'message' in result ? <p className="flash" role="status">{t(result.message)}</p> : null}
      {problems.length === 0 ? <p className="empty-state">{t('assessment:problems.empty')}</p> : null}
      <ol className="gallery">
        {problems.map((p) => {
          const mine = photos.filter((ph) => ph.problem_id === p.id);
          return (
            <li key={p.id} className="card problem-card">
              <h3>
                <Link to={`/assessments/${assessmentId}/problems/${p.id}`}>{p.number}. {p.title}</Link>
              </h3>
              <p><span className="badge">{prefixedName(p, 'category', lang)}</span></p>
              {p.description ? <p>{p.description}</p> : null}
              <dl className="facts">
                <dt>{t('assessment:problems.villages')}</dt>
                <dd>{p.village_soates.map(villageName).join(', ') || '–'}</dd>
                <dt>{t('assessment:problems.raisedBy')}</dt>
                <dd>{p.raised_by.map(fgName).join(', ') || '–'}</dd>
              </dl>
              {mine.length ? (
                <div className="photo-strip">
                  {mine.map((ph) => <img key={ph.id} src={`/assessments/${assessmentId}/photos/${ph.id}`} alt={ph.caption ?? p.title} loading="lazy" />)}
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>
      {canEdit ? (
        <Form method="post" className="card" noValidate>
          <h3>{t('assessment:problems.add')}</h3>
          <ErrorSummary state={state} />
          <CsrfInput />
          <Field name="title" label={t('assessment:problems.title')} state={state} required />
          <Field as="select" name="categoryCode" label={t('assessment:problems.category')} state={state} required>
            <option value="">—</option>
            {categories.map((c) => <option key={c.code} value={c.code}>{localName(c, lang)}</option>)}
          </Field>
          <Field as="textarea" name="description" label={t('assessment:problems.description')} state={state} />
          <CheckboxGroup name="villageSoates" legend={t('assessment:problems.villages')} options={villages.map((v) => ({ value: v.soate, label: localName(v, lang) }))} checked={[]} state={state} />
          <CheckboxGroup name="raisedBy" legend={t('assessment:problems.raisedBy')} options={fgCategories.filter((c) => c.is_active).map((c) => ({ value: c.code, label: localName(c, lang) }))} checked={[]} state={state} />
          <button type="submit" className="primary">{t('assessment:problems.add')}</button>
        </Form>
      ) : null}
    </section>
  );
}
