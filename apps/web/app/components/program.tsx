import { Link, useLocation } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDate, formatMoney, formatNumber, type Language, type TotalRow } from '@kamkor/domain';
import type { DisplayLine } from '../excel.server.ts';
import { useLang, useT } from '../i18n.ts';
import { TableWrap } from './table-wrap.tsx';

const statusTone: Record<string, string> = {
  draft: '',
  public_discussion: 'warn',
  revision: 'warn',
  approved: 'ok',
  amended: 'ok',
  closed: 'bad',
};

/** The program's status as a coloured badge. */
export function StatusBadge({ status }: { status: string }) {
  const t = useT();
  return <span className={`badge ${statusTone[status] ?? ''}`}>{t(`program:status.${status}`)}</span>;
}

export interface ProgramHead {
  id: string;
  title: string;
  status: string;
  version_no: number;
  year_from: number;
  year_to: number;
  customerName: string;
}

/** Title, status and the officer's tabs of a program page. */
export function ProgramHeader({ program, canEdit, canManage }: { program: ProgramHead; canEdit?: boolean; canManage?: boolean }) {
  const t = useT();
  const { pathname } = useLocation();
  const base = `/programs/${program.id}`;
  const tabs = [
    { to: base, label: 'program:tabs.overview' },
    { to: `${base}/indicators`, label: 'program:tabs.indicators' },
    { to: `${base}/discussion`, label: 'program:tabs.discussion' },
    { to: `${base}/versions`, label: 'program:tabs.versions' },
    ...(canEdit || canManage ? [{ to: `${base}/import`, label: 'program:tabs.import' }] : []),
  ];
  return (
    <header className="program-head">
      <p className="eyebrow">
        {program.customerName} · {program.year_from === program.year_to ? program.year_from : `${program.year_from}–${program.year_to}`} ·{' '}
        {t('program:version', { no: program.version_no })}
      </p>
      <div className="page-head">
        <h1>{program.title}</h1>
        <StatusBadge status={program.status} />
      </div>
      <nav className="tabs no-print" aria-label={t('program:tabs.label')}>
        {tabs.map((tab) => (
          <Link key={tab.to} to={tab.to} aria-current={pathname === tab.to ? 'page' : undefined}>
            {t(tab.label)}
          </Link>
        ))}
      </nav>
    </header>
  );
}

