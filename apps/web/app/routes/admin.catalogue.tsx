import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { listCatalogue, saveCatalogueEntry, getDb } from '../db.server.ts';
import { z } from 'zod';
import { can, catalogueKinds, localName, multilingualNameSchema, type CatalogueKind } from '@kamkor/domain';
import { CsrfInput, ErrorSummary, Field, NameFields } from '../components/forms.tsx';
import { useLang, useT } from '../i18n.ts';
import { invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { assertCan, requireUser } from '../utils/session.server.ts';
import { TableWrap } from '../components/table-wrap.tsx';

const entrySchema = multilingualNameSchema.extend({
  kind: z.enum(catalogueKinds),
  is_active: z.literal('on').optional().transform((v) => v === 'on'),
  priority_area_code: z.string().optional().transform((v) => v || null),
});

function kindOf(request: Request): CatalogueKind {
  const k = new URL(request.url).searchParams.get('kind');
  return catalogueKinds.includes(k as CatalogueKind) ? (k as CatalogueKind) : 'service';
}

export const loader = wrapLoader(async ({ request }) => {
  const user = await requireUser(request);
  assertCan(can(user, 'view', { type: 'admin_screen', screen: 'catalogue' }));
  const db = await getDb();
  const kind = kindOf(request);
  return {
    kind,
    entries: await listCatalogue(db, kind, { includeInactive: true }),
    areas: await listCatalogue(db, 'priority_area'),
    canEdit: can(user, 'manage', { type: 'catalogue' }),
  };
});

export const action = wrapAction(async ({ request }) => {
  const user = await requireUser(request);
  assertCan(can(user, 'manage', { type: 'catalogue' }));
  const parsed = await parseForm(request, entrySchema);
  if (!parsed.ok) return invalid(parsed);
  const { kind, ...entry } = parsed.data;
  const db = await getDb();
  await db.transaction().execute((trx) => saveCatalogueEntry(trx, user.userId, kind, entry));
  return { ok: true as const, errors: undefined, values: undefined };
});

export default function Catalogue() {
  const t = useT();
  const lang = useLang();
  const { kind, entries, areas, canEdit } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const [params] = useSearchParams();
  const editing = entries.find((e) => e.code === params.get('edit'));
  return (
    <section>
      <h1>{t('catalogue.title')}</h1>
      <nav aria-label={t('catalogue.title')} className="tabs">
        {catalogueKinds.map((k) => (
          <a key={k} href={`?kind=${k}`} aria-current={k === kind ? 'page' : undefined}>
            {t(`catalogue.kinds.${k}`)}
          </a>
        ))}
      </nav>
      {state?.ok ? <p className="flash" role="status">{t('actions.saved')}</p> : null}
      <TableWrap label={t('catalogue.title')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('catalogue.code')}</th>
              <th scope="col">{t('catalogue.name')}</th>
              {kind === 'service' ? <th scope="col">{t('catalogue.kinds.priority_area')}</th> : null}
              <th scope="col">{t('users.status')}</th>
              {canEdit ? <th scope="col"><span className="visually-hidden">{t('actions.label')}</span></th> : null}
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.code}>
                <td><code>{e.code}</code></td>
                <td>{localName(e, lang)}</td>
                {kind === 'service' ? <td>{e.priority_area_code ?? '—'}</td> : null}
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
            {kind === 'service' ? (
              <Field as="select" name="priority_area_code" label={t('catalogue.kinds.priority_area')} state={state} defaultValue={editing?.priority_area_code ?? ''}>
                <option value="">—</option>
                {areas.map((a) => <option key={a.code} value={a.code}>{localName(a, lang)}</option>)}
              </Field>
            ) : null}
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
