import { Form, Link, useLoaderData } from '@remix-run/react';
import {
  datasetDimensions,
  datasetFilters,
  datasetMeasures,
  datasetStatuses,
  explorerQueryString,
  formatMeasure,
  parseExplorerState,
  pivot,
  publishedDatasets,
  publishedDimensions,
  statusLabelKey,
  territoryModes,
  type ExplorerFilterKey,
  type Language,
} from '@kamkor/domain';
import { explorePublished, getDb, listExplorerOptions } from '../db.server.ts';
import { ExplorerChart } from '../components/analytics.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { useLang, useT } from '../i18n.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { getCurrentUser, resolveLanguage } from '../utils/session.server.ts';

/** Filters the public page offers: aggregates only, never an NGO, project, line or competition. */
const publicFilters: ExplorerFilterKey[] = ['year', 'area', 'service', 'territory', 'indicator', 'period', 'category', 'status'];

/**
 * Published figures for everyone (issue 10): the explorer's published scope — budgets of approved
 * programs, competitions from their announcement on, results of approved reports pooled by program
 * indicator — pivoted by aggregate dimensions only. The state lives in the URL like the explorer's.
 */
export const loader = wrapLoader(async ({ request }) => {
  const lang = resolveLanguage(request, await getCurrentUser(request));
  const db = await getDb();
  const asked = new URL(request.url).searchParams;
  const initial = asked.has('dataset') ? asked : new URLSearchParams('dataset=budgets&rows=priority_area&measure=amount');
  const [result, options] = await Promise.all([explorePublished(db, parseExplorerState(initial), lang), listExplorerOptions(db, null, lang, { published: true })]);
  return { state: result.state, query: explorerQueryString(result.state), groups: result.groups, truncated: result.truncated, options };
});

