import { bishkekToday } from '@kamkor/domain';
import { getDb } from '../db.server.ts';
import { annualReportXlsx } from '../services.server.ts';
import { getT } from '../i18n.ts';
import { fileResponse } from '../utils/download.server.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { reportParams } from '../utils/annual-report.server.ts';
import { requireUser, resolveLanguage } from '../utils/session.server.ts';

/** The annual M&E report as xlsx, headers in the user's language. */
export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const { programId, year } = reportParams(params);
  const lang = resolveLanguage(request, user);
  const t = getT(lang);
  const file = await annualReportXlsx(await getDb(), user, { programId, year, today: bishkekToday(), lang, t: (k, p) => t(k, p) });
  return fileResponse(file.bytes, file.fileName);
});
