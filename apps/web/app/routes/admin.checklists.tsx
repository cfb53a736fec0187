import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { redirect } from '@remix-run/node';
import { AppError, CHECKLIST_LIMITS, can, checklistSchema, fieldErrors } from '@kamkor/domain';
import { addChecklistTemplateVersion, currentChecklistTemplate, getDb } from '../db.server.ts';
import { VersionedListEditor, withSpareRows, type VersionedListColumn } from '../components/versioned-list-editor.tsx';
import { useT } from '../i18n.ts';
import { formValues, invalid } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser } from '../utils/session.server.ts';
import { readVersionedRows } from '../utils/versioned-list.server.ts';

const FIELDS = ['key', 'ky', 'ru', 'en'] as const;

/** The visit checklist template: monitoring officers read it, admins save a new version (visits keep theirs). */
export const loader = wrapLoader(async ({ request }) => {
  const user = await requireUser(request);
  if (!can(user, 'view', { type: 'checklist_template' })) throw new AppError('NOT_FOUND', 'errors.notFound');
  const current = await currentChecklistTemplate(await getDb());
  return { version: current.version, items: current.items, canManage: can(user, 'manage', { type: 'checklist_template' }) };
});

export const action = wrapAction(async ({ request }) => {
  const user = await requireUser(request);
  if (!can(user, 'manage', { type: 'checklist_template' })) throw new AppError('NOT_FOUND', 'errors.notFound');
  const form = await request.formData();
  const parsed = checklistSchema.safeParse(readVersionedRows(form, FIELDS, CHECKLIST_LIMITS.items));
  if (!parsed.success) return invalid({ errors: fieldErrors(parsed.error), values: formValues(form) });
  await (await getDb()).transaction().execute((trx) => addChecklistTemplateVersion(trx, user, parsed.data));
  return redirect('/admin/checklists');
});

export default function Checklists() {
  const t = useT();
  const { version, items, canManage } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const columns: VersionedListColumn<(typeof FIELDS)[number]>[] = FIELDS.map((f) => ({
    field: f,
    heading: f === 'key' ? t('monitoring:checklist.key') : t(`monitoring:builder.languages.${f}`),
    maxLength: f === 'key' ? 40 : 200,
    size: f === 'key' ? 20 : undefined,
  }));
  return (
    <VersionedListEditor
      eyebrow={<Link to="/monitoring">{t('monitoring:nav.board')}</Link>}
      title={t('monitoring:checklist.title')}
      version={t('monitoring:checklist.version', { n: version })}
      help={t('monitoring:checklist.help')}
      columns={columns}
      rows={withSpareRows(items, FIELDS, canManage)}
      canManage={canManage}
      state={state}
      inputLabel={(i, c) => `${t('monitoring:checklist.item')} ${i + 1}: ${c.heading}`}
      saveLabel={t('monitoring:checklist.save')}
    />
  );
}
