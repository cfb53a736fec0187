import { useLoaderData } from '@remix-run/react';
import { formatDate, formatMoney, localName, programTotals } from '@kamkor/domain';
import { LinesTable, TotalsTable } from '../components/program.tsx';
import { useLang, useT } from '../i18n.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { contentVersionFor, displayLines, loadNames, loadProgram, programContent } from '../utils/program.server.ts';

/** The program laid out on A4 for signing (print stylesheet hides the site's chrome). */
export const loader = wrapLoader(async ({ request, params }) => {
  const { db, program, user, lang } = await loadProgram(request, params.id, 'view');
  const requested = Number(new URL(request.url).searchParams.get('version') ?? '') || undefined;
  const versionNo = contentVersionFor(user, program, requested);
  const [names, content] = await Promise.all([loadNames(db, lang), programContent(db, program.id, lang, versionNo)]);
  const totals = programTotals(content.lines);
  return {
    id: program.id,
    title: content.header.title,
    customer: localName({ name_ky: program.customer_name_ky, name_ru: program.customer_name_ru, name_en: program.customer_name_en }, lang),
    years: content.header.yearFrom === content.header.yearTo ? String(content.header.yearFrom) : `${content.header.yearFrom}–${content.header.yearTo}`,
    fundingSource: content.header.fundingSource,
    ceilingTyiyn: content.header.ceilingTyiyn,
    status: program.status,
    versionNo: versionNo ?? program.version_no,
    version: content.version,
    lines: displayLines(content.lines, names, content.indicators),
    byArea: totals.byArea.map((r) => ({ ...r, label: names.areas[r.key] ?? r.key })),
  };
});

export default function PrintProgram() {
  const t = useT();
  const lang = useLang();
  const d = useLoaderData<typeof loader>();
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
