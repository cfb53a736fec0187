import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import {
  AppError,
  cumulativeModes,
  directions,
  disaggregationDimensions,
  formatDate,
  formatDateTime,
  frequencies,
  indicatorSchema,
  indicatorTypes,
  localName,
  parseNumber,
  reportingPeriods,
  type Frequency,
} from '@kamkor/domain';
import { CsrfInput, ErrorSummary, Field } from '../components/forms.tsx';
import { Num } from '../components/results.tsx';
import { getDb, listFramework, listIndicatorRevisions, listIndicators, saveIndicator, projectResource } from '../db.server.ts';
import { useLang, useT } from '../i18n.ts';
import { formError, invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { projectFor } from '../utils/results.server.ts';
import { requireUser } from '../utils/session.server.ts';
import { can, formatPeriod } from '@kamkor/domain';

export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const project = await projectFor(user, params.id);
  const db = await getDb();
  const isNew = params.indicatorId === 'new';
  const indicator = isNew ? null : (await listIndicators(db, { projectId: project.id })).find((i) => i.id === params.indicatorId);
  if (!isNew && !indicator) throw new AppError('NOT_FOUND', 'errors.notFound');
  const canUpdate = can(user, 'update', projectResource(project));
  if (isNew && !canUpdate) throw new AppError('NOT_FOUND', 'errors.notFound');
  const nodes = (await listFramework(db, project.id)).map((n) => ({ id: n.id, number: n.number, level: n.level, name_ky: n.name_ky, name_ru: n.name_ru, name_en: n.name_en }));
  const periods = reportingPeriods(project.start_date, project.end_date, project.frequency as Frequency).map((p) => p.key);
  const revisions = indicator ? await listIndicatorRevisions(db, indicator.id) : [];
  return { project, indicator, nodes, periods, revisions, canUpdate };
});

export const action = wrapAction(async ({ request, params }) => {
  const user = await requireUser(request);
  const project = await projectFor(user, params.id, 'update');
  const form = await request.formData();
  const parsed = await parseForm(request, indicatorSchema, form);
  if (!parsed.ok) return invalid(parsed);
  const targets: Record<string, number | null> = {};
  const errors: Record<string, string> = {};
  for (const [k, v] of form.entries()) {
    if (!k.startsWith('target:') || typeof v !== 'string') continue;
    const n = v.trim() === '' ? null : parseNumber(v);
    if (v.trim() !== '' && n == null) errors[k] = 'results:errors.number';
    targets[k.slice(7)] = n;
  }
  if (Object.keys(errors).length) return invalid({ errors, values: Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)])) });
  const db = await getDb();
  try {
    const id = await db.transaction().execute((trx) =>
      saveIndicator(trx, user, project.id, params.indicatorId === 'new' ? null : params.indicatorId!, parsed.data, targets),
    );
    return redirect(`/projects/${project.id}/indicators/${id}?saved=1`);
  } catch (err) {
    if (err instanceof AppError && err.messageKey === 'results:errors.reasonRequired') return formError(err, form, 'reason');
    if (err instanceof AppError && err.messageKey === 'results:errors.codeTaken') return formError(err, form, 'code');
    return formError(err, form);
  }
});

