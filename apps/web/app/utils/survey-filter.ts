import { respondentAgeGroups, respondentSexes, type RespondentAgeGroup, type RespondentSex } from '@kamkor/domain';

export const summaryDimensions = ['project', 'territory', 'sex', 'age_group'] as const;
export type SummaryBy = (typeof summaryDimensions)[number];

/** The filters of the response summary from the URL (unknown values are ignored). */
export function summaryFilter(url: URL) {
  const p = url.searchParams;
  const pick = <T extends string>(v: string | null, list: readonly T[]) => (v && (list as readonly string[]).includes(v) ? (v as T) : null);
  return {
    versionNo: Number(p.get('version')) || null,
    projectId: /^[0-9a-f-]{36}$/i.test(p.get('project') ?? '') ? p.get('project') : null,
    adminUnitSoate: /^\d{14}$/.test(p.get('territory') ?? '') ? p.get('territory') : null,
    sex: pick<RespondentSex>(p.get('sex'), respondentSexes),
    ageGroup: pick<RespondentAgeGroup>(p.get('age'), respondentAgeGroups),
    by: pick<SummaryBy>(p.get('by'), summaryDimensions),
  };
}