/** The program's lines as a table with a total row. */
export function LinesTable({ lines, editBase, commentable }: { lines: (DisplayLine & { id?: string; warnings?: string[] })[]; editBase?: string; commentable?: boolean }) {
  const t = useT();
  const lang = useLang();
  const total = lines.reduce((s, l) => s + l.budgetTyiyn, 0);
  const ben = lines.reduce((s, l) => s + l.plannedBeneficiaries, 0);
  if (lines.length === 0) return <p className="empty-state">{t('program:lines.empty')}</p>;
  return (
    <TableWrap label={t('program:lines.title')}>
      <table className="program-lines">
        <caption className="visually-hidden">{t('program:lines.title')}</caption>
        <thead>
          <tr>
            <th scope="col">№</th>
            <th scope="col">
              {t('program:fields.service')}
              <span className="hint"> / {t('program:fields.priorityArea')}</span>
            </th>
            <th scope="col">{t('program:fields.targetGroups')}</th>
            <th scope="col">{t('program:fields.territories')}</th>
            <th scope="col" className="num">{t('program:fields.beneficiariesShort')}</th>
            <th scope="col" className="num">{t('program:fields.budget')}</th>
            <th scope="col">{t('program:fields.period')}</th>
            <th scope="col">{t('program:fields.expectedResults')}</th>
            {commentable ? <th scope="col" className="no-print">{t('actions.label')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.lineNo} id={`line-${l.lineNo}`}>
              <td>
                {editBase && l.id ? (
                  <Link to={`${editBase}/${l.id}`} aria-label={t('program:lines.editLine', { no: l.lineNo })} title={t('actions.edit')}>
                    {l.lineNo} ✎
                  </Link>
                ) : (
                  l.lineNo
                )}
              </td>
              <td>
                {l.service}
                <div className="hint">{l.area}</div>
              </td>
              <td>{l.targetGroups}</td>
              <td>{l.territories}</td>
              <td className="num">{formatNumber(l.plannedBeneficiaries, lang)}</td>
              <td className="num">{formatMoney(l.budgetTyiyn, lang)}</td>
              <td className="period">
                {formatDate(l.periodStart)} –<br />
                {formatDate(l.periodEnd)}
              </td>
              <td>
                {l.expectedResults}
                {l.indicators ? <div className="hint">{l.indicators}</div> : null}
                {l.warnings?.map((w) => (
                  <div key={w} className="badge warn">
                    {t(w)}
                  </div>
                ))}
              </td>
              {commentable && l.id ? (
                <td className="no-print">
                  <a href={`?line=${l.id}#comment-form`}>{t('program:public.commentLine')}</a>
                </td>
              ) : commentable ? (
                <td className="no-print" />
              ) : null}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={4}>
              {t('program:totals.total')}
            </th>
            <td className="num">
              <strong>{formatNumber(ben, lang)}</strong>
            </td>
            <td className="num">
              <strong>{formatMoney(total, lang)}</strong>
            </td>
            <td colSpan={commentable ? 3 : 2} />
          </tr>
        </tfoot>
      </table>
    </TableWrap>
  );
}

export interface NamedTotal extends TotalRow {
  label: string;
}

/** One totals table (by area, service, territory or target group). */
export function TotalsTable({ title, rows, note, hideCaption }: { title: string; rows: NamedTotal[]; note?: string; hideCaption?: boolean }) {
  const t = useT();
  const lang = useLang();
  return (
    <TableWrap label={title} className="totals-table">
      <table>
        <caption className={hideCaption ? 'visually-hidden' : undefined}>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t('program:totals.name')}</th>
            <th scope="col" className="num">{t('program:fields.lines')}</th>
            <th scope="col" className="num">{t('program:fields.beneficiariesShort')}</th>
            <th scope="col" className="num">{t('program:fields.budget')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              <td className="num">{r.lines}</td>
              <td className="num">{formatNumber(r.beneficiaries, lang)}</td>
              <td className="num">{formatMoney(r.budgetTyiyn, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {note ? <p className="hint">{note}</p> : null}
    </TableWrap>
  );
}

/** Renders children only in the browser: recharts measures the DOM, which the server has not got. */
function ClientOnly({ children, fallback }: { children: () => React.ReactNode; fallback: React.ReactNode }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return <>{mounted ? children() : fallback}</>;
}

function som(tyiyn: number) {
  return Math.round(tyiyn / 100);
}

/** A bar chart of budget by category, with the same data as a table for print and no-JS readers. */
export function BudgetChart({ title, rows, id }: { title: string; rows: NamedTotal[]; id: string }) {
  const lang = useLang();
  const t = useT();
  const table = <TotalsTable title={title} rows={rows} hideCaption />;
  const data = rows.map((r) => ({ name: r.label, budget: som(r.budgetTyiyn) }));
  return (
    <figure className="budget-chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <ClientOnly fallback={table}>
        {() => (
          <>
            <div className="chart-box no-print" data-testid={`chart-${id}`}>
              <ResponsiveContainer width="100%" height={Math.max(220, data.length * 38)}>
                <BarChart data={data} layout="vertical" margin={{ left: 20, right: 30 }}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis type="number" tickFormatter={(v: number) => formatNumber(v, lang as Language, 0)} />
                  <YAxis type="category" dataKey="name" width={220} tick={{ fontSize: 12 }} />
                  <Tooltip formatter={(v) => [formatMoney(Number(v) * 100, lang as Language), t('program:fields.budget')]} />
                  <Bar dataKey="budget" fill="#0b4f8a" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </div>
            <details className="no-print">
              <summary>{t('program:public.chartAsTable')}</summary>
              {table}
            </details>
            <div className="print-only">{table}</div>
          </>
        )}
      </ClientOnly>
    </figure>
  );
}

/** A form-level error with parameters (e.g. the ceiling amounts), which ErrorSummary cannot show. */
export function FormAlert({ messageKey, params }: { messageKey?: string | null; params?: Record<string, unknown> }) {
  const t = useT();
  if (!messageKey) return null;
  return (
    <div className="error-summary" role="alert">
      <p>{t(messageKey, params)}</p>
    </div>
  );
}
