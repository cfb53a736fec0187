import { redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { can, fieldErrors, localName, municipalWorkScope, serviceActivitySchema, servicePlanSchema } from '@kamkor/domain';
import { ActivityFields } from '../components/service-plan.tsx';
import { CsrfInput, ErrorSummary, Field } from '../components/forms.tsx';
import { getDb, addServiceActivity, assessmentResource, createServicePlan, findAssessment, listOrganisations, listPlanProblems } from '../db.server.ts';
import { useLang, useT } from '../i18n.ts';
import { formError, formValues, invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { assertCan, requireUser } from '../utils/session.server.ts';

export const loader = wrapLoader(async ({ request }) => {
  const user = await requireUser(request);
  // The municipalities this user may plan for (the policy: own municipality officers).
  assertCan(can(user, 'create', { type: 'municipal_planning', of: 'service_plan' }));
  const ownIds = municipalWorkScope(user).municipalityIds.filter((id) => can(user, 'create', { type: 'service_plan', id: 'new', municipalityId: id }));
  const db = await getDb();
  const url = new URL(request.url);
  // "From a priority": the assessment and problem come in the query; both must be the officer's own.
  const a = await findAssessment(db, url.searchParams.get('assessment') ?? '');
  const assessment = a && ownIds.includes(a.municipality_id) && can(user, 'view', assessmentResource(a)) ? a : null;
  const municipalities = await listOrganisations(db, { ids: ownIds });
  const municipalityId = assessment?.municipality_id ?? municipalities[0]!.id;
  const problems = await listPlanProblems(db, municipalityId);
  const problem = problems.find((p) => p.id === url.searchParams.get('problem') && p.assessment_id === assessment?.id) ?? null;
  return { municipalities, municipalityId, assessment, problem, problems };
});

export const action = wrapAction(async ({ request }) => {
  const user = await requireUser(request);
  // Authorisation before validation: someone who may never start a plan gets a 404, not a 400.
  assertCan(can(user, 'create', { type: 'municipal_planning', of: 'service_plan' }));
  const form = await request.formData();
  const parsed = await parseForm(request, servicePlanSchema, form);
  if (!parsed.ok) return invalid(parsed);
  assertCan(can(user, 'create', { type: 'service_plan', id: 'new', municipalityId: parsed.data.municipalityId }));
  // The first activity is optional; its fields carry an "activity_" prefix on this form.
  const raw = Object.fromEntries([...form.entries()].filter(([k]) => k.startsWith('activity_')).map(([k, v]) => [k.slice(9), String(v)]));
  const wantsActivity = Object.values(raw).some((v) => v.trim() !== '');
  const activity = wantsActivity ? serviceActivitySchema.safeParse(raw) : null;
  if (activity && !activity.success) {
    const errors = Object.fromEntries(Object.entries(fieldErrors(activity.error)).map(([k, v]) => [`activity_${k}`, v]));
    return invalid({ errors, values: formValues(form) });
  }
  const db = await getDb();
  try {
    const plan = await db.transaction().execute(async (trx) => {
      const p = await createServicePlan(trx, user, parsed.data);
      if (activity?.success) await addServiceActivity(trx, user, p.id, activity.data);
      return p;
    });
    return redirect(`/service-plans/${plan.id}`);
  } catch (err) {
    return formError(err, form);
  }
});

export default function NewServicePlan() {
  const t = useT();
  const lang = useLang();
  const { municipalities, municipalityId, assessment, problem, problems } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const year = assessment ? assessment.year + 1 : new Date().getFullYear();
  return (
    <section>
      <h1>{t('assessment:plan.create')}</h1>
      {problem ? <p className="lead">{t('assessment:plan.fromPriorityLead', { title: problem.title, rank: problem.rank ?? '–' })}</p> : null}
      <Form method="post" className="card" noValidate>
        <ErrorSummary state={state} />
        <CsrfInput />
        <input type="hidden" name="assessmentId" value={assessment?.id ?? ''} />
        <Field as="select" name="municipalityId" label={t('assessment:fields.municipality')} state={state} defaultValue={municipalityId} required>
          {municipalities.map((m) => <option key={m.id} value={m.id}>{localName(m, lang)}</option>)}
        </Field>
        <Field name="title" label={t('assessment:plan.title')} state={state} required defaultValue={problem ? t('assessment:plan.defaultTitle', { title: problem.title }) : ''} />
        <div className="form-grid">
          <Field name="yearFrom" label={t('assessment:plan.yearFrom')} inputMode="numeric" state={state} required defaultValue={year} />
          <Field name="yearTo" label={t('assessment:plan.yearTo')} inputMode="numeric" state={state} required defaultValue={year} />
        </div>
        <fieldset>
          <legend>{t('assessment:plan.firstActivity')}</legend>
          <p className="hint">{t('assessment:plan.firstActivityHint')}</p>
          <ActivityFields state={state} prefix="activity_" problems={problems} defaults={problem ? { title: problem.title, problemId: problem.id } : {}} />
        </fieldset>
        <button type="submit" className="primary">{t('actions.create')}</button>
      </Form>
    </section>
  );
}
