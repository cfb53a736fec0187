/** Attendance of one meeting or focus group, counted by sex (no names are kept). */
export interface Attendance {
  /** Village SOATE, or null for the aiyl-aimak meeting. */
  villageSoate: string | null;
  women: number;
  men: number;
}

export interface ParticipationStats {
  total: number;
  women: number;
  men: number;
  /** Share of women, 0..1; null when nobody was counted. */
  womenShare: number | null;
  byVillage: { villageSoate: string | null; total: number; women: number; share: number | null }[];
}

/** Share as a fraction, null for an empty denominator (so "0 of 0" never shows as 0 %). */
export function share(part: number, total: number): number | null {
  return total > 0 ? part / total : null;
}

/** Participation statistics: totals, share of women, and each village's share of everyone counted. */
export function participationStats(rows: Attendance[]): ParticipationStats {
  let women = 0;
  let men = 0;
  const villages = new Map<string | null, { total: number; women: number }>();
  for (const r of rows) {
    if (r.women < 0 || r.men < 0) throw new RangeError('attendance cannot be negative');
    women += r.women;
    men += r.men;
    const v = villages.get(r.villageSoate) ?? { total: 0, women: 0 };
    v.total += r.women + r.men;
    v.women += r.women;
    villages.set(r.villageSoate, v);
  }
  const total = women + men;
  return {
    total,
    women,
    men,
    womenShare: share(women, total),
    byVillage: [...villages.entries()].map(([villageSoate, v]) => ({ villageSoate, total: v.total, women: v.women, share: share(v.total, total) })),
  };
}

/** Age groups used to count focus-group participants. */
export const ageGroups = ['14_29', '30_59', '60_plus'] as const;
export type AgeGroup = (typeof ageGroups)[number];

/**
 * Checks a meeting's votes against its attendance: each person votes at most once for a problem,
 * so a problem with more votes than people at the meeting is a typing error (1 234 for 65 people)
 * and is refused. Returns the message key for such a count, or null when it is possible.
 */
export function voteCountProblem(votes: number, attendees: number): 'assessment:errors.votesOverAttendance' | null {
  return votes > attendees ? 'assessment:errors.votesOverAttendance' : null;
}
