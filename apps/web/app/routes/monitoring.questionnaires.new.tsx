import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { AppError, can, newBuilderQuestion, type BuilderForm } from '@kamkor/domain';
import { QuestionnaireBuilder } from '../components/questionnaire-builder.tsx';
import { useT } from '../i18n.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { saveBuiltQuestionnaire } from '../utils/questionnaire-builder.server.ts';
import { requireUser } from '../utils/session.server.ts';

export const loader = wrapLoader(async ({ request }) => {
  const user = await requireUser(request);
  if (!can(user, 'import', { type: 'questionnaire' })) throw new AppError('NOT_FOUND', 'errors.notFound');
  const initial: BuilderForm = { title: '', formId: '', defaultLanguage: 'ky', items: [newBuilderQuestion('q1')] };
  return { initial };
});

export const action = wrapAction(async ({ request }) => saveBuiltQuestionnaire(request, await requireUser(request), { formId: null }));

export default function NewQuestionnaire() {
  const t = useT();
  const { initial } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const restored = failed?.definition ? (JSON.parse(failed.definition) as BuilderForm) : initial;
  return (
    <section>
      <p className="eyebrow">
        <Link to="/monitoring/questionnaires">{t('monitoring:xlsform.title')}</Link>
      </p>
      <h1>{t('monitoring:builder.newTitle')}</h1>
      <QuestionnaireBuilder key={failed ? JSON.stringify(failed.errors) : 'new'} initial={restored} errors={failed?.errors ?? []} formIdLocked={false} />
    </section>
  );
}
