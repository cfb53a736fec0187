import { createHash } from 'node:crypto';
import type { IndicatorType } from '@kamkor/domain';

/** The kind and version written into every report template; uploads of anything else are refused. */
export const REPORT_TEMPLATE_KIND = 'kamkor.results.report';
export const REPORT_TEMPLATE_VERSION = '1';
export const META_SHEET = '_kamkor';
export const FIRST_ROW = 6;
// Columns of the data sheet.
export const COL = { code: 1, name: 2, unit: 3, cell: 4, value: 5, numerator: 6, denominator: 7, explanation: 8, key: 9 } as const;

/** One row of a report template: an indicator total or one disaggregation cell. */
export interface TemplateRow {
  indicatorId: string;
  indicatorCode: string;
  indicatorName: string;
  unit: string;
  type: IndicatorType;
  cellKey: string;
  cellLabel: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  explanation?: string | null;
}

/** Translated texts of the template (headers in the user's language). */
export interface TemplateLabels {
  sheet: string;
  title: string;
  period: string;
  help: string;
  code: string;
  indicator: string;
  unit: string;
  disaggregation: string;
  value: string;
  numerator: string;
  denominator: string;
  explanation: string;
  yes: string;
  no: string;
}

export interface ReportTemplateInput {
  projectId: string;
  projectCode: string;
  periodKey: string;
  labels: TemplateLabels;
  rows: TemplateRow[];
}

/** The key of a row: indicator code and cell key. */
export const rowKey = (indicatorCode: string, cellKey: string) => `${indicatorCode}#${cellKey}`;

/** Checksum of a template's identity and layout; a changed layout (rows removed, codes edited) no longer matches. */
export function templateChecksum(projectId: string, periodKey: string, keys: string[]): string {
  return createHash('sha256')
    .update([REPORT_TEMPLATE_KIND, REPORT_TEMPLATE_VERSION, projectId, periodKey, ...[...keys].sort()].join('\n'))
    .digest('hex')
    .slice(0, 32);
}

export const protection = { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true };
