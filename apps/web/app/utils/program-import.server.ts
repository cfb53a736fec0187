import { AppError, isEditable, localName, type Language } from '@kamkor/domain';
import { databaseStorage, isUuid, listProgramIndicators, listProgramLines, planLineImport, type Db, type ImportPlan } from '@kamkor/db';
import { readProgramTemplate, writeProgramTemplate, type CellError } from '@kamkor/excel';
import { getT } from '../i18n.ts';
import { loadNames } from './program.server.ts';

export type ImportCheck =
  | { ok: false; messageKey: string; params?: Record<string, unknown> }
  | { ok: true; plan: ImportPlan; errors: CellError[] };

/**
 * Reads an uploaded template against a program: refuses a foreign workbook, another program's
 * template, and a template of a version that is frozen (approved) or no longer current.
 */
export async function checkImport(
  db: Db,
  program: { id: string; status: string; version_no: number },
  bytes: Uint8Array,
): Promise<ImportCheck> {
  const read = await readProgramTemplate(bytes, { programId: program.id });
  if (!read.ok) return read;
  if (!isEditable(program.status)) return { ok: false, messageKey: 'program:import.frozenVersion' };
  if (read.versionNo !== program.version_no) return { ok: false, messageKey: 'program:import.staleVersion', params: { file: read.versionNo, current: program.version_no } };
  const plan = await planLineImport(db, program.id, read.lines);
  return { ok: true, plan, errors: [...read.errors, ...plan.errors] };
}

/** The uploaded file, only for the user who uploaded it. */
export async function findOwnUpload(db: Db, fileId: string, userId: string): Promise<Uint8Array | null> {
  if (!isUuid(fileId)) return null;
  const row = await db.selectFrom('stored_file').select(['id']).where('id', '=', fileId).where('created_by', '=', userId).executeTakeFirst();
  if (!row) return null;
  return (await databaseStorage(db).get(fileId))?.data ?? null;
}

/** The import template of a program, with lists in the user's language. */
export async function templateFor(db: Db, program: { id: string; title: string; version_no: number }, lang: Language) {
  const [names, lines, indicators] = await Promise.all([loadNames(db, lang), listProgramLines(db, program.id), listProgramIndicators(db, program.id)]);
  const codeOf = new Map(indicators.map((i) => [i.id, i.code]));
  return writeProgramTemplate(
    {
      programId: program.id,
      versionNo: program.version_no,
      title: program.title,
      lines: lines.map((l) => ({ ...l, indicatorCodes: l.indicatorIds.map((id) => codeOf.get(id) ?? '').filter(Boolean) })),
      lists: {
        areas: names.activeAreas,
        services: names.activeServices,
        targetGroups: names.activeGroups,
        territories: names.openUnits.map((u) => ({ code: u.code, name: u.path ? `${u.path} › ${u.name}` : u.name })),
        indicators: indicators.map((i) => ({ code: i.code, name: localName(i, lang) })),
      },
    },
    getT(lang),
  );
}

export function assertFound<T>(v: T | null | undefined): T {
  if (v == null) throw new AppError('NOT_FOUND', 'errors.notFound');
  return v;
}
