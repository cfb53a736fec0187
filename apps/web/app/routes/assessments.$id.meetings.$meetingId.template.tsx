import { can, formatDate, localName } from '@kamkor/domain';
import { assessmentResource, getMeeting, listProblems, listTallies } from '../db.server.ts';
import { writeTallyTemplate } from '../excel.server.ts';
import { getT } from '../i18n.ts';
import { assessmentFor } from '../utils/assessment.server.ts';
import { fileResponse } from '../utils/download.server.ts';
import { resourceLoader } from '../utils/http.server.ts';
import { assertCan, resolveLanguage } from '../utils/session.server.ts';

/** The paper-like tally sheet of one village meeting, pre-filled with any votes already entered. */
export const loader = resourceLoader(async ({ request, params }) => {
  const { user, db, assessment } = await assessmentFor(request, params.id, 'view_draft');
  assertCan(can(user, 'export', assessmentResource(assessment)));
  const meeting = await getMeeting(db, assessment.id, params.meetingId ?? '');
  const lang = resolveLanguage(request, user);
  const t = getT(lang);
  const votes = new Map((await listTallies(db, assessment.id)).filter((x) => x.meeting_id === meeting.id).map((x) => [x.problem_id, x.votes]));
  const problems = await listProblems(db, assessment.id);
  const village = meeting.village_soate ? localName({ name_ky: meeting.village_ky ?? '', name_ru: meeting.village_ru ?? '', name_en: meeting.village_en ?? '' }, lang) : '';
  const bytes = await writeTallyTemplate(
    { meetingId: meeting.id, villageName: village, heldOn: formatDate(meeting.held_on), problems: problems.map((p) => ({ number: p.number, title: p.title, votes: votes.get(p.id) ?? null })) },
    {
      sheet: t('assessment:excel.sheet'),
      title: t('assessment:excel.sheetTitle', { year: assessment.year }),
      instructions: t('assessment:excel.instructions'),
      meeting: t('assessment:excel.meetingKey'),
      village: t('assessment:fields.village'),
      date: t('assessment:fields.date'),
      number: '№',
      problem: t('assessment:problems.title'),
      votes: t('assessment:meetings.votes'),
    },
  );
  return fileResponse(bytes, `tally-${assessment.year}-${village || meeting.id.slice(0, 8)}.xlsx`);
});
