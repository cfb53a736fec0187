import { formatDate, formatNumber, localName, type CauseNode } from '@kamkor/domain';
import type { PublicAssessmentReport } from '../db.server.ts';
import { CauseTreeSvg, Percent, RankingTable, TieBreakNote, prefixedName, rankingRowsOf, unitNames } from './assessment.tsx';
import { useLang, useT } from '../i18n.ts';

/** The assessment report, generated from the data, laid out for A4 paper. */
export function AssessmentReportView({ report }: { report: PublicAssessmentReport }) {
  const t = useT();
  const lang = useLang();
  const a = report.assessment;
  const municipality = localName({ name_ky: a.municipality_name_ky, name_ru: a.municipality_name_ru, name_en: a.municipality_name_en }, lang);
  const villageName = unitNames(report.villages, lang);
  const fgName = (code: string) => {
    const c = report.fgCategories.find((x) => x.code === code);
    return c ? localName(c, lang) : code;
  };
  const mp = report.meetingParticipation;
  const rows = rankingRowsOf(report, lang);
  return (
    <div className="a4-report">
      <h2>{t('assessment:report.heading', { municipality, year: a.year })}</h2>
      <p>{t('assessment:report.intro', { villages: report.villages.map((v) => localName(v, lang)).join(', ') })}</p>
      <h3>{t('assessment:report.participation')}</h3>
      <p>
        {t('assessment:report.participationText', {
          focusGroups: report.focusGroups.length,
          fgPeople: formatNumber(report.focusGroupParticipation.total, lang),
          meetings: report.meetings.length,
          people: formatNumber(mp.total, lang),
          women: formatNumber(mp.women, lang),
        })}{' '}
        (<Percent value={mp.womenShare} />)
      </p>
      <table>
        <thead><tr><th scope="col">{t('assessment:fields.village')}</th><th scope="col" className="num">{t('assessment:participation.total')}</th><th scope="col" className="num">{t('assessment:participation.share')}</th></tr></thead>
        <tbody>
          {mp.byVillage.map((v) => (
            <tr key={v.villageSoate ?? 'aa'}><td>{v.villageSoate ? villageName(v.villageSoate) : t('assessment:meetings.kinds.aiyl_aimak')}</td><td className="num">{formatNumber(v.total, lang)}</td><td className="num"><Percent value={v.share} /></td></tr>
          ))}
        </tbody>
      </table>
      <h3>{t('assessment:tabs.focusGroups')}</h3>
      <table>
        <thead><tr><th scope="col">{t('assessment:focusGroups.category')}</th><th scope="col">{t('assessment:fields.village')}</th><th scope="col">{t('assessment:fields.date')}</th><th scope="col" className="num">{t('assessment:participation.women')}</th><th scope="col" className="num">{t('assessment:participation.men')}</th></tr></thead>
        <tbody>
          {report.focusGroups.map((f) => (
            <tr key={f.id}>
              <td>{prefixedName(f, 'category', lang)}</td><td>{prefixedName(f, 'village', lang)}</td><td>{formatDate(f.held_on)}</td>
              <td className="num">{f.women_14_29 + f.women_30_59 + f.women_60_plus}</td><td className="num">{f.men_14_29 + f.men_30_59 + f.men_60_plus}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('assessment:tabs.ranking')}</h3>
      <TieBreakNote method={report.rule.method} points={report.rule.method === 'points' ? report.rule.points : null} />
      <RankingTable rows={rows} method={report.rule.method} />
      <h3>{t('assessment:tabs.problems')}</h3>
      {report.problems.map((p) => {
        const nodes: CauseNode[] = report.causeNodes.filter((n) => n.problem_id === p.id).map((n) => ({ id: n.id, parentId: n.parent_id, kind: n.kind as 'cause' | 'effect', text: n.text, sortOrder: n.sort_order }));
        return (
          <section key={p.id} className="report-problem">
            <h4>{p.number}. {p.title} <span className="badge">{prefixedName(p, 'category', lang)}</span></h4>
            {p.description ? <p>{p.description}</p> : null}
            <p className="hint">
              {t('assessment:problems.villages')}: {p.village_soates.map(villageName).join(', ') || '–'} · {t('assessment:problems.raisedBy')}: {p.raised_by.map(fgName).join(', ') || '–'}
            </p>
            {nodes.length ? <CauseTreeSvg problem={p.title} nodes={nodes} title={t('assessment:tree.svgTitle', { problem: p.title })} /> : null}
          </section>
        );
      })}
    </div>
  );
}

