import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { AppError, can, questionnaireToBuilder, type BuilderForm } from '@kamkor/domain';
import { getDb, getQuestionnaireForActor } from '../db.server.ts';
import { QuestionnaireBuilder } from '../components/questionnaire-builder.tsx';
import { useT } from '../i18n.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { saveBuiltQuestionnaire } from '../utils/questionnaire-builder.server.ts';
import { requireUser } from '../utils/session.server.ts';

/** A questionnaire's latest version in the builder; saving adds a version (answers stay with theirs). */
export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  if (!can(user, 'import', { type: 'questionnaire' })) throw new AppError('NOT_FOUND', 'errors.notFound');
  const q = await getQuestionnaireForActor(await getDb(), user, params.formId ?? '');
  const built = questionnaireToBuilder(q.version.definition);
  return { formId: q.form_id, title: q.title, versionNo: q.version.versionNo, built };
});

export const action = wrapAction(async ({ request, params }) => {
  const user = await requireUser(request);
  if (!can(user, 'import', { type: 'questionnaire' })) throw new AppError('NOT_FOUND', 'errors.notFound');
  const q = await getQuestionnaireForActor(await getDb(), user, params.formId ?? '');
  return saveBuiltQuestionnaire(request, user, { formId: q.form_id });
});

export default function EditQuestionnaire() {
  const t = useT();
  const { formId, title, built } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  return (
    <section>
      <p className="eyebrow">
        <Link to={`/monitoring/questionnaires/${encodeURIComponent(formId)}`}>{title}</Link>
      </p>
      <h1>{t('monitoring:builder.editTitle', { title })}</h1>
      {built.ok ? (
        <QuestionnaireBuilder
          key={failed ? JSON.stringify(failed.errors) : 'edit'}
          initial={failed?.definition ? (JSON.parse(failed.definition) as BuilderForm) : built.form}
          errors={failed?.errors ?? []}
          formIdLocked
        />
      ) : (
        <p className="notice">{t('monitoring:builder.notEditable', { names: built.unsupported.join(', ') })}</p>
      )}
    </section>
  );
}
