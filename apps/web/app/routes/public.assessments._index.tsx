import { Link, useLoaderData } from '@remix-run/react';
import { formatDate, localName } from '@kamkor/domain';
import { getDb, listPublicAssessments } from '../db.server.ts';
import { useLang, useT } from '../i18n.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';

/** Residents' list of published needs assessments; no login needed. */
export const loader = wrapLoader(async ({ request }) => {
  const db = await getDb();
  const page = Number(new URL(request.url).searchParams.get('page')) || 1;
  return { assessments: await listPublicAssessments(db, { page }) };
});

export default function PublicAssessments() {
  const t = useT();
  const lang = useLang();
  const { assessments } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t('assessment:public.title')}</h1>
      <p className="lead">{t('assessment:public.intro')}</p>
      {assessments.length === 0 ? (
        <p className="empty-state">{t('assessment:public.empty')}</p>
      ) : (
        <ul className="cards plain-list">
          {assessments.map((a) => (
            <li key={a.id} className="card">
              <h2>
                <Link to={`/public/assessments/${a.id}`}>
                  {localName({ name_ky: a.municipality_name_ky, name_ru: a.municipality_name_ru, name_en: a.municipality_name_en }, lang)} · {a.year}
                </Link>
              </h2>
              {a.published_at ? <p className="hint">{t('assessment:public.publishedOn', { date: formatDate(new Date(a.published_at)) })}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
