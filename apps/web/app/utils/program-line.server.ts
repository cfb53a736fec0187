import { data } from '@remix-run/node';
import { programLineSchema, type Actor, type Language } from '@kamkor/domain';
import { saveProgramLine, type Db } from '@kamkor/db';
import { parseForm } from './forms.server.ts';
import { appErrorFields } from './program.server.ts';

/** Validates and saves a line form; returns a 400 response with field errors and input on failure. */
export async function saveLineFromForm(request: Request, db: Db, actor: Actor, programId: string, lineId: string | null, lang: Language, form: FormData) {
  const multi = {
    targetGroupCodes: form.getAll('targetGroupCodes').map(String),
    territorySoates: form.getAll('territorySoates').map(String),
    indicatorIds: form.getAll('indicatorIds').map(String),
  };
  const parsed = await parseForm(request, programLineSchema, form);
  if (!parsed.ok) return { response: data({ ok: false as const, errors: parsed.errors, values: parsed.values, params: {} as Record<string, unknown>, multi }, { status: 400 }) };
  const d = parsed.data;
  try {
    const id = await db.transaction().execute((trx) =>
      saveProgramLine(trx, actor, programId, lineId, {
        lineNo: d.lineNo,
        priorityAreaCode: d.priorityAreaCode,
        serviceCode: d.serviceCode,
        targetGroupCodes: d.targetGroupCodes,
        territorySoates: d.territorySoates,
        plannedBeneficiaries: d.plannedBeneficiaries,
        budgetTyiyn: d.budget,
        periodStart: d.periodStart,
        periodEnd: d.periodEnd,
        expectedResults: d.expectedResults,
        indicatorIds: d.indicatorIds,
      }),
    );
    return { id };
  } catch (err) {
    const failure = appErrorFields(err, lang);
    if (!failure) throw err;
    const values = Object.fromEntries([...form.entries()].filter(([k, v]) => typeof v === 'string' && k !== '_csrf')) as Record<string, string>;
    return { response: data({ ok: false as const, errors: failure.errors, values, params: failure.params, multi }, { status: 400 }) };
  }
}
