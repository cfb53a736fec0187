import { Form, Link, useLoaderData } from '@remix-run/react';
import { redirect } from '@remix-run/node';
import { AppError, bishkekToday, can, formatDateTime } from '@kamkor/domain';
import { getAnnualReportPublication, getDb, loadAnnualReport, setAnnualReportPublished } from '../db.server.ts';
import { AnnualReportView } from '../components/annual-report.tsx';
import { CsrfInput } from '../components/forms.tsx';
import { useT } from '../i18n.ts';
import { action as wrapAction, loader as wrapLoader } from '../utils/http.server.ts';
import { reportParams } from '../utils/annual-report.server.ts';
import { requireUser } from '../utils/session.server.ts';
import { data } from '@remix-run/node';

/** The annual M&E report of a program year, generated now; the customer's program officers publish it. */
export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const { programId, year } = reportParams(params);
  const db = await getDb();
  const report = await loadAnnualReport(db, user, programId, year, bishkekToday());
  const publication = await getAnnualReportPublication(db, programId, year);
  const customerId = (await db.selectFrom('program').select('customer_id').where('id', '=', programId).executeTakeFirstOrThrow()).customer_id;
  return {
    report,
    canPublish: can(user, 'approve', { type: 'annual_report', customerId }),
    publication: publication ? { status: publication.status, at: String(publication.published_at), by: publication.full_name } : null,
  };
});

export const action = wrapAction(async ({ request, params }) => {
  const user = await requireUser(request);
  const { programId, year } = reportParams(params);
  const db = await getDb();
  const program = await db.selectFrom('program').select('customer_id').where('id', '=', programId).executeTakeFirst().catch(() => undefined);
  // Authorised before the form is read: only the program's customer officers publish (404 otherwise).
  if (!program || !can(user, 'approve', { type: 'annual_report', customerId: program.customer_id })) throw new AppError('NOT_FOUND', 'errors.notFound');
  const intent = String((await request.formData()).get('intent') ?? '');
  if (intent !== 'publish' && intent !== 'withdraw') return data({ messageKey: 'errors.invalid' }, { status: 400 });
  try {
    await db.transaction().execute((trx) => setAnnualReportPublished(trx, user, programId, year, bishkekToday(), intent === 'publish'));
  } catch (err) {
    if (err instanceof AppError && err.code === 'CONFLICT') return data({ messageKey: err.messageKey }, { status: 400 });
    throw err;
  }
  return redirect(`/monitoring/reports/${programId}/${year}`);
});

export default function AnnualReportPage() {
  const t = useT();
  const { report, canPublish, publication } = useLoaderData<typeof loader>();
  const base = `/monitoring/reports/${report.program.id}/${report.year}`;
  const published = publication?.status === 'published';
  return (
    <section>
      <p className="eyebrow">
        <Link to="/monitoring/reports">{t('monitoring:report.nav')}</Link>
      </p>
      <h1>{t('monitoring:report.title', { year: report.year })}</h1>
      <p className="inline-actions">
        <Link className="button" to={`${base}/print`}>
          {t('monitoring:report.print')}
        </Link>{' '}
        <a className="button" href={`${base}/xlsx`}>
          {t('monitoring:report.xlsx')}
        </a>
      </p>
      <p role="status">
        {published ? t('monitoring:report.publishedBy', { date: formatDateTime(publication!.at), name: publication!.by ?? '—' }) : publication ? t('monitoring:report.withdrawn') : t('monitoring:report.notPublished')}{' '}
        {published ? <Link to={`/public/monitoring-reports/${report.program.id}/${report.year}`}>{t('monitoring:report.publicLink')}</Link> : null}
      </p>
      {canPublish ? (
        <Form method="post" className="inline-actions">
          <CsrfInput />
          <p className="hint">{t('monitoring:report.publicNote')}</p>
          <button type="submit" name="intent" value="publish" className="primary">
            {published ? t('monitoring:report.republish') : t('monitoring:report.publish')}
          </button>{' '}
          {published ? (
            <button type="submit" name="intent" value="withdraw">
              {t('monitoring:report.withdraw')}
            </button>
          ) : null}
        </Form>
      ) : null}
      <AnnualReportView report={report} />
    </section>
  );
}
