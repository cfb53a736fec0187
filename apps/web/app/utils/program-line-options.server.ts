import { listProgramIndicators, listProgramLines, type Db } from '@kamkor/db';
import { localName, type Language, type LineData } from '@kamkor/domain';
import type { LineFormOptions } from '../components/program-line-form.tsx';
import { loadNames } from './program.server.ts';

/**
 * Choices for the line form: active catalogue entries, open territory units, the program's live
 * indicators. Only for pages whose loader already checked `update` (the live draft is theirs).
 */
export async function lineFormOptions(db: Db, programId: string, lang: Language): Promise<LineFormOptions & { nextLineNo: number; lines: LineData[] }> {
  const [names, lines, indicators] = await Promise.all([loadNames(db, lang), listProgramLines(db, programId), listProgramIndicators(db, programId)]);
  return {
    areas: names.activeAreas,
    services: names.activeServices,
    groups: names.activeGroups,
    units: names.openUnits,
    indicators: indicators.map((i) => ({ id: i.id, code: i.code, name: localName(i, lang) })),
    nextLineNo: Math.max(0, ...lines.map((l) => l.lineNo)) + 1,
    lines,
  };
}
