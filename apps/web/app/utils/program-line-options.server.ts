import type { Db } from '@kamkor/db';
import type { Language } from '@kamkor/domain';
import type { LineFormOptions } from '../components/program-line-form.tsx';
import { loadNames, programContent } from './program.server.ts';

/** Choices for the line form: active catalogue entries, open territory units, the program's indicators. */
export async function lineFormOptions(db: Db, programId: string, lang: Language): Promise<LineFormOptions & { nextLineNo: number; lines: Awaited<ReturnType<typeof programContent>>['lines'] }> {
  const [names, content] = await Promise.all([loadNames(db, lang), programContent(db, programId, lang)]);
  return {
    areas: names.activeAreas,
    services: names.activeServices,
    groups: names.activeGroups,
    units: names.openUnits,
    indicators: content.indicators.map((i) => ({ id: i.id, code: i.code, name: i.name })),
    nextLineNo: Math.max(0, ...content.lines.map((l) => l.lineNo)) + 1,
    lines: content.lines,
  };
}
