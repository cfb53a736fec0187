/**
 * Focus-group categories (FG-xx) mapped to the SSO target groups (TG-xx) they speak for. Salaried
 * people (FG-06) have no social-service target group of their own.
 */
export const focusGroupTargetGroups: Record<string, string[]> = {
  'FG-01': ['TG-10'],
  'FG-02': ['TG-03'],
  'FG-03': ['TG-11'],
  'FG-04': ['TG-08'],
  'FG-05': ['TG-02', 'TG-16'],
  'FG-06': [],
  'FG-07': ['TG-12'],
  'FG-08': ['TG-09'],
  'FG-09': ['TG-15'],
};

export interface PriorityForProgram {
  assessmentId: string;
  year: number;
  municipalityId: string;
  /** The aiyl aimak or city. */
  municipalitySoate: string | null;
  problemId: string;
  rank: number | null;
  title: string;
  description: string | null;
  categoryName: string;
  villageSoates: string[];
  villageNames: string[];
  raisedBy: string[];
  votes: number;
  rootCauses: string[];
}

/** What a program line is created from: territory, target group and problem description. */
export interface ProgramLineDraft {
  customerId: string;
  year: number;
  title: string;
  /** Villages affected, or the whole municipality when none are named. */
  adminUnitSoates: string[];
  targetGroupCodes: string[];
  problemDescription: string;
  source: { kind: 'needs_assessment'; assessmentId: string; problemId: string; rank: number | null };
}

/**
 * Turns a prioritised problem into the draft of a line of the municipality's local SSO program. The
 * description says where the priority came from, so the program's public discussion can trace it.
 */
export function priorityToProgramLineDraft(p: PriorityForProgram, lang: 'ky' | 'ru' | 'en' = 'ru'): ProgramLineDraft {
  const targetGroupCodes = [...new Set(p.raisedBy.flatMap((c) => focusGroupTargetGroups[c] ?? []))].sort();
  const where = p.villageNames.length ? p.villageNames.join(', ') : '';
  const intro = {
    ky: `Жамааттын муктаждыктарын биргелешип аныктоо (${p.year}): ${p.rank ?? '–'}-орундагы көйгөй, ${p.votes} добуш.`,
    ru: `Совместное изучение нужд (${p.year}): проблема на ${p.rank ?? '–'}-м месте, ${p.votes} голосов.`,
    en: `Joint needs assessment (${p.year}): priority no. ${p.rank ?? '–'}, ${p.votes} votes.`,
  }[lang];
  const parts = [intro, p.title + (where ? ` (${where})` : ''), p.description ?? '', p.rootCauses.length ? `${{ ky: 'Себептери', ru: 'Причины', en: 'Causes' }[lang]}: ${p.rootCauses.join('; ')}` : ''];
  return {
    customerId: p.municipalityId,
    year: p.year,
    title: p.title,
    adminUnitSoates: p.villageSoates.length ? [...p.villageSoates] : p.municipalitySoate ? [p.municipalitySoate] : [],
    targetGroupCodes,
    problemDescription: parts.filter(Boolean).join('\n'),
    source: { kind: 'needs_assessment', assessmentId: p.assessmentId, problemId: p.problemId, rank: p.rank },
  };
}
