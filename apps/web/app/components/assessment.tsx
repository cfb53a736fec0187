import { Link, NavLink } from '@remix-run/react';
import { assessmentStages, formatNumber, layoutCauseTree, localName, type CauseNode, type Language, type RankedProblem, type TieBreakStep, formatPercent } from '@kamkor/domain';
import { useLang, useT } from '../i18n.ts';
import type { FormState } from './forms.tsx';
import { TableWrap } from './table-wrap.tsx';

type Named = { name_ky: string; name_ru: string; name_en: string };

/** A share (0..1) as "40,0 %"; a dash when there is nothing to divide by. */
export function Percent({ value, digits = 1 }: { value: number | null; digits?: number }) {
  const lang = useLang();
  return <>{value === null ? '–' : formatPercent(value * 100, lang, digits)}</>;
}

/** Names of territorial units by SOATE, in the page language. */
export function unitNames(units: ({ soate: string } & Named)[], lang: Language) {
  const map = new Map(units.map((u) => [u.soate, localName(u, lang)]));
  return (soate: string | null) => (soate ? map.get(soate) ?? soate : '');
}

/** The row's name columns with a prefix ("category_ky"…) in the page language. */
export function prefixedName(row: Record<string, unknown>, prefix: string, lang: Language): string {
  return String(row[`${prefix}_${lang}`] ?? row[`${prefix}_ru`] ?? '');
}

/** The seven stages with the current one marked. */
export function StageBar({ stage }: { stage: string }) {
  const t = useT();
  const current = assessmentStages.indexOf(stage as (typeof assessmentStages)[number]);
  return (
    <ol className="stage-bar" aria-label={t('assessment:stage.label')}>
      {assessmentStages.map((s, i) => (
        <li key={s} className={i < current ? 'done' : i === current ? 'current' : undefined} aria-current={i === current ? 'step' : undefined}>
          {t(`assessment:stage.${s}`)}
        </li>
      ))}
    </ol>
  );
}

/** Tabs of an assessment's pages. */
export function AssessmentTabs({ id, canExport }: { id: string; canExport: boolean }) {
  const t = useT();
  const tabs = [
    ['', 'overview'],
    ['focus-groups', 'focusGroups'],
    ['problems', 'problems'],
    ['meetings', 'meetings'],
    ['ranking', 'ranking'],
    ['report', 'report'],
    ['poster', 'poster'],
  ] as const;
  return (
    <nav className="tabs no-print" aria-label={t('assessment:tabs.label')}>
      {tabs.map(([path, key]) => (
        <NavLink key={key} to={`/assessments/${id}${path ? `/${path}` : ''}`} end={!path}>
          {({ isActive }) => <span aria-current={isActive ? 'page' : undefined}>{t(`assessment:tabs.${key}`)}</span>}
        </NavLink>
      ))}
      {canExport ? <a href={`/assessments/${id}/export`} download>{t('assessment:tabs.export')}</a> : null}
    </nav>
  );
}

/** A problem tree drawn on the server as SVG: causes below the problem, effects above. Prints as is. */
export function CauseTreeSvg({ problem, nodes, title }: { problem: string; nodes: CauseNode[]; title: string }) {
  const layout = layoutCauseTree(problem, nodes);
  const fill = { problem: '#fde8c8', cause: '#e3eefa', effect: '#e6f4ea' } as const;
  const stroke = { problem: '#b45309', cause: '#1f5fa8', effect: '#1e7b3a' } as const;
  return (
    <svg
      className="cause-tree"
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      width="100%"
      style={{ maxWidth: layout.width }}
      role="img"
      aria-label={title}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title>{title}</title>
      {layout.links.map((l) => (
        <line key={`${l.from}-${l.to}`} x1={l.x1} y1={l.y1} x2={l.x2} y2={l.y2} stroke="#555" strokeWidth={1.5} />
      ))}
      {layout.boxes.map((b) => (
        <g key={b.id}>
          <rect x={b.x} y={b.y} width={b.width} height={b.height} rx={6} fill={fill[b.kind]} stroke={stroke[b.kind]} strokeWidth={b.kind === 'problem' ? 2.5 : 1.5} />
          <text x={b.x + b.width / 2} y={b.y + 8} fontSize={12} textAnchor="middle" fontWeight={b.kind === 'problem' ? 700 : 400} fill="#111">
            {b.lines.map((line, i) => (
              <tspan key={i} x={b.x + b.width / 2} dy={i === 0 ? 15 : 15}>
                {line}
              </tspan>
            ))}
          </text>
        </g>
      ))}
    </svg>
  );
}

