import { Link, useLoaderData } from '@remix-run/react';
import { bishkekToday, can, dashboardPanels, drillDown, explorerQueryString, formatMeasure, formatMoney, formatNumber, formatPercent, percentRounded, pivot, statusLabelKey, type Language } from '@kamkor/domain';
import { exploreIndicatorValuesMany, getDb, loadMonitoringBoard, loadMunicipalDashboard } from '../db.server.ts';
import { useLang, useT } from '../i18n.ts';
import { TableWrap } from '../components/table-wrap.tsx';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { assertCan, requireUser, resolveLanguage } from '../utils/session.server.ts';

/** The overdue list of the monitoring board holds at most this many; more shows as "100+". */
const OVERDUE_CAP = 100;

/**
 * The role's dashboard: a few explorer views of its own scope (dashboardPanels: budgets, competitions,
 * reports on time, achievement…), one grouped query each; every number links to the explorer with the
 * rows behind it. Those who see the monitoring board also get the count of overdue recommendations,
 * linked to the list it counts. A municipal officer also gets their municipalities' needs assessments
 * by stage and their service plans' progress (activities by status, own co-financing share), each
 * number linked to the list behind it.
 */
export const loader = wrapLoader(async ({ request }) => {
  const user = await requireUser(request);
  assertCan(can(user, 'view', { type: 'analytics_explorer' }));
  const db = await getDb();
  const lang = resolveLanguage(request, user);
  const today = bishkekToday();
  const panelsOf = dashboardPanels(user);
  const [panels, overdue, municipal] = await Promise.all([
    // Every panel's view from the result cache in one read.
    exploreIndicatorValuesMany(db, user, panelsOf.map((p) => p.state), lang).then((results) => panelsOf.map((p, i) => ({ ...p, groups: results[i]!.groups }))),
    can(user, 'view', { type: 'monitoring_board' })
      ? loadMonitoringBoard(db, user, { year: Number(today.slice(0, 4)), today, page: 1 }).then((b) => b.overdue.length)
      : Promise.resolve(null),
    loadMunicipalDashboard(db, user),
  ]);
  return { panels, overdue, municipal };
});

export default function Dashboard() {
  const t = useT();
  const lang = useLang() as Language;
  const { panels, overdue, municipal } = useLoaderData<typeof loader>();
  const none = t('analytics:table.none');
  return (
    <section>
      <div className="page-head">
        <h1>{t('analytics:dashboard.title')}</h1>
        <div><Link className="button" to="/analytics/explorer">{t('analytics:title')}</Link></div>
      </div>
      <p className="hint">{t('analytics:dashboard.intro')}</p>
      <div className="dashboard-panels" style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))', gap: '1rem' }}>
        {municipal ? <MunicipalPanels figures={municipal} /> : null}
        {panels.map((p) => {
          const table = pivot(p.groups);
          const m = p.state.measure;
          const named = (dim: string | undefined, key: string, label: string) => (dim === 'status' && key ? t(statusLabelKey(p.state.dataset, key)) : label || none);
          const cell = (row: string | null, col: string | null) => {
            const value = table.cell(row, col);
            const text = formatMeasure(value?.[m], m, lang);
            const behind = value ? drillDown(p.state, row, col) : null;
            return behind ? <Link to={`/analytics/explorer?${explorerQueryString(behind)}`}>{text}</Link> : text;
          };
          const cols = p.state.cols ? table.cols : [];
          const colKeys: (string | null)[] = [...cols.map((c) => c.key), null];
          const title = t(p.title);
          return (
            <section key={p.id} className="card" data-panel={p.id}>
              <h2><Link to={`/analytics/explorer?${explorerQueryString(p.state)}`}>{title}</Link></h2>
              {table.rows.length === 0 ? (
                <p className="empty-state">{t('analytics:table.empty')}</p>
              ) : (
                <TableWrap label={title}>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t(`analytics:dims.${p.state.rows}`)}</th>
                        {cols.map((c) => <th scope="col" className="num" key={c.key}>{named(p.state.cols, c.key, c.label)}</th>)}
                        <th scope="col" className="num">{cols.length ? t('analytics:table.total') : t(`analytics:measures.${m}`)}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {table.rows.slice(0, 12).map((r) => (
                        <tr key={r.key}>
                          <th scope="row">{named(p.state.rows, r.key, r.label)}</th>
                          {colKeys.map((c) => <td className="num" key={c ?? '_total'}>{cell(r.key, c)}</td>)}
                        </tr>
                      ))}
                    </tbody>
                    <tfoot>
                      <tr>
                        <th scope="row">{t('analytics:table.total')}</th>
                        {colKeys.map((c) => <td className="num" key={c ?? '_total'}>{cell(null, c)}</td>)}
                      </tr>
                    </tfoot>
                  </table>
                </TableWrap>
              )}
            </section>
          );
        })}
        {overdue === null ? null : (
          <section className="card" data-panel="overdue-recommendations">
            <h2>{t('analytics:dashboard.overdueRecommendations')}</h2>
            <p className="big-number">
              <Link to="/monitoring" title={t('analytics:dashboard.openList')}>
                {overdue >= OVERDUE_CAP ? `${formatNumber(OVERDUE_CAP, lang, 0)}+` : formatNumber(overdue, lang, 0)}
              </Link>
            </p>
          </section>
        )}
      </div>
    </section>
  );
}

