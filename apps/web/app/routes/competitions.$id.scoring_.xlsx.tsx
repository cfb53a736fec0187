import { downloadScoreSheet } from '../services.server.ts';
import { getDb } from '../db.server.ts';
import { getT } from '../i18n.ts';
import { fileResponse } from '../utils/download.server.ts';
import { resourceLoader } from '../utils/http.server.ts';
import { requireUser, resolveLanguage } from '../utils/session.server.ts';

/** The member's own evaluation sheet as xlsx (codes, criteria, max points, their points so far): scoring offline. */
export const loader = resourceLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const t = getT(resolveLanguage(request, user));
  const bytes = await downloadScoreSheet(await getDb(), user, params.id ?? '', {
    sheet: t('competition:excel.sheet'),
    title: t('competition:excel.title'),
    code: t('competition:fields.code'),
    comment: t('competition:scoring.comment'),
    criterionName: (code) => t(`competition:criteria.${code}`),
    criterionHeader: (c) => t('competition:excel.criterionHeader', { name: c.name, max: c.maxPoints, weight: c.weight }),
  });
  return fileResponse(bytes, `evaluation-sheet-${(params.id ?? '').slice(0, 8)}.xlsx`);
});
