import { formatDateTime } from '@kamkor/domain';
import { getDb } from '../db.server.ts';
import { exportResponsesWorkbook } from '../services.server.ts';
import { getT } from '../i18n.ts';
import { fileResponse } from '../utils/download.server.ts';
import { resourceLoader } from '../utils/http.server.ts';
import { requireUser, resolveLanguage } from '../utils/session.server.ts';
import { summaryFilter } from '../utils/survey-filter.ts';

/** The responses an actor may read and their summaries (the page's filters) as xlsx. */
export const loader = resourceLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const lang = resolveLanguage(request, user);
  const formId = params.formId ?? '';
  const bytes = await exportResponsesWorkbook(await getDb(), user, { formId, ...summaryFilter(new URL(request.url)) }, {
    lang,
    t: getT(lang),
    exportedBy: user.fullName,
    exportedAt: formatDateTime(new Date()),
  });
  return fileResponse(bytes, `${formId.replace(/[^A-Za-z0-9_-]/g, '_')}-responses.xlsx`);
});
