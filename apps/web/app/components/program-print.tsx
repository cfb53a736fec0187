import { formatDate, formatMoney } from '@kamkor/domain';
import { LinesTable, TotalsTable } from './program.tsx';
import { useLang, useT } from '../i18n.ts';
import type { PrintData } from '../utils/program.server.ts';

/** The program laid out on A4 for signing (the print stylesheet hides the site's chrome). */
export function ProgramPrint({ d }: { d: PrintData }) {
  const t = useT();
  const lang = useLang();
  return (
    <article className="print-page program-print">
      <div className="no-print inline-actions">
        <button type="button" className="primary" onClick={() => window.print()}>
          {t('program:export.printNow')}
        </button>
      </div>
      <header className="print-header">
        <p className="print-approval">
          {d.version
            ? t('program:print.approvedBy', { body: d.version.body, docNo: d.version.docNo, date: formatDate(d.version.date) })
            : t('program:print.draftMark', { status: t(`program:status.${d.status}`), no: d.versionNo })}
        </p>
        <h1>{d.title}</h1>
        <dl className="facts">
          <dt>{t('program:fields.customer')}</dt>
          <dd>{d.customer}</dd>
          <dt>{t('program:fields.period')}</dt>
          <dd>{d.years}</dd>
          <dt>{t('program:fields.fundingSource')}</dt>
          <dd>{t(`program:fundingSources.${d.fundingSource}`)}</dd>
          <dt>{t('program:fields.ceiling')}</dt>
          <dd>{formatMoney(d.ceilingTyiyn, lang)}</dd>
        </dl>
      </header>
      <LinesTable lines={d.lines} />
      <TotalsTable title={t('program:totals.byArea')} rows={d.byArea} />
      <section className="signatures">
        <p>{t('program:print.signedBy')}: ______________________ / ______________________ /</p>
        <p>{t('program:print.date')}: «____» ______________ 20___</p>
        <p>{t('program:print.stamp')}</p>
      </section>
    </article>
  );
}
