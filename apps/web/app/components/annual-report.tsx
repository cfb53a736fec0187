import {
  annualReportFigures,
  formatDate,
  formatDateTime,
  formatNumber,
  formatPercent,
  type AnnualReport,
  type Language,
  type SurveySummarySection,
} from '@kamkor/domain';
import { TableWrap } from './table-wrap.tsx';
import { useLang, useT } from '../i18n.ts';

const num = (v: number | null, lang: Language) => (v === null ? '—' : formatNumber(v, lang));
const pct = (v: number | null, lang: Language) => (v === null ? '—' : formatPercent(v, lang));

/**
 * The annual M&E report of a program year: key figures, the results tracking summary, visits,
 * findings and recommendations (status, overdue), decisions, evaluations and — when the responses
 * module passes them — survey summaries. The same component renders the internal page, the A4 print
 * view and the public page (which gets the public projection, without officers or working notes).
 */
export function AnnualReportView({
  report,
  surveys,
}: {
  report: AnnualReport;
  surveys?: SurveySummarySection[] | null;
}) {
  const t = useT();
  const lang = useLang() as Language;
  const name = (n: { ky: string; ru: string; en: string }) => n[lang] || n.ru || n.ky;
  const f = annualReportFigures(report);
  const decided = report.recommendations.filter((r) => r.decision !== null);
  const internal = report.visits.some((v) => v.officerName !== undefined);
  const surveySections = surveys ?? report.surveys ?? [];
  return (
    <div className="annual-report">
      <dl className="facts">
        <dt>{t('monitoring:report.program')}</dt>
        <dd>{report.program.title}</dd>
        <dt>{t('monitoring:report.customer')}</dt>
        <dd>{name(report.program.customer)}</dd>
        <dt>{t('monitoring:report.projects')}</dt>
        <dd>{formatNumber(report.projects.length, lang)}</dd>
      </dl>
      <p className="hint">
        {t('monitoring:report.generatedAt', { date: formatDateTime(report.generatedAt) })}
      </p>

      <h2>{t('monitoring:report.sections.summary')}</h2>
      <dl className="facts report-figures">
        {(
          [
            'visitsPlanned',
            'visitsDone',
            'recommendations',
            'accepted',
            'rejected',
            'done',
            'overdue',
            'evaluations',
          ] as const
        ).map((k) => (
          <div key={k} data-figure={k}>
            <dt>{t(`monitoring:report.figures.${k}`)}</dt>
            <dd>{formatNumber(f[k], lang)}</dd>
          </div>
        ))}
        <div data-figure="meanEvaluationPercent">
          <dt>{t('monitoring:report.figures.meanEvaluationPercent')}</dt>
          <dd>{pct(f.meanEvaluationPercent, lang)}</dd>
        </div>
      </dl>

      <h2>{t('monitoring:report.sections.tracking')}</h2>
      {report.tracking.length === 0 ? (
        <p className="empty-state">{t('monitoring:report.empty')}</p>
      ) : (
        <TableWrap label={t('monitoring:report.sections.tracking')}>
          <table>
            <thead>
              <tr>
                {(['code', 'indicator', 'unit'] as const).map((k) => (
                  <th key={k} scope="col">
                    {t(`monitoring:report.columns.${k}`)}
                  </th>
                ))}
                {(['target', 'actual', 'percent', 'projects'] as const).map((k) => (
                  <th key={k} scope="col" className="num">
                    {t(`monitoring:report.columns.${k}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {report.tracking.map((x) => (
                <tr key={x.code}>
                  <td>{x.code}</td>
                  <td>{name(x.name)}</td>
                  <td>{x.unit}</td>
                  <td className="num">{num(x.target, lang)}</td>
                  <td className="num">{num(x.actual, lang)}</td>
                  <td className="num">{pct(x.percent, lang)}</td>
                  <td className="num">{formatNumber(x.projects, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}

      <h2>{t('monitoring:report.sections.visits')}</h2>
      {report.visits.length === 0 ? (
        <p className="empty-state">{t('monitoring:report.empty')}</p>
      ) : (
        <TableWrap label={t('monitoring:report.sections.visits')}>
          <table>
            <thead>
              <tr>
                {(['project', 'visitNo', 'kind', 'status', 'plannedDate', 'visitDate'] as const).map((k) => (
                  <th key={k} scope="col">
                    {t(`monitoring:report.columns.${k}`)}
                  </th>
                ))}
                {internal ? <th scope="col">{t('monitoring:report.columns.officer')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {report.visits.map((v) => (
                <tr key={`${v.projectCode}-${v.visitNo}`}>
                  <td>{v.projectCode}</td>
                  <td>{v.visitNo}</td>
                  <td>{t(`monitoring:kinds.${v.kind}`)}</td>
                  <td>{t(`monitoring:statuses.${v.status}`)}</td>
                  <td>{formatDate(v.plannedDate)}</td>
                  <td>{formatDate(v.visitDate) || '—'}</td>
                  {internal ? <td>{v.officerName ?? ''}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}

      <h2>{t('monitoring:report.sections.findings')}</h2>
      {report.recommendations.length === 0 ? (
        <p className="empty-state">{t('monitoring:report.empty')}</p>
      ) : (
        <TableWrap label={t('monitoring:report.sections.findings')}>
          <table>
            <thead>
              <tr>
                {(['project', 'finding', 'recommendation', 'responsible', 'dueDate', 'status'] as const).map(
                  (k) => (
                    <th key={k} scope="col">
                      {t(`monitoring:report.columns.${k}`)}
                    </th>
                  ),
                )}
              </tr>
            </thead>
            <tbody>
              {report.recommendations.map((r, i) => (
                <tr key={i}>
                  <td>
                    {r.projectCode} / {r.visitNo}
                  </td>
                  <td>{r.finding}</td>
                  <td>
                    {r.recommendation}
                    {r.followUpNote ? <div className="hint">{r.followUpNote}</div> : null}
                  </td>
                  <td>{name(r.responsible)}</td>
                  <td>{formatDate(r.dueDate)}</td>
                  <td>
                    {r.decision === 'rejected'
                      ? t('monitoring:decisions.rejected')
                      : t(`monitoring:followUp.${r.status}`)}{' '}
                    {r.overdue ? (
                      <span className="badge bad">{t('monitoring:report.overdueYes')}</span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}

      <h2>{t('monitoring:report.sections.decisions')}</h2>
      {report.decisions ? (
        <>
          <h3>{t('monitoring:report.sections.ministryDecisions')}</h3>
          {report.decisions.length === 0 ? (
            <p className="empty-state">{t('monitoring:report.empty')}</p>
          ) : (
            <TableWrap label={t('monitoring:report.sections.ministryDecisions')}>
              <table className="report-ministry-decisions">
                <thead>
                  <tr>
                    {(['decidedOn', 'project', 'kind', 'basis', 'followUpDue', 'status'] as const).map((k) => (
                      <th key={k} scope="col">
                        {t(`monitoring:decisions.columns.${k}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {report.decisions.map((d, i) => (
                    <tr key={i} data-decision={d.kind}>
                      <td>{formatDate(d.decidedOn)}</td>
                      <td>
                        {d.projectCode}
                        {d.visitNo !== null ? ` / ${d.visitNo}` : ''}
                      </td>
                      <td>{t(`monitoring:decisions.kinds.${d.kind}`)}</td>
                      <td>{d.basis}</td>
                      <td>{d.followUpDue ? formatDate(d.followUpDue) : '—'}</td>
                      <td>
                        {d.followUpDue ? t(`monitoring:decisions.statuses.${d.status}`) : t('monitoring:decisions.statuses.none')}{' '}
                        {d.overdue ? <span className="badge bad">{t('monitoring:report.overdueYes')}</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
          <h3>{t('monitoring:report.sections.recommendationDecisions')}</h3>
        </>
      ) : null}
      {decided.length === 0 ? (
        <p className="empty-state">{t('monitoring:report.empty')}</p>
      ) : (
        <ul className="report-decisions">
          {decided.map((r, i) => (
            <li key={i}>
              <strong>{t(`monitoring:decisions.${r.decision!}`)}</strong> — {r.projectCode}:{' '}
              {r.recommendation}
              {r.decisionReason ? ` (${t('monitoring:report.columns.reason')}: ${r.decisionReason})` : ''}
            </li>
          ))}
        </ul>
      )}

      <h2>{t('monitoring:report.sections.evaluations')}</h2>
      {report.evaluations.length === 0 ? (
        <p className="empty-state">{t('monitoring:report.empty')}</p>
      ) : (
        <TableWrap label={t('monitoring:report.sections.evaluations')}>
          <table>
            <thead>
              <tr>
                {(['project', 'name', 'contractor'] as const).map((k) => (
                  <th key={k} scope="col">
                    {t(`monitoring:report.columns.${k}`)}
                  </th>
                ))}
                {(['total', 'max', 'percent'] as const).map((k) => (
                  <th key={k} scope="col" className="num">
                    {t(`monitoring:report.columns.${k}`)}
                  </th>
                ))}
                <th scope="col">{t('monitoring:report.columns.conclusion')}</th>
              </tr>
            </thead>
            <tbody>
              {report.evaluations.map((e) => (
                <tr key={e.projectCode} data-project={e.projectCode}>
                  <td>
                    {e.projectCode}
                    {e.finalisedAt ? '' : ` (${t('monitoring:report.draftEvaluation')})`}
                  </td>
                  <td>{name(e.name)}</td>
                  <td>{name(e.contractor)}</td>
                  <td className="num">{formatNumber(e.total, lang)}</td>
                  <td className="num">{formatNumber(e.max, lang)}</td>
                  <td className="num">{pct(e.percent, lang)}</td>
                  <td>{e.conclusion ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}

      {surveySections.length ? (
        <section className="report-surveys">
          <h2>{t('monitoring:report.sections.surveys')}</h2>
          {surveySections.map((s) => (
            <div key={s.formId}>
              <h3>
                {s.title} ({formatNumber(s.responses, lang)})
              </h3>
              {s.questions.map((q) => (
                <div key={q.name}>
                  {q.mean != null ? (
                    <p>
                      <strong>{q.label[lang] ?? q.label.ru ?? q.name}</strong>: {t('survey:summary.mean')}{' '}
                      {formatNumber(q.mean, lang)}
                      {q.median != null
                        ? `; ${t('survey:summary.median')} ${formatNumber(q.median, lang)}`
                        : ''}
                    </p>
                  ) : null}
                  {q.rows.length ? (
                    <TableWrap label={q.label[lang] ?? q.label.ru ?? q.name}>
                      <table>
                        <caption>{q.label[lang] ?? q.label.ru ?? q.name}</caption>
                        <thead>
                          <tr>
                            <th scope="col">{t('monitoring:report.columns.answer')}</th>
                            <th scope="col" className="num">
                              {t('monitoring:report.columns.count')}
                            </th>
                            <th scope="col" className="num">
                              {t('monitoring:report.columns.percent')}
                            </th>
                          </tr>
                        </thead>
                        <tbody>
                          {q.rows.map((r, i) => (
                            <tr key={i}>
                              <td>
                                {typeof r.label === 'string' ? r.label : (r.label[lang] ?? r.label.ru ?? '')}
                              </td>
                              <td className="num">{formatNumber(r.count, lang)}</td>
                              <td className="num">{pct(r.percent, lang)}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </TableWrap>
                  ) : null}
                </div>
              ))}
            </div>
          ))}
        </section>
      ) : null}
    </div>
  );
}
