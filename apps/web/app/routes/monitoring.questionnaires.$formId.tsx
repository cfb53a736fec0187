import { Link, useLoaderData } from '@remix-run/react';
import { formatDateTime, type Labels, type Language } from '@kamkor/domain';
import { getDb, getQuestionnaireForActor } from '../db.server.ts';
import { IssuesTable } from '../components/xlsform-issues.tsx';
import { useLang, useT } from '../i18n.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser } from '../utils/session.server.ts';
import { TableWrap } from '../components/table-wrap.tsx';

export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const asked = Number(new URL(request.url).searchParams.get('version')) || null;
  const q = await getQuestionnaireForActor(await getDb(), user, params.formId ?? '', asked);
  return {
    formId: q.form_id,
    title: q.title,
    versions: q.versions.map((v) => ({ version_no: v.version_no, created_at: String(v.created_at), source_file_name: v.source_file_name, created_by_name: v.created_by_name })),
    version: q.version,
  };
});

/** A label in the page's language, else the form's default, else any. */
function labelIn(labels: Labels, lang: Language): string {
  return labels[lang] ?? labels.und ?? labels.ru ?? labels.ky ?? labels.en ?? '';
}

export default function Questionnaire() {
  const t = useT();
  const lang = useLang();
  const { formId, title, versions, version } = useLoaderData<typeof loader>();
  const q = version.definition;
  let depth = 0;
  return (
    <section>
      <p className="eyebrow">
        <Link to="/monitoring/questionnaires">{t('monitoring:xlsform.title')}</Link>
      </p>
      <h1>{title}</h1>
      <p>
        form_id: {formId} · {t('monitoring:xlsform.version')} {version.versionNo}{' '}
        <a className="button" href={`/monitoring/questionnaires/${encodeURIComponent(formId)}/xlsx?version=${version.versionNo}`}>
          {t('monitoring:xlsform.export')}
        </a>{' '}
        <Link className="button" to={`/monitoring/questionnaires/${encodeURIComponent(formId)}/edit`}>
          {t('monitoring:builder.edit')}
        </Link>
        <a className="button" href={`/monitoring/questionnaires/${encodeURIComponent(formId)}/summary`}>
          {t('survey:summary.title')}
        </a>{' '}
        <a className="button" href={`/field/${encodeURIComponent(formId)}`}>
          {t('survey:field.open')}
        </a>
      </p>
      <h2>{t('monitoring:xlsform.issuesTitle')}</h2>
      {version.issues.length === 0 ? <p>{t('monitoring:xlsform.noIssues')}</p> : <IssuesTable issues={version.issues} />}
      <h2>{t('monitoring:xlsform.questions')}</h2>
      <TableWrap label={t('common:tableRegion')}>
        <table>
          <thead>
            <tr>
              <th scope="col">name</th>
              <th scope="col">{t('monitoring:xlsform.type')}</th>
              <th scope="col">{t('monitoring:xlsform.label')}</th>
              <th scope="col">{t('monitoring:xlsform.required')}</th>
            </tr>
          </thead>
          <tbody>
            {q.questions.map((item, i) => {
              if (item.type === 'end_group') depth = Math.max(0, depth - 1);
              const indent = '· '.repeat(depth);
              if (item.type === 'begin_group') depth++;
              const choices = item.listName ? q.choices.filter((c) => c.listName === item.listName) : [];
              return (
                <tr key={`${item.name}-${i}`}>
                  <td>
                    {indent}
                    {item.name}
                  </td>
                  <td>{t(`monitoring:xlsform.types.${item.type}`)}{item.listName ? ` (${item.listName})` : ''}</td>
                  <td>
                    {labelIn(item.label, lang)}
                    {choices.length ? <div className="hint">{choices.map((c) => labelIn(c.label, lang) || c.name).join(' · ')}</div> : null}
                  </td>
                  <td>{item.required ? t('monitoring:answers.yes') : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
      <h2>{t('monitoring:xlsform.versions')}</h2>
      <ul>
        {versions.map((v) => (
          <li key={v.version_no}>
            <Link to={`?version=${v.version_no}`}>
              {t('monitoring:xlsform.version')} {v.version_no}
            </Link>{' '}
            · {formatDateTime(v.created_at)} {v.created_by_name ? `· ${v.created_by_name}` : ''} {v.source_file_name ? `· ${v.source_file_name}` : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}