type MunicipalFigures = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>['municipal']>;

/** The municipal officer's panels: assessments by stage and service-plan progress, every number a link to its list. */
function MunicipalPanels({ figures }: { figures: MunicipalFigures }) {
  const t = useT();
  const lang = useLang() as Language;
  const count = (n: number) => formatNumber(n, lang, 0);
  const assessments = t('analytics:dashboard.municipal.assessments');
  const activities = t('analytics:dashboard.municipal.activities');
  const assessmentTotal = figures.assessmentsByStage.reduce((sum, s) => sum + s.count, 0);
  const activityTotal = figures.activitiesByStatus.reduce((sum, s) => sum + s.count, 0);
  const share = percentRounded(figures.funding.own, figures.funding.total, 1);
  return (
    <>
      <section className="card" data-panel="municipal-assessments">
        <h2><Link to="/assessments?mine=1">{assessments}</Link></h2>
        <TableWrap label={assessments}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('assessment:stage.label')}</th>
                <th scope="col" className="num">{t('analytics:dashboard.municipal.count')}</th>
              </tr>
            </thead>
            <tbody>
              {figures.assessmentsByStage.map((s) => (
                <tr key={s.stage}>
                  <th scope="row">{t(`assessment:stage.${s.stage}`)}</th>
                  <td className="num"><Link to={`/assessments?mine=1&stage=${s.stage}`}>{count(s.count)}</Link></td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('analytics:table.total')}</th>
                <td className="num"><Link to="/assessments?mine=1">{count(assessmentTotal)}</Link></td>
              </tr>
            </tfoot>
          </table>
        </TableWrap>
      </section>
      <section className="card" data-panel="municipal-plans">
        <h2><Link to="/service-plans">{t('analytics:dashboard.municipal.plans')}</Link></h2>
        <dl>
          <dt>{t('analytics:dashboard.municipal.planCount')}</dt>
          <dd><Link to="/service-plans">{count(figures.plans)}</Link></dd>
          <dt>{t('assessment:plan.coFinancing')}</dt>
          <dd>
            <Link to="/service-plans">{share == null ? t('analytics:table.none') : formatPercent(share, lang, 1)}</Link>
            {' '}({formatMoney(figures.funding.own, lang)} / {formatMoney(figures.funding.total, lang)})
          </dd>
        </dl>
        <TableWrap label={activities}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('assessment:plan.status')}</th>
                <th scope="col" className="num">{activities}</th>
              </tr>
            </thead>
            <tbody>
              {figures.activitiesByStatus.map((s) => (
                <tr key={s.status}>
                  <th scope="row">{t(`assessment:plan.statuses.${s.status}`)}</th>
                  <td className="num"><Link to="/service-plans">{count(s.count)}</Link></td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('analytics:table.total')}</th>
                <td className="num"><Link to="/service-plans">{count(activityTotal)}</Link></td>
              </tr>
            </tfoot>
          </table>
        </TableWrap>
      </section>
    </>
  );
}
