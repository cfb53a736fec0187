import { data } from '@remix-run/node';
import { AppError, fieldErrors, type FieldErrors } from '@kamkor/domain';
import type { z } from 'zod';

export type FormFailure = { ok: false; errors: FieldErrors; values: Record<string, string> };

/** The user's own input, echoed back so a failed form keeps what they typed (never passwords). */
export function formValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of form.entries()) {
    if (typeof v === 'string' && !/password|_csrf/i.test(k)) values[k] = v;
  }
  return values;
}

/** Reads a form and validates it with a domain schema (the HTTP server has already checked its size and CSRF). */
export async function parseForm<S extends z.ZodTypeAny>(
  request: Request,
  schema: S,
  form?: FormData,
): Promise<{ ok: true; data: z.infer<S>; form: FormData } | FormFailure> {
  form ??= await request.formData();
  const raw: Record<string, unknown> = {};
  for (const [k, v] of form.entries()) {
    if (k === '_csrf' || k === 'intent') continue;
    if (k in raw) raw[k] = ([] as unknown[]).concat(raw[k], v);
    else raw[k] = v;
  }
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data, form };
  return { ok: false, errors: fieldErrors(result.error), values: formValues(form) };
}

/** A 400 response with field errors and the user's input. */
export function invalid(failure: Omit<FormFailure, 'ok'>, status = 400) {
  return data({ ok: false as const, errors: failure.errors, values: failure.values }, { status });
}

/** Turns an expected failure into a form error (e.g. a unique email) instead of a crash. */
export function formError(err: unknown, form: FormData, field = '_form') {
  if (err instanceof AppError && (err.code === 'CONFLICT' || err.code === 'INVALID')) {
    return invalid({ errors: { [field]: err.messageKey }, values: Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string')) as Record<string, string> });
  }
  throw err;
}
