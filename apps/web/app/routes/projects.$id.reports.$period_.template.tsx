import { writeReportTemplate } from '../excel.server.ts';
import { AppError, localName } from '@kamkor/domain';
import { getDb, loadReport } from '../db.server.ts';
import { reportTemplateRows } from '../services.server.ts';
import { getT } from '../i18n.ts';
import { resourceLoader } from '../utils/http.server.ts';
import { reportFor } from '../utils/results.server.ts';
import { fileResponse } from '../utils/download.server.ts';
import { requireUser, resolveLanguage } from '../utils/session.server.ts';

/** The Excel template of a report period, in the user's language, with the values entered so far. */
export const loader = resourceLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const { project, report } = await reportFor(user, params.id, params.period, 'report');
  if (report.status === 'approved') throw new AppError('CONFLICT', 'results:errors.locked');
  const lang = resolveLanguage(request, user);
  const t = getT(lang);
  const data = await loadReport(await getDb(), report.id);
  const bytes = await writeReportTemplate({
    projectId: project.id,
    projectCode: project.code,
    periodKey: report.period_key,
    rows: reportTemplateRows(data, lang, t('results:report.total')),
    labels: {
      sheet: t('results:template.sheet'),
      title: `${project.code} — ${localName(project, lang)}`,
      period: `${t('results:report.period')}: ${report.period_key}`,
      help: t('results:template.help'),
      code: t('results:indicator.code'),
      indicator: t('results:indicator.title'),
      unit: t('results:indicator.unit'),
      disaggregation: t('results:indicator.disaggregations'),
      value: t('results:report.value'),
      numerator: t('results:report.numerator'),
      denominator: t('results:report.denominator'),
      explanation: t('results:report.explanation'),
      yes: t('results:template.yes'),
      no: t('results:template.no'),
    },
  });
  return fileResponse(bytes, `report-${project.code}-${report.period_key}.xlsx`);
});
