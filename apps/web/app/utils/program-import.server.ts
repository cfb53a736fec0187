import { AppError, localName, type Language } from '@kamkor/domain';
import { listProgramIndicators, listProgramLines, type Db } from '@kamkor/db';
import { writeProgramTemplate } from '@kamkor/excel';
import { getT } from '../i18n.ts';
import { loadNames } from './program.server.ts';

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
