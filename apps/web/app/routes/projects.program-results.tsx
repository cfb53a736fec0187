import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { AppError, can, localName } from '@kamkor/domain';
import { getDb, listProgramResultsForActor } from '../db.server.ts';
import { Num, Percent } from '../components/results.tsx';
import { useLang, useT } from '../i18n.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser } from '../utils/session.server.ts';
import { ExportLinks } from '../components/export-links.tsx';

/**
 * Program indicators over the project indicators linked to them: each project's cumulative value in its
 * own mode, then the program total (counts added, percentages pooled Σ numerators ÷ Σ denominators).
 */
export const loader = wrapLoader(async ({ request }) => {
  const user = await requireUser(request);
  if (!can(user, 'view', { type: 'program_results' })) throw new AppError('NOT_FOUND', 'errors.notFound');
  const db = await getDb();
  const basis = new URL(request.url).searchParams.get('basis') === 'reported' ? 'reported' : 'approved';
  // One batch: only the projects this user may see count towards what they are shown (no query per row).
  const rows = (await listProgramResultsForActor(db, user, { basis })).map(({ pi, agg, projects }) => ({
    pi,
    agg: { actualValue: agg.actualValue, target: agg.target, percent: agg.percent, status: agg.status, actual: agg.actual },
    projects: projects.map((p) => ({ code: p.code, projectId: p.indicator.projectId, type: p.indicator.type, cumulative: p.cumulative, target: p.target })),
  }));
  return { rows };
});

export default function ProgramResults() {
  const t = useT();
  const lang = useLang();
  const { rows } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const show = (type: string, m: { value: number | null; numerator?: number | null; denominator?: number | null } | null) =>
    !m ? '—' : type === 'percentage' || m.value == null ? <><Num value={m.denominator ? (100 * (m.numerator ?? 0)) / m.denominator : null} digits={1} /> % <span className="muted">(<Num value={m.numerator} />/<Num value={m.denominator} />)</span></> : <Num value={m.value} />;
  return (
    <section>
      <p><Link to="/projects">← {t('results:projects.title')}</Link></p>
      <h1>{t('results:tracking.programTitle')}</h1>
      <Form method="get" className="filters">
        <label htmlFor="basis">{t('results:tracking.basis')}</label>
        <select id="basis" name="basis" defaultValue={params.get('basis') ?? 'approved'}>
          <option value="approved">{t('results:tracking.basisApproved')}</option>
          <option value="reported">{t('results:tracking.basisReported')}</option>
        </select>
        <button type="submit">{t('filters.apply')}</button>
      </Form>
      {rows.length === 0 ? <p className="empty-state">{t('results:projects.empty')}</p> : <ExportLinks source="programResults" />}
      {rows.map(({ pi, agg, projects }) => (
        <section key={pi.id} className="card" data-program-indicator={pi.code}>
          <h2>{pi.code} {localName(pi, lang)} <span className="muted">({pi.title})</span></h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('results:projects.code')}</th>
                <th scope="col" className="num">{t('results:tracking.cumulative')}</th>
                <th scope="col" className="num">{t('results:tracking.lop')}</th>
              </tr>
            </thead>
            <tbody>
              {projects.map((p) => (
                <tr key={p.projectId}>
                  <td><Link to={`/projects/${p.projectId}/tracking`}>{p.code}</Link></td>
                  <td className="num">{show(p.type, p.cumulative)}</td>
                  <td className="num"><Num value={p.target} /></td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('results:report.total')}</th>
                <td className="num">{show(projects[0]?.type ?? 'number', agg.actual)}</td>
                <td className="num"><Num value={agg.target} /> <Percent value={agg.percent} status={agg.status} /></td>
              </tr>
            </tfoot>
          </table>
        </section>
      ))}
    </section>
  );
}
