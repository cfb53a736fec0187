import { data } from '@remix-run/node';
import { AppError, formatDate, formatDateTime, formatMoney, formatPercent, type Language } from '@kamkor/domain';
import { getT } from '../i18n.ts';
import { formValues } from './forms.server.ts';

/**
 * An expected refusal of a competition workflow as a 400 with the user's input and a message that
 * carries its amounts or deadline (formatted for the user's language; times in Asia/Bishkek).
 */
export function competitionFailure(err: unknown, form: FormData, lang: Language) {
  if (!(err instanceof AppError) || (err.code !== 'INVALID' && err.code !== 'CONFLICT')) throw err;
  const p = err.params as Record<string, number | string>;
  const money = (k: string) => (typeof p[k] === 'number' ? formatMoney(p[k], lang) : '');
  const message = getT(lang)(err.messageKey, {
    ...p,
    lineBudget: money('lineBudget'),
    allocatedElsewhere: money('allocatedElsewhere'),
    available: money('available'),
    lotBudget: money('lotBudget'),
    max: money('max'),
    total: money('total'),
    closesAt: typeof p.closesAt === 'string' ? formatDateTime(p.closesAt) : '',
    // Application content (budget and co-funding, the lot's project period).
    requested: money('requested'),
    cofunding: money('cofunding'),
    share: typeof p.share === 'number' ? formatPercent(p.share, lang, 2) : '',
    min: typeof p.min === 'number' ? formatPercent(p.min, lang, 0) : '',
    start: typeof p.start === 'string' ? formatDate(p.start) : '',
    end: typeof p.end === 'string' ? formatDate(p.end) : '',
  });
  return data({ ok: false as const, errors: { _form: err.messageKey }, message, values: formValues(form) }, { status: 400 });
}
