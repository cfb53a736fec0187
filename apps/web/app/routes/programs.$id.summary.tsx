import { Link, useLoaderData } from '@remix-run/react';
import { formatDate, localName } from '@kamkor/domain';
import { getT, useT } from '../i18n.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { loadProgramPage, summaryRows } from '../utils/program.server.ts';

export const loader = wrapLoader(async ({ request, params }) => {
  const { db, program, lang, header } = await loadProgramPage(request, params.id, 'view');
  return {
    program: {
      id: program.id,
      title: header.title,
      customer: localName({ name_ky: program.customer_name_ky, name_ru: program.customer_name_ru, name_en: program.customer_name_en }, lang),
      discussionStart: program.discussion_start,
      discussionEnd: program.discussion_end,
    },
    rows: await summaryRows(db, program.id, getT(lang)),
  };
});

export default function Summary() {
  const t = useT();
  const { program, rows } = useLoaderData<typeof loader>();
  return (
    <section className="print-page">
      <p className="eyebrow no-print">
        <Link to={`/programs/${program.id}/discussion`}>{program.title}</Link>
      </p>
      <h1>{t('program:summary.title')}</h1>
      <p>
        {program.title}. {program.customer}.{' '}
        {program.discussionStart ? t('program:discussion.window', { from: formatDate(program.discussionStart), to: formatDate(program.discussionEnd) }) : null}
      </p>
      <div className="inline-actions no-print">
        <a href={`/programs/${program.id}/summary-xlsx`} className="button" download>
          {t('program:export.xlsx')}
        </a>
        <button type="button" className="button" onClick={() => window.print()}>
          {t('program:export.printNow')}
        </button>
      </div>
      {rows.length === 0 ? (
        <p className="empty-state">{t('program:discussion.none')}</p>
      ) : (
        <table className="summary-table">
          <thead>
            <tr>
              {(['no', 'author', 'line', 'proposal', 'response', 'reasons'] as const).map((k) => (
                <th key={k} scope="col">
                  {t(`program:summary.columns.${k}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.no}>
                <td>{r.no}</td>
                <td>{r.author}</td>
                <td>{r.line}</td>
                <td>{r.proposal}</td>
                <td>{r.response}</td>
                <td>{r.reasons}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
