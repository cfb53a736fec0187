import { z } from 'zod';

/** Field errors as i18n keys by field path ("name", "lines.0.budget"); `_form` for the whole form. */
export type FieldErrors = Record<string, string>;

/** Turns a zod error into field errors; messages are i18n keys set in the schemas. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.join('.') || '_form';
    if (out[path]) continue;
    // Keys may carry a namespace ("program:errors.overCeiling").
    out[path] = /^([a-z]+:)?([a-zA-Z]+\.)*errors\./.test(issue.message) ? issue.message : 'errors.invalid';
  }
  return out;
}

/** A required trimmed text field. */
export const requiredText = (max = 500) =>
  z
    .string({ error: 'errors.required' })
    .trim()
    .min(1, { error: 'errors.required' })
    .max(max, { error: 'errors.tooLong' });

/** An optional text field: empty input becomes null. */
export const optionalText = (max = 2000) =>
  z
    .string()
    .trim()
    .max(max, { error: 'errors.tooLong' })
    .optional()
    .transform((v) => (v ? v : null));