export default function IndicatorPassport() {
  const t = useT();
  const lang = useLang();
  const { project, indicator: ind, nodes, periods, revisions, canUpdate } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const [params] = useSearchParams();
  const v = (k: string) => state?.values?.[k];
  const first = revisions[0]?.snapshot;
  return (
    <section>
      <p><Link to={`/projects/${project.id}`}>← {project.code} — {localName(project, lang)}</Link></p>
      <h1>{ind ? `${t('results:indicator.title')}: ${ind.code}` : t('results:indicator.new')}</h1>
      {params.get('saved') ? <p className="flash" role="status">{t('actions.saved')}</p> : null}
      <ErrorSummary state={state} />
      <Form method="post" className="card" noValidate>
        <CsrfInput />
        <fieldset disabled={!canUpdate}>
          <Field name="nodeId" label={t('results:indicator.node')} as="select" state={state} defaultValue={ind?.nodeId ?? params.get('node') ?? ''} required>
            {nodes.map((n) => <option key={n.id} value={n.id}>{n.number} {t(`results:framework.levels.${n.level}`)}: {localName(n, lang)}</option>)}
          </Field>
          <Field name="code" label={t('results:indicator.code')} state={state} defaultValue={ind?.code} required />
          <Field name="name_ky" label={t('results:indicator.nameKy')} state={state} defaultValue={ind?.name_ky} required />
          <Field name="name_ru" label={t('results:indicator.nameRu')} state={state} defaultValue={ind?.name_ru} required />
          <Field name="name_en" label={t('results:indicator.nameEn')} state={state} defaultValue={ind?.name_en} />
          <Field name="definition_ky" as="textarea" label={t('results:indicator.definitionKy')} state={state} defaultValue={ind?.definition_ky} />
          <Field name="definition_ru" as="textarea" label={t('results:indicator.definitionRu')} state={state} defaultValue={ind?.definition_ru} />
          <Field name="definition_en" as="textarea" label={t('results:indicator.definitionEn')} state={state} defaultValue={ind?.definition_en} />
          <Field name="unit" label={t('results:indicator.unit')} state={state} defaultValue={ind?.unit} required />
          <Field name="type" as="select" label={t('results:indicator.type')} state={state} defaultValue={ind?.type ?? 'number'}>
            {indicatorTypes.map((x) => <option key={x} value={x}>{t(`results:types.${x}`)}</option>)}
          </Field>
          <Field name="direction" as="select" label={t('results:indicator.direction')} state={state} defaultValue={ind?.direction ?? 'increase'}>
            {directions.map((x) => <option key={x} value={x}>{t(`results:directions.${x}`)}</option>)}
          </Field>
          <Field name="cumulativeMode" as="select" label={t('results:indicator.cumulativeMode')} state={state} defaultValue={ind?.cumulativeMode ?? 'per_period'}>
            {cumulativeModes.map((x) => <option key={x} value={x}>{t(`results:modes.${x}`)}</option>)}
          </Field>
          <fieldset className="field">
            <legend>{t('results:indicator.disaggregations')}</legend>
            {disaggregationDimensions.map((d) => (
              <label key={d}><input type="checkbox" name="disaggregations" value={d} defaultChecked={ind?.disaggregations.includes(d)} /> {t(`results:dimensions.${d}`)}</label>
            ))}
          </fieldset>
          <Field name="dataSource" label={t('results:indicator.dataSource')} state={state} defaultValue={ind?.dataSource} />
          <Field name="verification" label={t('results:indicator.verification')} state={state} defaultValue={ind?.verification} />
          <Field name="collectionMethod" label={t('results:indicator.collectionMethod')} state={state} defaultValue={ind?.collectionMethod} />
          <Field name="frequency" as="select" label={t('results:indicator.frequency')} state={state} defaultValue={ind?.frequency ?? project.frequency}>
            {frequencies.map((x) => <option key={x} value={x}>{t(`results:frequency.${x}`)}</option>)}
          </Field>
          <Field name="responsible" label={t('results:indicator.responsible')} state={state} defaultValue={ind?.responsible} />
          <div className="field"><label><input type="checkbox" name="baselineNa" defaultChecked={v('baselineNa') === 'on' || ind?.baselineNa} /> {t('results:indicator.baselineNa')}</label></div>
          <Field name="baselineValue" label={t('results:indicator.baselineValue')} state={state} defaultValue={ind?.baselineValue} inputMode="decimal" />
          <Field name="baselineDate" label={t('results:indicator.baselineDate')} hint="DD.MM.YYYY" state={state} defaultValue={ind?.baselineDate ? formatDate(ind.baselineDate) : ''} />
          <Field name="lopTarget" label={t('results:indicator.lopTarget')} state={state} defaultValue={ind?.lopTarget} inputMode="decimal" />
          <Field name="minValue" label={t('results:indicator.min')} state={state} defaultValue={ind?.minValue} inputMode="decimal" />
          <Field name="maxValue" label={t('results:indicator.max')} state={state} defaultValue={ind?.maxValue} inputMode="decimal" />
          <Field name="programIndicatorId" label={t('results:indicator.programIndicator')} state={state} defaultValue={ind?.programIndicatorId} />
          <fieldset className="field">
            <legend>{t('results:indicator.targets')}</legend>
            <table>
              <thead><tr><th scope="col">{t('results:report.period')}</th><th scope="col">{t('results:indicator.asRevised')}</th>{first ? <th scope="col">{t('results:indicator.asApproved')}</th> : null}</tr></thead>
              <tbody>
                {periods.map((p) => (
                  <tr key={p}>
                    <th scope="row"><label htmlFor={`target-${p}`}>{formatPeriod(p, lang)}</label></th>
                    <td><input id={`target-${p}`} name={`target:${p}`} inputMode="decimal" size={8} defaultValue={v(`target:${p}`) ?? (ind?.targets[p] ?? '')} /></td>
                    {first ? <td className="num"><Num value={first.targets[p]} /></td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </fieldset>
          {project.signed_at ? <Field name="reason" as="textarea" label={t('results:indicator.reason')} hint={t('results:indicator.reasonHint')} state={state} required /> : null}
          {canUpdate ? <button type="submit" className="primary">{t('actions.save')}</button> : null}
        </fieldset>
      </Form>
      {revisions.length ? (
        <section>
          <h2>{t('results:indicator.revisions')}</h2>
          <table>
            <thead><tr><th scope="col">{t('results:indicator.revision')}</th><th scope="col">{t('results:indicator.lopTarget')}</th><th scope="col">{t('results:indicator.reason')}</th><th scope="col" /></tr></thead>
            <tbody>
              {revisions.map((r) => (
                <tr key={r.revision}>
                  <td>{r.revision === 0 ? t('results:indicator.asApproved') : `${t('results:indicator.revision')} ${r.revision}`}</td>
                  <td className="num"><Num value={r.snapshot.lopTarget} /></td>
                  <td>{r.reason ?? '—'}</td>
                  <td>{r.full_name ?? ''} {formatDateTime(r.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </section>
  );
}
