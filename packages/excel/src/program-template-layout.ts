/** The layout of the program-lines import template, shared by its writer and its reader. */
export const TEMPLATE_KIND = 'kamkor-program-lines';
export const TEMPLATE_FORMAT = '1';
export const META_SHEET = '_kamkor';
export const LINES_SHEET = 'Lines';
export const LISTS_SHEET = 'Lists';
export const MAX_ROWS = 1000;

/** Template columns in order; the letter is where each field lives (used to point at cells). */
export const templateColumns = {
  lineNo: 'A',
  priorityAreaCode: 'B',
  serviceCode: 'C',
  targetGroupCodes: 'D',
  territorySoates: 'E',
  plannedBeneficiaries: 'F',
  budget: 'G',
  periodStart: 'H',
  periodEnd: 'I',
  expectedResults: 'J',
  indicatorCodes: 'K',
} as const;
export type TemplateField = keyof typeof templateColumns;
export const fields = Object.keys(templateColumns) as TemplateField[];