export default function PublicAnalytics() {
  const t = useT();
  const lang = useLang() as Language;
  const { state, query, groups, truncated, options } = useLoaderData<typeof loader>();
  const table = pivot(groups);
  const none = t('analytics:table.none');
  const named = (dim: string | undefined, key: string, label: string) => (dim === 'status' && key ? t(statusLabelKey(state.dataset, key)) : label || none);
  const dims = datasetDimensions[state.dataset].filter((d) => (publishedDimensions as readonly string[]).includes(d));
  const measures = datasetMeasures[state.dataset].filter((m) => m !== 'projects');
  const shown = state.cols ? [state.measure] : measures;
  const colHeads = state.cols ? table.cols.map((c) => ({ key: c.key, label: named(state.cols, c.key, c.label) })) : [];
  const caption = state.cols
    ? t('analytics:table.captionCols', { measure: t(`analytics:measures.${state.measure}`), rows: t(`analytics:dims.${state.rows}`), cols: t(`analytics:dims.${state.cols}`) })
    : t('analytics:table.caption', { measure: t(`analytics:measures.${state.measure}`), rows: t(`analytics:dims.${state.rows}`) });
  const chartData = table.rows.map((r) => {
    const point: Record<string, string | number | null> = { label: named(state.rows, r.key, r.label) };
    if (state.cols) for (const c of table.cols) point[c.key] = table.cell(r.key, c.key)?.[state.measure] ?? null;
    else point[state.measure] = table.cell(r.key, null)?.[state.measure] ?? null;
    return point;
  });
  const series = state.cols ? colHeads : [{ key: state.measure, label: t(`analytics:measures.${state.measure}`) }];
  const select = (name: string, label: string, value: string | undefined, opts: { value: string; label: string }[], empty?: string) => (
    <div className="field" key={name}>
      <label htmlFor={`p-${name}`}>{label}</label>
      <select id={`p-${name}`} name={name} defaultValue={value ?? ''}>
        {empty !== undefined ? <option value="">{empty}</option> : null}
        {opts.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </div>
  );
  const filterOptions = (k: ExplorerFilterKey) =>
    k === 'status'
      ? (datasetStatuses[state.dataset] ?? []).filter((c) => c !== 'planned' && c !== 'draft' && c !== 'public_discussion' && c !== 'revision').map((c) => ({ value: c, label: t(statusLabelKey(state.dataset, c)) }))
      : k === 'category'
        ? options.category.map((o) => ({ value: o.value, label: `${t(`analytics:dims.${o.group}`)}: ${o.label}` }))
        : (options[k as Exclude<keyof typeof options, 'projectSearch'>] ?? []);
  return (
    <section className="explorer">
      <h1>{t('analytics:public.title')}</h1>
      <p className="lead">{t('analytics:public.intro')}</p>
      <p><Link to="/public/open-data">{t('analytics:public.openData')}</Link></p>
      <Form method="get" className="explorer-form" key={query}>
        <fieldset>
          <legend>{t('analytics:layout.legend')}</legend>
          {select('dataset', t('analytics:datasets.legend'), state.dataset, publishedDatasets.map((d) => ({ value: d, label: t(`analytics:datasets.${d}`) })))}
          {select('territoryMode', t('analytics:territoryMode.label'), state.territoryMode, territoryModes.map((m) => ({ value: m, label: t(`analytics:territoryMode.${m}`) })))}
          {select('rows', t('analytics:layout.rows'), state.rows, dims.map((d) => ({ value: d, label: t(`analytics:dims.${d}`) })))}
          {select('cols', t('analytics:layout.cols'), state.cols, dims.map((d) => ({ value: d, label: t(`analytics:dims.${d}`) })), t('analytics:layout.noCols'))}
          {select('measure', t('analytics:layout.measure'), state.measure, measures.map((m) => ({ value: m, label: t(`analytics:measures.${m}`) })))}
        </fieldset>
        <fieldset>
          <legend>{t('analytics:filters.legend')}</legend>
          {publicFilters
            .filter((k) => datasetFilters[state.dataset].includes(k))
            .map((k) => select(k, t(`analytics:filters.${k}`), state[k] == null ? undefined : String(state[k]), filterOptions(k), t('analytics:filters.any')))}
        </fieldset>
        <p><button type="submit" className="primary">{t('analytics:layout.apply')}</button></p>
      </Form>
      {truncated ? <p className="warning" role="status">{t('analytics:table.truncated', { max: groups.length })}</p> : null}
      {table.rows.length === 0 ? (
        <p className="empty-state">{t('analytics:table.empty')}</p>
      ) : (
        <div className="explorer-result" style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(420px, 1fr))', gap: '1rem' }}>
          <ExplorerChart kind={state.chart} data={chartData} series={series} lang={lang} title={caption} />
          <TableWrap label={caption}>
            <table data-testid="public-table">
              <caption>{caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t(`analytics:dims.${state.rows}`)}</th>
                  {state.cols
                    ? [...colHeads.map((c) => <th scope="col" className="num" key={c.key}>{c.label}</th>), <th scope="col" className="num" key="_total">{t('analytics:table.total')}</th>]
                    : shown.map((m) => <th scope="col" className="num" key={m}>{t(`analytics:measures.${m}`)}</th>)}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((r) => (
                  <tr key={r.key}>
                    <th scope="row">{named(state.rows, r.key, r.label)}</th>
                    {state.cols
                      ? [...colHeads.map((c) => <td className="num" key={c.key}>{formatMeasure(table.cell(r.key, c.key)?.[state.measure], state.measure, lang)}</td>), <td className="num" key="_total">{formatMeasure(table.cell(r.key, null)?.[state.measure], state.measure, lang)}</td>]
                      : shown.map((m) => <td className="num" key={m}>{formatMeasure(table.cell(r.key, null)?.[m], m, lang)}</td>)}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('analytics:table.total')}</th>
                  {state.cols
                    ? [...colHeads.map((c) => <td className="num" key={c.key}>{formatMeasure(table.cell(null, c.key)?.[state.measure], state.measure, lang)}</td>), <td className="num" key="_total">{formatMeasure(table.cell(null, null)?.[state.measure], state.measure, lang)}</td>]
                    : shown.map((m) => <td className="num" key={m} data-testid={`public-total-${m}`}>{formatMeasure(table.cell(null, null)?.[m], m, lang)}</td>)}
                </tr>
              </tfoot>
            </table>
          </TableWrap>
        </div>
      )}
    </section>
  );
}
