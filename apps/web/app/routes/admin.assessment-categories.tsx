import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { assessmentCatalogueKinds, can, localName, multilingualNameSchema, type AssessmentCatalogueKind } from '@kamkor/domain';
import { CsrfInput, ErrorSummary, Field, NameFields } from '../components/forms.tsx';
import { getDb, listAssessmentCatalogue, saveAssessmentCatalogueEntry } from '../db.server.ts';
import { useLang, useT } from '../i18n.ts';
import { invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { assertCan, requireUser } from '../utils/session.server.ts';
import { TableWrap } from '../components/table-wrap.tsx';

const entrySchema = multilingualNameSchema.extend({
  kind: z.enum(assessmentCatalogueKinds),
  is_active: z.literal('on').optional().transform((v) => v === 'on'),
});

function kindOf(request: Request): AssessmentCatalogueKind {
  const k = new URL(request.url).searchParams.get('kind');
  return assessmentCatalogueKinds.includes(k as AssessmentCatalogueKind) ? (k as AssessmentCatalogueKind) : 'focus_group_category';
}

/** Focus-group and problem categories of the needs assessment, editable by admins (read by all staff). */
export const loader = wrapLoader(async ({ request }) => {
  const user = await requireUser(request);
  assertCan(can(user, 'view', { type: 'admin_screen', screen: 'assessment_categories' }));
  const kind = kindOf(request);
  return { kind, entries: await listAssessmentCatalogue(await getDb(), kind, { includeInactive: true }), canEdit: can(user, 'manage', { type: 'catalogue' }) };
});

export const action = wrapAction(async ({ request }) => {
  const user = await requireUser(request);
  assertCan(can(user, 'manage', { type: 'catalogue' }));
  const parsed = await parseForm(request, entrySchema);
  if (!parsed.ok) return invalid(parsed);
  const { kind, ...entry } = parsed.data;
  const db = await getDb();
  await db.transaction().execute((trx) => saveAssessmentCatalogueEntry(trx, user.userId, kind, entry));
  return { ok: true as const, errors: undefined, values: undefined };
});

export default function AssessmentCategories() {
  const t = useT();
  const lang = useLang();
  const { kind, entries, canEdit } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const [params] = useSearchParams();
  const editing = entries.find((e) => e.code === params.get('edit'));
  return (
    <section>
      <h1>{t('assessment:categories.title')}</h1>
      <nav aria-label={t('assessment:categories.title')} className="tabs">
        {assessmentCatalogueKinds.map((k) => (
          <a key={k} href={`?kind=${k}`} aria-current={k === kind ? 'page' : undefined}>{t(`assessment:categories.kinds.${k}`)}</a>
        ))}
      </nav>
      {state?.ok ? <p className="flash" role="status">{t('actions.saved')}</p> : null}
      <TableWrap label={t('assessment:categories.title')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('catalogue.code')}</th>
              <th scope="col">{t('catalogue.name')}</th>
              <th scope="col">{t('users.status')}</th>
              {canEdit ? <th scope="col"><span className="visually-hidden">{t('actions.label')}</span></th> : null}
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.code}>
                <td><code>{e.code}</code></td>
                <td>{localName(e, lang)}</td>
                <td>{e.is_active ? t('users.active') : t('users.inactive')}</td>
                {canEdit ? <td><a href={`?kind=${kind}&edit=${encodeURIComponent(e.code)}#entry-form`}>{t('actions.edit')}</a></td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {canEdit ? (
        <section id="entry-form" className="card" key={editing?.code ?? 'new'}>
          <h2>{editing ? t('actions.edit') : t('catalogue.add')}</h2>
          <ErrorSummary state={state} />
          <Form method="post" noValidate>
            <CsrfInput />
            <input type="hidden" name="kind" value={kind} />
            <Field name="code" label={t('catalogue.code')} state={state} defaultValue={editing?.code} required />
            <NameFields state={state} initial={editing} />
            <div className="field">
              <label><input type="checkbox" name="is_active" defaultChecked={editing ? editing.is_active : true} /> {t('users.active')}</label>
            </div>
            <button type="submit" className="primary">{t('actions.save')}</button>
          </Form>
        </section>
      ) : null}
    </section>
  );
}
