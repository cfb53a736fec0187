import { AppError } from '@kamkor/domain';

/** `:programId/:year` of the report routes; a malformed year is a 404. */
export function reportParams(params: { programId?: string; year?: string }) {
  const year = Number(params.year);
  if (!/^\d{4}$/.test(params.year ?? '') || year < 2000 || year > 2100) throw new AppError('NOT_FOUND', 'errors.notFound');
  return { programId: (params.programId ?? '').slice(0, 40), year };
}
