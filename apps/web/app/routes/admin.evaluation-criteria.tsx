import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { redirect } from '@remix-run/node';
import { AppError, EVALUATION_LIMITS, can, criteriaSchema, fieldErrors } from '@kamkor/domain';
import { addEvaluationCriteriaVersion, currentEvaluationCriteria, getDb } from '../db.server.ts';
import { VersionedListEditor, withSpareRows, type VersionedListColumn } from '../components/versioned-list-editor.tsx';
import { useT } from '../i18n.ts';
import { formValues, invalid } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser } from '../utils/session.server.ts';
import { readVersionedRows } from '../utils/versioned-list.server.ts';

const FIELDS = ['key', 'ky', 'ru', 'en', 'maxPoints'] as const;

/** The criteria of the end-of-project evaluation sheet: evaluators read them, admins save a new version. */
export const loader = wrapLoader(async ({ request }) => {
  const user = await requireUser(request);
  if (!can(user, 'view', { type: 'evaluation_criteria' })) throw new AppError('NOT_FOUND', 'errors.notFound');
  const current = await currentEvaluationCriteria(await getDb());
  return { version: current.version, items: current.items, canManage: can(user, 'manage', { type: 'evaluation_criteria' }) };
});

export const action = wrapAction(async ({ request }) => {
  const user = await requireUser(request);
  if (!can(user, 'manage', { type: 'evaluation_criteria' })) throw new AppError('NOT_FOUND', 'errors.notFound');
  const form = await request.formData();
  const parsed = criteriaSchema.safeParse(readVersionedRows(form, FIELDS, EVALUATION_LIMITS.criteria));
  if (!parsed.success) return invalid({ errors: fieldErrors(parsed.error), values: formValues(form) });
  await (await getDb()).transaction().execute((trx) => addEvaluationCriteriaVersion(trx, user, parsed.data));
  return redirect('/admin/evaluation-criteria');
});

export default function EvaluationCriteria() {
  const t = useT();
  const { version, items, canManage } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const columns: VersionedListColumn<(typeof FIELDS)[number]>[] = FIELDS.map((f) => ({
    field: f,
    heading: f === 'key' ? t('monitoring:evaluation.key') : f === 'maxPoints' ? t('monitoring:report.columns.max') : t(`monitoring:builder.languages.${f}`),
    numeric: f === 'maxPoints',
    maxLength: f === 'maxPoints' ? 3 : 200,
    size: f === 'maxPoints' ? 4 : f === 'key' ? 16 : undefined,
  }));
  return (
    <VersionedListEditor
      eyebrow={<Link to="/monitoring">{t('monitoring:nav.board')}</Link>}
      title={t('monitoring:evaluation.criteria')}
      version={t('monitoring:evaluation.criteriaVersion', { n: version })}
      help={t('monitoring:evaluation.criteriaHelp')}
      columns={columns}
      rows={withSpareRows(
        items.map((c) => ({ ...c, maxPoints: String(c.maxPoints) })),
        FIELDS,
        canManage,
      )}
      canManage={canManage}
      state={state}
      inputLabel={(i, c) => `${i + 1}: ${c.heading}`}
      saveLabel={t('monitoring:evaluation.saveCriteria')}
    />
  );
}
