import { type Actor, type Language, type SurveySummarySection } from '@kamkor/domain';
import { loadAnnualReport, type Db } from '@kamkor/db';
import { writeAnnualReport } from '@kamkor/excel';

type Translate = (key: string, params?: Record<string, unknown>) => string;

/**
 * The annual M&E report of a program year as xlsx: generated as the actor may see it (loadAnnualReport
 * asks the policy), written by @kamkor/excel with headers in the user's language. Survey summaries,
 * when the responses module provides them, are added as their own sheet.
 */
export async function annualReportXlsx(
  db: Db,
  actor: Actor,
  input: { programId: string; year: number; today: string; lang: Language; t: Translate; surveys?: SurveySummarySection[] | null },
): Promise<{ bytes: Uint8Array; fileName: string }> {
  const report = await loadAnnualReport(db, actor, input.programId, input.year, input.today);
  const bytes = await writeAnnualReport(input.surveys?.length ? { ...report, surveys: input.surveys } : report, input.lang, input.t);
  return { bytes, fileName: `me-report-${input.year}.xlsx` };
}
