import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import {
  can,
  datasetDimensions,
  datasetFilters,
  datasetMeasures,
  datasetStatuses,
  drillDown,
  explorerDatasets,
  explorerFilterKeys,
  explorerQueryString,
  formatMeasure,
  parseExplorerState,
  statusLabelKey,
  territoryModes,
  pivot,
  savedViewSchema,
  type ExplorerMeasure,
  type ExplorerMeasures,
  type Language,
} from '@kamkor/domain';
import { deleteExplorerView, exploreIndicatorValues, findExplorerProject, getDb, listExplorerOptions, listSavedViewsForActor, saveExplorerView } from '../db.server.ts';
import { ExplorerChart } from '../components/analytics.tsx';
import { CsrfInput, ErrorSummary, Field } from '../components/forms.tsx';
import { useLang, useT } from '../i18n.ts';
import { invalid, parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { assertCan, requireUser, resolveLanguage } from '../utils/session.server.ts';
import { TableWrap } from '../components/table-wrap.tsx';
import { ExportLinks } from '../components/export-links.tsx';

/**
 * The dataset explorer (issue 10): a GET form whose whole state is the URL, one grouped query per view
 * (exploreIndicatorValues, scoped by the policy's explorerScope), a chart and the table beside it,
 * saved views, and downloads of the same view.
 */
export const loader = wrapLoader(async ({ request }) => {
  const user = await requireUser(request);
  assertCan(can(user, 'view', { type: 'analytics_explorer' }));
  const db = await getDb();
  const lang = resolveLanguage(request, user);
  const params = new URL(request.url).searchParams;
  // A project typed by its code (when the actor sees too many to list): the view of its id, or the
  // code kept in the field with a message when there is no such project in their scope.
  const typedCode = params.get('projectCode')?.trim().slice(0, 100) ?? '';
  params.delete('projectCode');
  if (typedCode) {
    const found = await findExplorerProject(db, user, { code: typedCode });
    if (found) {
      params.set('project', found.id);
      return redirect(`/analytics/explorer?${explorerQueryString(parseExplorerState(params))}`);
    }
  }
  const state = parseExplorerState(params);
  const [result, options, saved] = await Promise.all([
    exploreIndicatorValues(db, user, state, lang),
    listExplorerOptions(db, user, lang),
    listSavedViewsForActor(db, user),
  ]);
  // The code field shows the chosen project's code (a list shows its own choice).
  const chosen = options.projectSearch && state.project && !typedCode ? await findExplorerProject(db, user, { id: state.project }) : null;
  const projectCode = { value: typedCode || chosen?.code || '', notFound: Boolean(typedCode) };
  return { state, query: explorerQueryString(state), groups: result.groups, truncated: result.truncated, options, saved, projectCode };
});

const deleteSchema = z.object({ id: z.string().uuid() });

export const action = wrapAction(async ({ request }) => {
  const user = await requireUser(request);
  assertCan(can(user, 'create', { type: 'analytics_explorer' }));
  const form = await request.formData();
  const db = await getDb();
  if (form.get('intent') === 'delete') {
    const parsed = await parseForm(request, deleteSchema, form);
    if (!parsed.ok) return invalid(parsed);
    await deleteExplorerView(db, user, parsed.data.id);
    return redirect(`/analytics/explorer?${String(form.get('query') ?? '').slice(0, 2000)}`);
  }
  const parsed = await parseForm(request, savedViewSchema, form);
  if (!parsed.ok) return invalid(parsed);
  // Store the state as the explorer reads it, not whatever the form carried.
  const query = explorerQueryString(parseExplorerState(new URLSearchParams(parsed.data.query)));
  await saveExplorerView(db, user, { name: parsed.data.name, query });
  return redirect(`/analytics/explorer?${query}`);
});

export default function Explorer() {
  const t = useT();
  const lang = useLang() as Language;
  const { state, query, groups, truncated, options, saved, projectCode } = useLoaderData<typeof loader>();
  const actionState = useActionData<typeof action>();
  const table = pivot(groups);
  const none = t('analytics:table.none');
  const text = (m: ExplorerMeasures | undefined, measure: ExplorerMeasure) => formatMeasure(m?.[measure], measure, lang);
  // Status codes are named in the user's language; other keys come labelled from the query.
  const named = (dim: string | undefined, key: string, label: string) => (dim === 'status' && key ? t(statusLabelKey(state.dataset, key)) : label || none);
  // Every number opens the rows behind it: the same view filtered to its row and column, by project.
  const show = (m: ExplorerMeasures | undefined, measure: ExplorerMeasure, row: string | null, col: string | null) => {
    const behind = m ? drillDown(state, row, col) : null;
    return behind ? <Link to={`/analytics/explorer?${explorerQueryString(behind)}`}>{text(m, measure)}</Link> : text(m, measure);
  };
  // Without columns, the table shows every measure; with columns, the chosen measure in each.
  const colHeads = state.cols ? table.cols.map((c) => ({ key: c.key, label: named(state.cols, c.key, c.label) })) : [];
  const measuresShown: ExplorerMeasure[] = state.cols ? [state.measure] : [...datasetMeasures[state.dataset]];
  const series = state.cols ? colHeads : [{ key: state.measure, label: t(`analytics:measures.${state.measure}`) }];
  const chartData = table.rows.map((r) => {
    const point: Record<string, string | number | null> = { label: named(state.rows, r.key, r.label) };
    if (state.cols) for (const c of table.cols) point[c.key] = table.cell(r.key, c.key)?.[state.measure] ?? null;
    else point[state.measure] = table.cell(r.key, null)?.[state.measure] ?? null;
    return point;
  });
  const caption = state.cols
    ? t('analytics:table.captionCols', { measure: t(`analytics:measures.${state.measure}`), rows: t(`analytics:dims.${state.rows}`), cols: t(`analytics:dims.${state.cols}`) })
    : t('analytics:table.caption', { measure: t(`analytics:measures.${state.measure}`), rows: t(`analytics:dims.${state.rows}`) });
  const select = (name: string, label: string, value: string | undefined, opts: { value: string; label: string }[], empty?: string) => (
    <div className="field" key={name}>
      <label htmlFor={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name} defaultValue={value ?? ''}>
        {empty !== undefined ? <option value="">{empty}</option> : null}
        {opts.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </div>
  );
  const dimOptions = datasetDimensions[state.dataset].map((d) => ({ value: d, label: t(`analytics:dims.${d}`) }));
  const filterOptions = (k: (typeof explorerFilterKeys)[number]) =>
    k === 'status'
      ? (datasetStatuses[state.dataset] ?? []).map((c) => ({ value: c, label: t(statusLabelKey(state.dataset, c)) }))
      : k === 'category'
        ? options.category.map((o) => ({ value: o.value, label: `${t(`analytics:dims.${o.group}`)}: ${o.label}` }))
        : options[k];
  return (
    <section className="explorer">
      <h1>{t('analytics:title')}</h1>
      <p className="hint">{t('analytics:intro')}</p>
      {/* Keyed by the state: a client-side navigation to another view remounts the selects with its values. */}
      <Form method="get" className="explorer-form" key={query}>
        <fieldset>
          <legend>{t('analytics:layout.legend')}</legend>
          {select('dataset', t('analytics:datasets.legend'), state.dataset, explorerDatasets.map((d) => ({ value: d, label: t(`analytics:datasets.${d}`) })))}
          {select('territoryMode', t('analytics:territoryMode.label'), state.territoryMode, territoryModes.map((m) => ({ value: m, label: t(`analytics:territoryMode.${m}`) })))}
          {select('rows', t('analytics:layout.rows'), state.rows, dimOptions)}
          {select('cols', t('analytics:layout.cols'), state.cols, dimOptions, t('analytics:layout.noCols'))}
          {select('measure', t('analytics:layout.measure'), state.measure, datasetMeasures[state.dataset].map((m) => ({ value: m, label: t(`analytics:measures.${m}`) })))}
          {select('basis', t('analytics:layout.basis'), state.basis, (['approved', 'reported'] as const).map((b) => ({ value: b, label: t(`analytics:basis.${b}`) })))}
          {select('chart', t('analytics:layout.chart'), state.chart, (['bar', 'line'] as const).map((c) => ({ value: c, label: t(`analytics:charts.${c}`) })))}
        </fieldset>
        <fieldset>
          <legend>{t('analytics:filters.legend')}</legend>
          {explorerFilterKeys
            .filter((k) => datasetFilters[state.dataset].includes(k))
            .map((k) =>
              k === 'project' && options.projectSearch ? (
                <div className="field" key={k}>
                  <label htmlFor="f-project">{t('analytics:filters.project')}</label>
                  <input
                    id="f-project"
                    name="projectCode"
                    type="search"
                    defaultValue={projectCode.value}
                    placeholder={t('analytics:filters.projectCodeExample')}
                    aria-describedby="f-project-hint"
                    aria-invalid={projectCode.notFound || undefined}
                    maxLength={100}
                    autoComplete="off"
                  />
                  <p id="f-project-hint" className={projectCode.notFound ? 'error-message' : 'hint'}>
                    {projectCode.notFound ? t('analytics:filters.projectNotFound', { code: projectCode.value }) : t('analytics:filters.projectCodeHint')}
                  </p>
                </div>
              ) : (
                select(k, t(`analytics:filters.${k}`), state[k] == null ? undefined : String(state[k]), filterOptions(k), t('analytics:filters.any'))
              ),
            )}
        </fieldset>
        <p>
          <button type="submit" className="primary">{t('analytics:layout.apply')}</button>{' '}
          <Link to={`/analytics/explorer?${explorerQueryString({ dataset: state.dataset, territoryMode: state.territoryMode, rows: state.rows, cols: state.cols, measure: state.measure, basis: state.basis, chart: state.chart })}`}>{t('analytics:layout.reset')}</Link>
        </p>
      </Form>
      <p className="explorer-downloads">
        <a className="button" href={`/analytics/explorer/export?format=xlsx&${query}`} download>{t('analytics:export.xlsx')}</a>{' '}
        <a className="button" href={`/analytics/explorer/export?format=csv&${query}`} download>{t('analytics:export.csv')}</a>
      </p>
      <ExportLinks source="explorer" directLinks={false} params={query} />
      {truncated ? <p className="warning" role="status">{t('analytics:table.truncated', { max: groups.length })}</p> : null}
      {table.rows.length === 0 ? (
        <p className="empty-state">{t('analytics:table.empty')}</p>
      ) : (
        <div className="explorer-result" style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(420px, 1fr))', gap: '1rem' }}>
          <ExplorerChart kind={state.chart} data={chartData} series={series} lang={lang} title={caption} />
          <TableWrap label={caption}>
            <table data-testid="explorer-table">
              <caption>{caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t(`analytics:dims.${state.rows}`)}</th>
                  {state.cols
                    ? colHeads.map((c) => <th scope="col" className="num" key={c.key}>{c.label}</th>)
                    : measuresShown.map((m) => <th scope="col" className="num" key={m}>{t(`analytics:measures.${m}`)}</th>)}
                  {state.cols ? <th scope="col" className="num">{t('analytics:table.total')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((r) => (
                  <tr key={r.key}>
                    <th scope="row">{named(state.rows, r.key, r.label)}</th>
                    {state.cols
                      ? [...colHeads.map((c) => <td className="num" key={c.key}>{show(table.cell(r.key, c.key), state.measure, r.key, c.key)}</td>), <td className="num" key="_total">{show(table.cell(r.key, null), state.measure, r.key, null)}</td>]
                      : measuresShown.map((m) => <td className="num" key={m}>{show(table.cell(r.key, null), m, r.key, null)}</td>)}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('analytics:table.total')}</th>
                  {state.cols
                    ? [...colHeads.map((c) => <td className="num" key={c.key}>{show(table.cell(null, c.key), state.measure, null, c.key)}</td>), <td className="num" key="_total" data-testid="grand-total">{show(table.cell(null, null), state.measure, null, null)}</td>]
                    : measuresShown.map((m) => <td className="num" key={m} data-testid={`grand-total-${m}`}>{show(table.cell(null, null), m, null, null)}</td>)}
                </tr>
              </tfoot>
            </table>
          </TableWrap>
        </div>
      )}
      <section className="card">
        <h2>{t('analytics:saved.title')}</h2>
        {saved.length === 0 ? <p className="empty-state">{t('analytics:saved.empty')}</p> : (
          <ul className="saved-views">
            {saved.map((v) => (
              <li key={v.id}>
                <Link to={`/analytics/explorer?${v.query}`}>{v.name}</Link>{' '}
                <Form method="post" style={{ display: 'inline' }}>
                  <CsrfInput />
                  <input type="hidden" name="intent" value="delete" />
                  <input type="hidden" name="id" value={v.id} />
                  <input type="hidden" name="query" value={query} />
                  <button type="submit" className="link">{t('analytics:saved.delete')}</button>
                </Form>
              </li>
            ))}
          </ul>
        )}
        <Form method="post">
          <CsrfInput />
          <ErrorSummary state={actionState ?? null} />
          <input type="hidden" name="intent" value="save" />
          <input type="hidden" name="query" value={query} />
          <Field name="name" label={t('analytics:saved.name')} state={actionState ?? null} defaultValue={actionState?.values?.name} required />
          <button type="submit">{t('analytics:saved.save')}</button>
        </Form>
      </section>
    </section>
  );
}