export interface RankingRow extends RankedProblem {
  title: string;
  category: string;
}

/** The ranking with the numbers behind each place and which tie-break step decided it. */
export function RankingTable({ rows, method, limit }: { rows: RankingRow[]; method: string; limit?: number }) {
  const t = useT();
  const lang = useLang();
  const shown = limit ? rows.slice(0, limit) : rows;
  return (
    <TableWrap label={t('assessment:tabs.ranking')}>
      <table className="ranking">
        <thead>
          <tr>
            <th scope="col" className="num">{t('assessment:ranking.rank')}</th>
            <th scope="col">{t('assessment:problems.title')}</th>
            <th scope="col">{t('assessment:problems.category')}</th>
            <th scope="col" className="num">{method === 'points' ? t('assessment:ranking.points') : t('assessment:ranking.votes')}</th>
            {method === 'points' ? <th scope="col" className="num">{t('assessment:ranking.votes')}</th> : null}
            <th scope="col" className="num">{t('assessment:ranking.firstPlaces')}</th>
            <th scope="col">{t('assessment:ranking.decidedBy')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.problemId}>
              <td className="num">{r.rank}</td>
              <td>{r.number}. {r.title}</td>
              <td>{r.category}</td>
              <td className="num">{formatNumber(r.score, lang)}</td>
              {method === 'points' ? <td className="num">{formatNumber(r.totalVotes, lang)}</td> : null}
              <td className="num">{r.firstPlaces}</td>
              <td>{r.decidedBy && r.decidedBy !== 'score' ? t(`assessment:ranking.tieBreak.${r.decidedBy satisfies TieBreakStep}`) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** The stated tie-break rule, shown under every ranking. */
export function TieBreakNote({ method, points }: { method: string; points: number[] | null }) {
  const t = useT();
  return (
    <p className="hint">
      {method === 'points' ? t('assessment:ranking.rulePoints', { points: (points ?? []).join('-') }) : t('assessment:ranking.ruleVotes')}{' '}
      {t('assessment:ranking.tieBreakRule')}
    </p>
  );
}

export function BackToAssessment({ id }: { id: string }) {
  const t = useT();
  return <Link to={`/assessments/${id}`} className="no-print">← {t('assessment:tabs.overview')}</Link>;
}

interface ReportLike {
  ranking: RankedProblem[];
  problems: ({ id: string; title: string } & Record<string, unknown>)[];
}

/** Ranking rows with each problem's title and category in the page language. */
export function rankingRowsOf(report: ReportLike, lang: Language): RankingRow[] {
  return report.ranking.map((r) => {
    const p = report.problems.find((x) => x.id === r.problemId)!;
    return { ...r, title: p.title, category: prefixedName(p, 'category', lang) };
  });
}

/** Checkbox group: villages affected, or focus-group categories that raised a problem. */
export function CheckboxGroup({ name, legend, options, checked, state }: { name: string; legend: string; options: { value: string; label: string }[]; checked: string[]; state?: FormState | null }) {
  const t = useT();
  const error = state?.errors?.[name];
  return (
    <fieldset className={`checkbox-group${error ? ' field-error' : ''}`} id={`field-${name}`}>
      <legend>{legend}</legend>
      {error ? <p className="error-message">{t(error)}</p> : null}
      {options.map((o) => (
        <label key={o.value}>
          <input type="checkbox" name={name} value={o.value} defaultChecked={checked.includes(o.value)} /> {o.label}
        </label>
      ))}
    </fieldset>
  );
}


/** Opens the browser's print dialog (the page's print styles make it A4); hidden on paper. */
export function PrintButton() {
  const t = useT();
  return (
    <button type="button" className="no-print" onClick={() => window.print()}>
      {t('assessment:actions.print')}
    </button>
  );
}
