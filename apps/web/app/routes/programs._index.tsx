import { Form, Link, useLoaderData } from '@remix-run/react';
import { can, formatMoney, localName, programStatuses } from '@kamkor/domain';
import { listProgramsForActor, programResource } from '../db.server.ts';
import { Pager } from '../components/pager.tsx';
import { StatusBadge } from '../components/program.tsx';
import { getDb } from '../db.server.ts';
import { useLang, useT } from '../i18n.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser, resolveLanguage } from '../utils/session.server.ts';
import { TableWrap } from '../components/table-wrap.tsx';
import { ExportLinks } from '../components/export-links.tsx';

export const loader = wrapLoader(async ({ request }) => {
  const user = await requireUser(request);
  const lang = resolveLanguage(request, user);
  const db = await getDb();
  const url = new URL(request.url);
  // Visibility, filters and paging are all in the query (listProgramsForActor asks the same policy as can()).
  const status = programStatuses.find((s) => s === url.searchParams.get('status')) ?? '';
  const list = await listProgramsForActor(db, user, { page: Number(url.searchParams.get('page')) || 1, status: status || undefined });
  const canCreate = user.memberships.some((m) => can(user, 'create', { type: 'program', id: 'new', customerId: m.organisationId, status: 'draft' }));
  return {
    canCreate,
    status,
    page: { page: list.page, pageSize: list.pageSize, total: list.total },
    programs: list.items.map((p) => ({
      id: p.id,
      title: p.title,
      status: p.status,
      versionNo: p.version_no,
      years: p.year_from === p.year_to ? String(p.year_from) : `${p.year_from}–${p.year_to}`,
      customer: localName({ name_ky: p.customer_name_ky, name_ru: p.customer_name_ru, name_en: p.customer_name_en }, lang),
      fundingSource: p.funding_source,
      ceilingTyiyn: p.ceiling_tyiyn,
      linesTyiyn: p.lines_tyiyn,
      lineCount: p.line_count,
      editable: can(user, 'update', programResource(p)),
    })),
  };
});

export default function Programs() {
  const t = useT();
  const lang = useLang();
  const { programs, canCreate, page, status } = useLoaderData<typeof loader>();
  return (
    <section>
      <div className="page-head">
        <h1>{t('program:list.title')}</h1>
        {canCreate ? (
          <Link to="/programs/new" className="button primary">
            {t('program:list.new')}
          </Link>
        ) : null}
      </div>
      <Form method="get" className="filters">
        <label htmlFor="filter-status">{t('program:fields.status')}</label>{' '}
        <select id="filter-status" name="status" defaultValue={status}>
          <option value="">{t('filters.all')}</option>
          {programStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`program:status.${s}`)}
            </option>
          ))}
        </select>{' '}
        <button type="submit">{t('filters.apply')}</button>
      </Form>
      <ExportLinks source="programs" />
      {programs.length === 0 ? (
        <p className="empty-state">{t('program:list.empty')}</p>
      ) : (
        <TableWrap label={t('program:list.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('program:fields.title')}</th>
                <th scope="col">{t('program:fields.customer')}</th>
                <th scope="col">{t('program:fields.period')}</th>
                <th scope="col">{t('program:fields.fundingSource')}</th>
                <th scope="col" className="num">{t('program:fields.lines')}</th>
                <th scope="col" className="num">{t('program:fields.linesTotal')}</th>
                <th scope="col" className="num">{t('program:fields.ceiling')}</th>
                <th scope="col">{t('program:fields.status')}</th>
              </tr>
            </thead>
            <tbody>
              {programs.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/programs/${p.id}`}>{p.title}</Link>
                  </td>
                  <td>{p.customer}</td>
                  <td>{p.years}</td>
                  <td>{t(`program:fundingSources.${p.fundingSource}`)}</td>
                  <td className="num">{p.lineCount}</td>
                  <td className="num">{formatMoney(p.linesTyiyn, lang)}</td>
                  <td className="num">{formatMoney(p.ceilingTyiyn, lang)}</td>
                  <td>
                    <StatusBadge status={p.status} /> <span className="hint">{t('program:version', { no: p.versionNo })}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <Pager {...page} />
      <p>
        <Link to="/public/programs">{t('program:list.publicLink')}</Link>
      </p>
    </section>
  );
}
