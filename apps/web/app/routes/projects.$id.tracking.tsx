import { Fragment } from 'react';
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { formatPeriod, localName } from '@kamkor/domain';
import { Num, Percent } from '../components/results.tsx';
import { getDb, projectTracking } from '../db.server.ts';
import { useLang, useT } from '../i18n.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { projectFor } from '../utils/results.server.ts';
import { requireUser } from '../utils/session.server.ts';
import { TableWrap } from '../components/table-wrap.tsx';
import { ExportLinks } from '../components/export-links.tsx';

export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const project = await projectFor(user, params.id);
  const url = new URL(request.url);
  const basis = url.searchParams.get('basis') === 'reported' ? 'reported' : 'approved';
  const targets = url.searchParams.get('targets') === 'approved' ? 'approved' : 'revised';
  const tracking = await projectTracking(await getDb(), project.id, { basis, targets });
  // Only what the table shows goes to the page (and into its hydration data): a 20 × 12 table used to
  // carry every indicator's passport and every cell's cumulative figures (bench P3).
  const rows = tracking.rows.map(({ indicator: i, cells, lop }) => {
    const last = cells[cells.length - 1];
    return {
      indicator: { id: i.id, code: i.code, type: i.type, name_ky: i.name_ky, name_ru: i.name_ru, name_en: i.name_en },
      cells: cells.map((c) => ({ periodKey: c.periodKey, target: c.target, actual: c.actual, actualValue: c.actualValue, percent: c.percent, status: c.status })),
      lop: { ...lop, cumulativeActual: last?.cumulativeActual ?? null, cumulativeActualValue: last?.cumulativeActualValue ?? null },
    };
  });
  return {
    project: { id: project.id, code: project.code, name_ky: project.name_ky, name_ru: project.name_ru, name_en: project.name_en },
    tracking: { periods: tracking.periods, thresholds: tracking.thresholds, rows },
  };
});

/** The export's query string: the project and the page's own basis and targets. */
function trackingExportParams(projectId: string, params: URLSearchParams) {
  const qs = new URLSearchParams({ project: projectId });
  for (const k of ['basis', 'targets']) {
    const v = params.get(k);
    if (v) qs.set(k, v);
  }
  return qs.toString();
}

export default function Tracking() {
  const t = useT();
  const lang = useLang();
  const { project, tracking } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const pct = (type: string, m: { numerator?: number | null; denominator?: number | null } | null, v: number | null) =>
    type === 'percentage' && m ? (
      <>
        <Num value={v} digits={1} /> % <span className="muted">(<Num value={m.numerator} />/<Num value={m.denominator} />)</span>
      </>
    ) : (
      <Num value={v} />
    );
  return (
    <section>
      <p><Link to={`/projects/${project.id}`}>← {project.code} — {localName(project, lang)}</Link></p>
      <h1>{t('results:tracking.title')}</h1>
      <Form method="get" className="filters no-print">
        <label htmlFor="basis">{t('results:tracking.basis')}</label>
        <select id="basis" name="basis" defaultValue={params.get('basis') ?? 'approved'}>
          <option value="approved">{t('results:tracking.basisApproved')}</option>
          <option value="reported">{t('results:tracking.basisReported')}</option>
        </select>
        <label htmlFor="targets">{t('results:tracking.targets')}</label>
        <select id="targets" name="targets" defaultValue={params.get('targets') ?? 'revised'}>
          <option value="revised">{t('results:indicator.asRevised')}</option>
          <option value="approved">{t('results:indicator.asApproved')}</option>
        </select>
        <button type="submit">{t('filters.apply')}</button>
      </Form>
      <p className="hint">{t('results:tracking.thresholds', { onTrack: tracking.thresholds.onTrack, atRisk: tracking.thresholds.atRisk })}</p>
      {tracking.rows.length ? <ExportLinks source="tracking" params={trackingExportParams(project.id, params)} /> : null}
      <TableWrap label={t('results:tracking.title')}>
        <table className="results-tracking">
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>{t('results:indicator.code')}</th>
              {tracking.periods.map((p) => <th key={p.period_key} scope="colgroup" colSpan={3}>{formatPeriod(p.period_key, lang)}</th>)}
              <th scope="colgroup" colSpan={3}>{t('results:tracking.lop')}</th>
            </tr>
            <tr>
              {tracking.periods.map((p) => (
                <Fragment key={p.period_key}>
                  <th key={`${p.period_key}-t`} scope="col" className="num">{t('results:tracking.targets')}</th>
                  <th key={`${p.period_key}-a`} scope="col" className="num">{t('results:tracking.actual')}</th>
                  <th key={`${p.period_key}-p`} scope="col" className="num">%</th>
                </Fragment>
              ))}
              <th scope="col" className="num">{t('results:tracking.targets')}</th>
              <th scope="col" className="num">{t('results:tracking.cumulative')}</th>
              <th scope="col" className="num">%</th>
            </tr>
          </thead>
          <tbody>
            {tracking.rows.map((row) => {
              return (
                <tr key={row.indicator.id} data-indicator={row.indicator.code}>
                  <th scope="row" title={localName(row.indicator, lang)}>{row.indicator.code}<br /><span className="muted">{localName(row.indicator, lang)}</span></th>
                  {row.cells.map((c) => (
                    <Fragment key={c.periodKey}>
                      <td key={`${c.periodKey}-t`} className="num"><Num value={c.target} /></td>
                      <td key={`${c.periodKey}-a`} className="num" data-period={c.periodKey}>{pct(row.indicator.type, c.actual, c.actualValue)}</td>
                      <td key={`${c.periodKey}-p`} className="num" data-period-percent={c.periodKey}><Percent value={c.percent} status={c.status} /></td>
                    </Fragment>
                  ))}
                  <td className="num"><Num value={row.lop.target} /></td>
                  <td className="num">{pct(row.indicator.type, row.lop.cumulativeActual, row.lop.cumulativeActualValue)}</td>
                  <td className="num" data-lop-percent="true"><Percent value={row.lop.percent} status={row.lop.status as 'on_track'} /></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
