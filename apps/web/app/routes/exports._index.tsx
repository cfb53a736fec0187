import { Link, redirect, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { formatDateTime, formatNumber } from '@kamkor/domain';
import { getDb, listExportJobs } from '../db.server.ts';
import { getJobs } from '../jobs.server.ts';
import { exportSources, queueExport } from '../services.server.ts';
import { useLang, useT } from '../i18n.ts';
import { parseForm } from '../utils/forms.server.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser, resolveLanguage } from '../utils/session.server.ts';
import { TableWrap } from '../components/table-wrap.tsx';

/** The user's exports, newest first; POST starts a background export and opens its page. */
export const loader = wrapLoader(async ({ request }) => {
  const user = await requireUser(request);
  const jobs = await listExportJobs(await getDb(), user);
  return {
    jobs: jobs.map((j) => ({
      id: j.id,
      source: j.source,
      format: j.format,
      status: j.status,
      rows: j.rows_done,
      createdAt: formatDateTime(j.created_at),
      hasFile: !!j.file_id,
    })),
  };
});

const startSchema = z.object({
  source: z.enum(Object.keys(exportSources) as [string, ...string[]]),
  format: z.enum(['xlsx', 'csv']),
  params: z.string().max(2_000).default(''),
});

export const action = wrapAction(async ({ request }) => {
  const user = await requireUser(request);
  const parsed = await parseForm(request, startSchema);
  if (!parsed.ok) throw new Response(null, { status: 400 });
  const job = await queueExport(await getDb(), await getJobs(), user, {
    source: parsed.data.source,
    format: parsed.data.format,
    search: new URLSearchParams(parsed.data.params),
    lang: resolveLanguage(request, user),
  });
  return redirect(`/exports/${job.id}`);
});

export default function Exports() {
  const t = useT();
  const lang = useLang();
  const { jobs } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t('exports:title')}</h1>
      <p className="lead">{t('exports:intro')}</p>
      {jobs.length === 0 ? (
        <p className="empty-state">{t('exports:empty')}</p>
      ) : (
        <TableWrap label={t('exports:title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('exports:requested')}</th>
                <th scope="col">{t('exports:table')}</th>
                <th scope="col">{t('exports:format')}</th>
                <th scope="col">{t('exports:status')}</th>
                <th scope="col" className="num">{t('exports:rows')}</th>
                <th scope="col">{t('exports:file')}</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <tr key={j.id}>
                  <td>
                    <Link to={`/exports/${j.id}`}>{j.createdAt}</Link>
                  </td>
                  <td>{t(`exports:sources.${j.source}`)}</td>
                  <td>{t(`exports:${j.format}`)}</td>
                  <td>{t(`exports:statuses.${j.status}`)}</td>
                  <td className="num">{formatNumber(j.rows, lang)}</td>
                  <td>{j.status === 'done' && j.hasFile ? <a href={`/exports/${j.id}/download`}>{t('exports:download')}</a> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
