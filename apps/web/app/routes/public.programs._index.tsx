import { Link, useLoaderData } from '@remix-run/react';
import { bishkekToday, formatDate, isDiscussionOpen, localName } from '@kamkor/domain';
import { listPublicPrograms } from '../db.server.ts';
import { getDb } from '../db.server.ts';
import { useT } from '../i18n.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { getCurrentUser, resolveLanguage } from '../utils/session.server.ts';

export const loader = wrapLoader(async ({ request }) => {
  const lang = resolveLanguage(request, await getCurrentUser(request));
  const db = await getDb();
  const today = bishkekToday();
  // One query: the public projection with each program's last approval joined (no query per row).
  const programs = await listPublicPrograms(db);
  const rows = programs.map((p) => {
      const last = p.approved_version_no ? { version_no: p.approved_version_no, approval_doc_no: p.approval_doc_no!, approval_date: p.approval_date! } : undefined;
      return {
        id: p.id,
        title: p.title,
        customer: localName({ name_ky: p.customer_name_ky, name_ru: p.customer_name_ru, name_en: p.customer_name_en }, lang),
        years: p.year_from === p.year_to ? String(p.year_from) : `${p.year_from}–${p.year_to}`,
        inDiscussion: p.status === 'public_discussion',
        open: isDiscussionOpen(p, today),
        discussionStart: p.discussion_start,
        discussionEnd: p.discussion_end,
        approval: last ? { no: last.version_no, docNo: last.approval_doc_no, date: last.approval_date } : null,
        closed: p.status === 'closed',
      };
  });
  return { discussion: rows.filter((r) => r.inDiscussion), approved: rows.filter((r) => !r.inDiscussion && r.approval) };
});

/** A program in the public lists: title, customer and years, then its state in `children`. */
function ProgramCard({ program, children }: { program: { id: string; title: string; customer: string; years: string }; children: React.ReactNode }) {
  return (
    <Link to={`/public/programs/${program.id}`} className="card task">
      <h3>{program.title}</h3>
      <p>
        {program.customer} · {program.years}
      </p>
      <p>{children}</p>
    </Link>
  );
}

export default function PublicPrograms() {
  const t = useT();
  const { discussion, approved } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>{t('program:public.title')}</h1>
      <p className="lead">{t('program:public.lead')}</p>
      <h2>{t('program:public.underDiscussion')}</h2>
      {discussion.length === 0 ? (
        <p className="empty-state">{t('program:public.noneInDiscussion')}</p>
      ) : (
        <div className="cards">
          {discussion.map((p) => (
            <ProgramCard key={p.id} program={p}>
              <span className={`badge ${p.open ? 'ok' : ''}`}>{p.open ? t('program:discussion.open') : t('program:discussion.closed')}</span>{' '}
              {t('program:discussion.window', { from: formatDate(p.discussionStart), to: formatDate(p.discussionEnd) })}
            </ProgramCard>
          ))}
        </div>
      )}
      <h2>{t('program:public.approved')}</h2>
      {approved.length === 0 ? (
        <p className="empty-state">{t('program:public.noneApproved')}</p>
      ) : (
        <div className="cards">
          {approved.map((p) => (
            <ProgramCard key={p.id} program={p}>
              <span className={`badge ${p.closed ? '' : 'ok'}`}>{p.closed ? t('program:status.closed') : t('program:status.approved')}</span>{' '}
              {t('program:public.approvalShort', { docNo: p.approval!.docNo, date: formatDate(p.approval!.date), no: p.approval!.no })}
            </ProgramCard>
          ))}
        </div>
      )}
    </section>
  );
}
