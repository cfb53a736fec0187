import { Form, Link, useLoaderData } from '@remix-run/react';
import {
  answerableQuestions,
  choicesOf,
  formatNumber,
  formatPercent,
  localName,
  respondentAgeGroups,
  respondentSexes,
  type Labels,
  type Language,
} from '@kamkor/domain';
import { getDb, summariseResponses } from '../db.server.ts';
import { summaryDimensions, summaryFilter } from '../utils/survey-filter.ts';
import { AnswerChart } from '../components/survey.tsx';
import { TableWrap } from '../components/table-wrap.tsx';
import { useLang, useT } from '../i18n.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser } from '../utils/session.server.ts';

const dimensions = summaryDimensions;

export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const filter = summaryFilter(url);
  const summary = await summariseResponses(await getDb(), user, { formId: params.formId ?? '', ...filter });
  return { summary, filter, query: url.search };
});

function labelIn(labels: Labels, lang: Language): string {
  return labels[lang] || labels.und || labels.ru || labels.ky || labels.en || '';
}

export default function ResponseSummary() {
  const t = useT();
  const lang = useLang();
  const { summary, filter, query } = useLoaderData<typeof loader>();
  const q = summary.definition;
  const questions = answerableQuestions(q);
  const territories = [...new Map(summary.projects.flatMap((p) => p.territories).map((u) => [u.soate, u])).values()];
  const groupLabel = (key: string) => {
    if (!key) return t('survey:summary.notGiven');
    if (filter.by === 'sex') return t(`survey:sex.${key}`);
    if (filter.by === 'age_group') return t(`survey:ageGroups.${key}`);
    if (filter.by === 'territory') {
      const u = territories.find((x) => x.soate === key);
      return u ? localName(u, lang) : key;
    }
    return key;
  };
  const base = `/monitoring/questionnaires/${encodeURIComponent(summary.formId)}`;
  return (
    <section>
      <p className="eyebrow">
        <Link to={base}>{summary.title}</Link>
      </p>
      <h1>{t('survey:summary.title')}</h1>
      <p>
        {t('survey:summary.version', { version: summary.versionNo })} · {t('survey:summary.responses')}: <strong data-testid="summary-responses">{formatNumber(summary.responses, lang, 0)}</strong>
      </p>
      <p className="actions">
        <a className="button" href={`/field/${encodeURIComponent(summary.formId)}`}>
          {t('survey:field.open')}
        </a>{' '}
        <Link className="button" to={`${base}/responses-import`}>
          {t('survey:import.title')}
        </Link>{' '}
        <a className="button" href={`${base}/summary-xlsx${query}`}>
          {t('survey:export.download')}
        </a>
      </p>
      <Form method="get" className="card filters survey-filters">
        {filter.versionNo ? <input type="hidden" name="version" value={filter.versionNo} /> : null}
        <div className="field">
          <label htmlFor="s-project">{t('survey:fields.project')}</label>
          <select id="s-project" name="project" defaultValue={filter.projectId ?? ''}>
            <option value="">{t('survey:summary.all')}</option>
            {summary.projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.code} · {localName(p, lang)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="s-territory">{t('survey:fields.territory')}</label>
          <select id="s-territory" name="territory" defaultValue={filter.adminUnitSoate ?? ''}>
            <option value="">{t('survey:summary.all')}</option>
            {territories.map((u) => (
              <option key={u.soate} value={u.soate}>
                {localName(u, lang)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="s-sex">{t('survey:fields.sex')}</label>
          <select id="s-sex" name="sex" defaultValue={filter.sex ?? ''}>
            <option value="">{t('survey:summary.all')}</option>
            {respondentSexes.map((s) => (
              <option key={s} value={s}>
                {t(`survey:sex.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="s-age">{t('survey:fields.ageGroup')}</label>
          <select id="s-age" name="age" defaultValue={filter.ageGroup ?? ''}>
            <option value="">{t('survey:summary.all')}</option>
            {respondentAgeGroups.map((g) => (
              <option key={g} value={g}>
                {t(`survey:ageGroups.${g}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="s-by">{t('survey:summary.breakDown')}</label>
          <select id="s-by" name="by" defaultValue={filter.by ?? ''}>
            <option value="">{t('survey:summary.noBreakDown')}</option>
            {dimensions.map((d) => (
              <option key={d} value={d}>
                {t(`survey:by.${d}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('survey:summary.apply')}</button>
      </Form>
      {summary.questions.map((s) => {
        const question = questions.find((x) => x.name === s.name)!;
        const label = labelIn(question.label, lang) || s.name;
        const choices = choicesOf(q, question);
        const choiceLabel = (code: string) => labelIn(choices.find((c) => c.name === code)?.label ?? {}, lang) || code;
        const id = `sum-${s.name}`;
        return (
          <section key={s.name} className="card survey-question" aria-labelledby={id}>
            <h2 id={id}>{label}</h2>
            <p className="hint">
              {t('survey:summary.answered', { answered: formatNumber(s.answered, lang, 0), responses: formatNumber(s.responses, lang, 0) })}
              {s.mean != null ? ` · ${t('survey:summary.mean')}: ${formatNumber(s.mean, lang, 2)} · ${t('survey:summary.median')}: ${formatNumber(s.median ?? 0, lang, 1)}` : ''}
            </p>
            {s.choices.length ? (
              <div className="chart-and-table">
                <AnswerChart title={label} lang={lang} data={s.choices.map((c) => ({ label: choiceLabel(c.code), percent: Number((c.percent ?? 0).toFixed(1)) }))} />
                <TableWrap label={t('survey:summary.tableOf', { question: label })}>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t('survey:summary.answer')}</th>
                        <th scope="col" className="num">
                          {t('survey:summary.count')}
                        </th>
                        <th scope="col" className="num">
                          {t('survey:summary.percent')}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {s.choices.map((c) => (
                        <tr key={c.code}>
                          <th scope="row">{choiceLabel(c.code)}</th>
                          <td className="num">{formatNumber(c.count, lang, 0)}</td>
                          <td className="num">{c.percent == null ? '—' : formatPercent(c.percent, lang)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableWrap>
              </div>
            ) : s.mean != null ? (
              <p>
                {t('survey:summary.min')}: {formatNumber(s.min ?? 0, lang)} · {t('survey:summary.max')}: {formatNumber(s.max ?? 0, lang)}
              </p>
            ) : null}
            {filter.by && summary.groups.length ? (
              <TableWrap label={t('survey:summary.groupTableOf', { question: label, by: t(`survey:by.${filter.by}`) })}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t(`survey:by.${filter.by}`)}</th>
                      <th scope="col" className="num">
                        {t('survey:summary.answeredShort')}
                      </th>
                      {s.choices.map((c) => (
                        <th scope="col" className="num" key={c.code}>
                          {choiceLabel(c.code)}
                        </th>
                      ))}
                      {s.mean != null ? (
                        <>
                          <th scope="col" className="num">
                            {t('survey:summary.mean')}
                          </th>
                          <th scope="col" className="num">
                            {t('survey:summary.median')}
                          </th>
                        </>
                      ) : null}
                    </tr>
                  </thead>
                  <tbody>
                    {summary.groups.map((g) => {
                      const gs = g.questions.find((x) => x.name === s.name)!;
                      return (
                        <tr key={g.key}>
                          <th scope="row">{groupLabel(g.key)}</th>
                          <td className="num">{formatNumber(gs.answered, lang, 0)}</td>
                          {gs.choices.map((c) => (
                            <td className="num" key={c.code}>
                              {c.percent == null ? '—' : formatPercent(c.percent, lang)}
                            </td>
                          ))}
                          {s.mean != null ? (
                            <>
                              <td className="num">{gs.mean == null ? '—' : formatNumber(gs.mean, lang, 2)}</td>
                              <td className="num">{gs.median == null ? '—' : formatNumber(gs.median, lang, 1)}</td>
                            </>
                          ) : null}
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </TableWrap>
            ) : null}
          </section>
        );
      })}
    </section>
  );
}
