import { formatDate, localName } from '@kamkor/domain';
import { writeDiscussionSummary } from '../excel.server.ts';
import { getT } from '../i18n.ts';
import { resourceLoader } from '../utils/http.server.ts';
import { loadProgramPage, summaryRows, xlsxResponse } from '../utils/program.server.ts';

/** The discussion summary as xlsx, for the approval file. */
export const loader = resourceLoader(async ({ request, params }) => {
  const { db, program, lang, header } = await loadProgramPage(request, params.id, 'view');
  const t = getT(lang);
  const customer = localName({ name_ky: program.customer_name_ky, name_ru: program.customer_name_ru, name_en: program.customer_name_en }, lang);
  const bytes = await writeDiscussionSummary(
    {
      title: `${t('program:summary.title')}: ${header.title}`,
      facts: [
        [t('program:fields.customer'), customer],
        [t('program:fields.discussionWindow'), program.discussion_start ? `${formatDate(program.discussion_start)} – ${formatDate(program.discussion_end)}` : ''],
      ],
      rows: await summaryRows(db, program.id, t),
    },
    t,
  );
  return xlsxResponse(bytes, `discussion-summary-${header.year_from}.xlsx`);
});
