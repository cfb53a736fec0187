import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { configurableDimensions, can, disaggregationCategorySchema, localName } from '@kamkor/domain';
import { getDb, listAllDisaggregationCategories, saveDisaggregationCategory } from '../db.server.ts';
import { CsrfInput, ErrorSummary, Field, NameFields } from '../components/forms.tsx';
import { useLang, useT } from '../i18n.ts';
import { invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { assertCan, requireUser } from '../utils/session.server.ts';
import { TableWrap } from '../components/table-wrap.tsx';

/** Categories of sex, age group and disability that indicators are disaggregated by: data, not code. */
export const loader = wrapLoader(async ({ request }) => {
  const user = await requireUser(request);
  assertCan(can(user, 'view', { type: 'admin_screen', screen: 'disaggregations' }));
  return { categories: await listAllDisaggregationCategories(await getDb()) };
});

export const action = wrapAction(async ({ request }) => {
  const user = await requireUser(request);
  assertCan(can(user, 'view', { type: 'admin_screen', screen: 'disaggregations' }));
  const parsed = await parseForm(request, disaggregationCategorySchema);
  if (!parsed.ok) return invalid(parsed);
  const db = await getDb();
  await db.transaction().execute((trx) => saveDisaggregationCategory(trx, user.userId, parsed.data));
  return { ok: true as const, errors: undefined, values: undefined };
});

export default function Disaggregations() {
  const t = useT();
  const lang = useLang();
  const { categories } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const [params] = useSearchParams();
  const editing = categories.find((c) => `${c.dimension}:${c.code}` === params.get('edit'));
  return (
    <section>
      <h1>{t('results:disaggregations.title')}</h1>
      <p>{t('results:disaggregations.help')}</p>
      {state?.ok ? <p className="flash" role="status">{t('actions.saved')}</p> : null}
      {configurableDimensions.map((d) => (
        <section key={d} aria-labelledby={`dim-${d}`}>
          <h2 id={`dim-${d}`}>{t(`results:disaggregations.dimensions.${d}`)}</h2>
          {/* Not the section's own name: two regions with one name would be indistinguishable (axe landmark-unique). */}
          <TableWrap label={`${t('results:disaggregations.title')}: ${t(`results:disaggregations.dimensions.${d}`)}`}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('catalogue.code')}</th>
                  <th scope="col">{t('catalogue.name')}</th>
                  <th scope="col">{t('users.status')}</th>
                  <th scope="col"><span className="visually-hidden">{t('actions.label')}</span></th>
                </tr>
              </thead>
              <tbody>
                {categories.filter((c) => c.dimension === d).map((c) => (
                  <tr key={c.code}>
                    <td><code>{c.code}</code></td>
                    <td>{localName(c, lang)}</td>
                    <td>{c.is_active ? t('users.active') : t('users.inactive')}</td>
                    <td><a href={`?edit=${encodeURIComponent(`${c.dimension}:${c.code}`)}#category-form`}>{t('actions.edit')}</a></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </section>
      ))}
      <section id="category-form" className="card" key={editing ? `${editing.dimension}:${editing.code}` : 'new'}>
        <h2>{editing ? t('actions.edit') : t('catalogue.add')}</h2>
        <ErrorSummary state={state} />
        <Form method="post" noValidate>
          <CsrfInput />
          <Field as="select" name="dimension" label={t('results:disaggregations.dimension')} state={state} defaultValue={editing?.dimension} required>
            {configurableDimensions.map((d) => (
              <option key={d} value={d}>{t(`results:disaggregations.dimensions.${d}`)}</option>
            ))}
          </Field>
          <Field name="code" label={t('catalogue.code')} hint={t('results:disaggregations.codeHint')} state={state} defaultValue={editing?.code} required />
          <NameFields state={state} initial={editing} />
          <Field name="sort_order" label={t('results:disaggregations.order')} inputMode="numeric" state={state} defaultValue={editing?.sort_order ?? 0} />
          <div className="field">
            <label><input type="checkbox" name="is_active" defaultChecked={editing ? editing.is_active : true} /> {t('users.active')}</label>
          </div>
          <button type="submit" className="primary">{t('actions.save')}</button>
        </Form>
      </section>
    </section>
  );
}
