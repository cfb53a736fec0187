import { z } from 'zod';
import { requiredText } from '../forms.ts';
/** Dimensions an indicator can require values by; their categories are configurable data. */
export const disaggregationDimensions = ['sex', 'age_group', 'disability', 'territory'] as const;
export type DisaggregationDimension = (typeof disaggregationDimensions)[number];

export interface Category {
  code: string;
  name_ky: string;
  name_ru: string;
  name_en: string;
}

/** One cell of the disaggregation grid: a category per dimension; the total has none. */
export interface GridCell {
  key: string;
  parts: { dimension: DisaggregationDimension; category: string }[];
}

/** The key of the total (no disaggregation). */
export const TOTAL_CELL = '';

/** A stable key for a cell: dimensions in canonical order, 'sex=f|age_group=0-17'. */
export function cellKey(parts: { dimension: DisaggregationDimension; category: string }[]): string {
  return [...parts]
    .sort((a, b) => disaggregationDimensions.indexOf(a.dimension) - disaggregationDimensions.indexOf(b.dimension))
    .map((p) => `${p.dimension}=${p.category}`)
    .join('|');
}

/** Parses a cell key back into its parts. */
export function parseCellKey(key: string): { dimension: DisaggregationDimension; category: string }[] {
  if (!key) return [];
  return key.split('|').map((p) => {
    const [dimension, category] = p.split('=') as [DisaggregationDimension, string];
    return { dimension, category };
  });
}

/**
 * The grid of an indicator: the cross product of the categories of its required dimensions
 * (e.g. sex × age group), each cell reported separately and summing to the total.
 */
export function disaggregationGrid(dimensions: DisaggregationDimension[], categories: Partial<Record<DisaggregationDimension, Category[]>>): GridCell[] {
  const dims = disaggregationDimensions.filter((d) => dimensions.includes(d) && (categories[d]?.length ?? 0) > 0);
  if (dims.length === 0) return [];
  let cells: GridCell['parts'][] = [[]];
  for (const d of dims) {
    const next: GridCell['parts'][] = [];
    for (const c of cells) for (const cat of categories[d]!) next.push([...c, { dimension: d, category: cat.code }]);
    cells = next;
  }
  return cells.map((parts) => ({ key: cellKey(parts), parts }));
}

/** A human label for a cell: category names joined by ' · '. */
export function cellLabel(key: string, names: (dimension: DisaggregationDimension, code: string) => string): string {
  return parseCellKey(key)
    .map((p) => names(p.dimension, p.category))
    .join(' · ');
}

/** Dimensions whose categories an admin configures (territory categories come from the project's units). */
export const configurableDimensions = ['sex', 'age_group', 'disability'] as const;

/** An admin's edit of a disaggregation category. Codes are fixed once used: values are stored by code. */
export const disaggregationCategorySchema = z.object({
  dimension: z.enum(configurableDimensions, { error: 'errors.required' }),
  code: z
    .string()
    .trim()
    .min(1, { error: 'errors.required' })
    .max(20, { error: 'errors.tooLong' })
    .regex(/^[a-z0-9+-]+$/, { error: 'results:disaggregations.errors.code' }),
  name_ky: requiredText(200),
  name_ru: requiredText(200),
  name_en: requiredText(200),
  sort_order: z.coerce.number({ error: 'errors.invalid' }).int({ error: 'errors.invalid' }).min(0).max(999).default(0),
  is_active: z.literal('on').optional().transform((v) => v === 'on'),
});
export type DisaggregationCategoryInput = z.infer<typeof disaggregationCategorySchema>;
