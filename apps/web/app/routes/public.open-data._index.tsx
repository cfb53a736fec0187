import { Link, useLoaderData } from '@remix-run/react';
import { openDataColumns, openDatasets } from '../db.server.ts';
import { useT } from '../i18n.ts';
import { TableWrap } from '../components/table-wrap.tsx';
import { loader as wrapLoader } from '../utils/http.server.ts';

/** The open-data page: every published dataset, its columns described, in xlsx, CSV and JSON. */
export const loader = wrapLoader(async () => ({
  datasets: openDatasets.map((id) => ({ id, columns: openDataColumns[id] })),
}));

export default function OpenData() {
  const t = useT();
  const { datasets } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t('analytics:openData.title')}</h1>
      <p className="lead">{t('analytics:openData.intro')}</p>
      <p><Link to="/public/analytics">{t('analytics:public.title')}</Link></p>
      {datasets.map((d) => {
        const title = t(`analytics:openData.datasets.${d.id}.title`);
        return (
          <section key={d.id} className="card" data-dataset={d.id}>
            <h2>{title}</h2>
            <p>{t(`analytics:openData.datasets.${d.id}.description`)}</p>
            <p className="open-data-downloads">
              {(['xlsx', 'csv', 'json'] as const).map((f) => (
                <a key={f} className="button" href={`/public/open-data/${d.id}?format=${f}`} download>
                  {t('analytics:openData.download')} {f.toUpperCase()}
                  <span className="visually-hidden">: {title}</span>
                </a>
              ))}
            </p>
            <TableWrap label={`${title}: ${t('analytics:openData.columns')}`}>
              <table>
                <caption>{t('analytics:openData.columns')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('analytics:openData.column')}</th>
                    <th scope="col">{t('analytics:openData.description')}</th>
                    <th scope="col">{t('analytics:openData.type')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.columns.map((c) => (
                    <tr key={c.key}>
                      <th scope="row"><code>{c.key}</code></th>
                      <td>{t(`analytics:openData.cols.${c.key}`)}</td>
                      <td>{t(`analytics:openData.types.${c.type}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </section>
        );
      })}
    </section>
  );
}
