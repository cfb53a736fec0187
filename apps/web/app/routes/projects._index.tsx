import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react';
import { can, formatDate, formatMoney, localName } from '@kamkor/domain';
import { getDb, listProjectsForActor } from '../db.server.ts';
import { useLang, useT } from '../i18n.ts';
import { loader as wrap } from '../utils/http.server.ts';
import { canBulkImport } from '../utils/results.server.ts';
import { requireUser } from '../utils/session.server.ts';
import { TableWrap } from '../components/table-wrap.tsx';
import { ExportLinks } from '../components/export-links.tsx';

export const loader = wrap(async ({ request }) => {
  const user = await requireUser(request);
  const search = new URL(request.url).searchParams.get('q') ?? undefined;
  const projects = await listProjectsForActor(await getDb(), user, { search });
  const canRegister = user.memberships.map((m) => m.organisationId).some((org) => can(user, 'create', { type: 'project', id: 'new', contractorId: '', customerId: org, adminUnitSoates: [] }));
  return { projects, canRegister, canImport: canBulkImport(user) };
});

export default function Projects() {
  const t = useT();
  const lang = useLang();
  const { projects, canRegister, canImport } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <section>
      <div className="page-head">
        <h1>{t('results:projects.title')}</h1>
        <div>
          {canImport ? <Link className="button" to="/projects/program-results">{t('results:projects.programResults')}</Link> : null}{' '}
          {canImport ? <Link className="button" to="/projects/import">{t('results:nav.bulkImport')}</Link> : null}{' '}
          {canRegister ? <Link className="button primary" to="/projects/new">{t('results:projects.register')}</Link> : null}
        </div>
      </div>
      <Form method="get" className="filters">
        <label htmlFor="q">{t('results:projects.search')}</label>
        <input id="q" name="q" defaultValue={params.get('q') ?? ''} />
        <button type="submit">{t('filters.apply')}</button>
      </Form>
      <ExportLinks source="projects" />
      {projects.length === 0 ? (
        <p className="empty-state">{t('results:projects.empty')}</p>
      ) : (
        <TableWrap label={t('results:projects.title')}>
          <table className="results-projects">
            <thead>
              <tr>
                <th scope="col">{t('results:projects.code')}</th>
                <th scope="col">{t('results:projects.name')}</th>
                <th scope="col">{t('results:projects.contractor')}</th>
                <th scope="col">{t('results:projects.customer')}</th>
                <th scope="col">{t('results:projects.dates')}</th>
                <th scope="col" className="num">{t('results:projects.amount')}</th>
                <th scope="col" className="num">{t('results:projects.awaitingReview')}</th>
                <th scope="col" className="num">{t('results:projects.overdue')}</th>
              </tr>
            </thead>
            <tbody>
              {projects.map((p) => (
                <tr key={p.id}>
                  <td><Link to={`/projects/${p.id}`}>{p.code}</Link></td>
                  <td>{localName(p, lang)}</td>
                  <td>{localName({ name_ky: p.contractor_ky, name_ru: p.contractor_ru, name_en: p.contractor_en }, lang)}</td>
                  <td>{localName({ name_ky: p.customer_ky, name_ru: p.customer_ru, name_en: p.customer_en }, lang)}</td>
                  <td>{formatDate(p.start_date)}–{formatDate(p.end_date)}</td>
                  <td className="num">{formatMoney(p.amount_tyiyn, lang)}</td>
                  <td className="num">{p.awaiting_review ? <span className="badge warn">{p.awaiting_review}</span> : 0}</td>
                  <td className="num">{p.overdue ? <span className="badge bad">{p.overdue}</span> : 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
