import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { ageGroups, can, focusGroupSchema, formatDate, formatNumber, localName } from '@kamkor/domain';
import { addFocusGroup, assessmentResource, deleteFocusGroup, listAssessmentCatalogue, listAssessmentVillages, listFocusGroups } from '../db.server.ts';
import { prefixedName } from '../components/assessment.tsx';
import { CsrfInput, ErrorSummary, Field } from '../components/forms.tsx';
import { useLang, useT } from '../i18n.ts';
import { addOrDeleteAction, assessmentFor } from '../utils/assessment.server.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { TableWrap } from '../components/table-wrap.tsx';

export const loader = wrapLoader(async ({ request, params }) => {
  const { user, db, assessment } = await assessmentFor(request, params.id, 'view_draft');
  return {
    focusGroups: await listFocusGroups(db, assessment.id),
    categories: await listAssessmentCatalogue(db, 'focus_group_category'),
    villages: await listAssessmentVillages(db, assessment.admin_unit_soate),
    canEdit: can(user, 'update', assessmentResource(assessment)),
  };
});

export const action = addOrDeleteAction({
  schema: focusGroupSchema,
  idField: 'focusGroupId',
  errorField: 'villageSoate',
  add: addFocusGroup,
  remove: deleteFocusGroup,
  messages: { added: 'assessment:focusGroups.added', deleted: 'assessment:focusGroups.deleted' },
});

export default function FocusGroups() {
  const t = useT();
  const lang = useLang();
  const { focusGroups, categories, villages, canEdit } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const state = result && 'errors' in result ? result : null;
  return (
    <section>
      <h2>{t('assessment:tabs.focusGroups')}</h2>
      <p className="hint">{t('assessment:focusGroups.intro')}</p>
      {result && 'message' in result ? <p className="flash" role="status">{t(result.message)}</p> : null}
      {focusGroups.length === 0 ? (
        <p className="empty-state">{t('assessment:focusGroups.empty')}</p>
      ) : (
        <TableWrap label={t('assessment:tabs.focusGroups')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('assessment:focusGroups.category')}</th>
                <th scope="col">{t('assessment:fields.village')}</th>
                <th scope="col">{t('assessment:fields.date')}</th>
                <th scope="col">{t('assessment:focusGroups.facilitator')}</th>
                {ageGroups.map((g) => <th key={`w${g}`} scope="col" className="num">{t('assessment:focusGroups.womenAge', { age: t(`assessment:ages.${g}`) })}</th>)}
                {ageGroups.map((g) => <th key={`m${g}`} scope="col" className="num">{t('assessment:focusGroups.menAge', { age: t(`assessment:ages.${g}`) })}</th>)}
                <th scope="col">{t('assessment:focusGroups.problemsRaised')}</th>
                {canEdit ? <th scope="col"><span className="visually-hidden">{t('actions.label')}</span></th> : null}
              </tr>
            </thead>
            <tbody>
              {focusGroups.map((f) => (
                <tr key={f.id}>
                  <td>{prefixedName(f, 'category', lang)}</td>
                  <td>{prefixedName(f, 'village', lang)}</td>
                  <td>{formatDate(f.held_on)}</td>
                  <td>{f.facilitator}</td>
                  <td className="num">{formatNumber(f.women_14_29, lang)}</td>
                  <td className="num">{formatNumber(f.women_30_59, lang)}</td>
                  <td className="num">{formatNumber(f.women_60_plus, lang)}</td>
                  <td className="num">{formatNumber(f.men_14_29, lang)}</td>
                  <td className="num">{formatNumber(f.men_30_59, lang)}</td>
                  <td className="num">{formatNumber(f.men_60_plus, lang)}</td>
                  <td>{f.problems_raised}</td>
                  {canEdit ? (
                    <td>
                      <Form method="post">
                        <CsrfInput />
                        <input type="hidden" name="focusGroupId" value={f.id} />
                        <button type="submit" name="intent" value="delete" className="danger">{t('assessment:actions.delete')}</button>
                      </Form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {canEdit ? (
        <Form method="post" className="card" noValidate>
          <h3>{t('assessment:focusGroups.add')}</h3>
          <ErrorSummary state={state} />
          <CsrfInput />
          <div className="form-grid">
            <Field as="select" name="categoryCode" label={t('assessment:focusGroups.category')} state={state} required>
              <option value="">—</option>
              {categories.map((c) => <option key={c.code} value={c.code}>{localName(c, lang)}</option>)}
            </Field>
            <Field as="select" name="villageSoate" label={t('assessment:fields.village')} state={state} required>
              <option value="">—</option>
              {villages.map((v) => <option key={v.soate} value={v.soate}>{localName(v, lang)}</option>)}
            </Field>
            <Field name="heldOn" label={t('assessment:fields.date')} hint="DD.MM.YYYY" state={state} required />
            <Field name="facilitator" label={t('assessment:focusGroups.facilitator')} state={state} required />
          </div>
          <fieldset>
            <legend>{t('assessment:focusGroups.participants')}</legend>
            <p className="hint">{t('assessment:focusGroups.noNames')}</p>
            <div className="form-grid counts-grid">
              {(['women', 'men'] as const).flatMap((sex) =>
                ageGroups.map((g) => (
                  <Field key={`${sex}_${g}`} name={`${sex}_${g}`} inputMode="numeric" label={t(sex === 'women' ? 'assessment:focusGroups.womenAge' : 'assessment:focusGroups.menAge', { age: t(`assessment:ages.${g}`) })} state={state} defaultValue="0" />
                )),
              )}
            </div>
          </fieldset>
          <Field as="textarea" name="problemsRaised" label={t('assessment:focusGroups.problemsRaised')} state={state} />
          <button type="submit" className="primary">{t('assessment:focusGroups.add')}</button>
        </Form>
      ) : null}
    </section>
  );
}
