import { z } from 'zod';

/**
 * How village tallies become a ranking.
 * - `votes`: the votes for each problem are added up over all village meetings.
 * - `points`: each village meeting ranks problems by its own votes and gives points by place
 *   (e.g. 3-2-1: first place 3 points, second 2, third 1); the points are added up. A village's
 *   voice then does not depend on how many people came, only on its order.
 */
export type RankingRule = { method: 'votes' } | { method: 'points'; points: number[] };

export const rankingRuleSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('votes') }),
  z.object({
    method: z.literal('points'),
    points: z.array(z.number().int().positive()).min(1).max(10),
  }),
]);

/** Parses a points rule as people write it: "3-2-1", "3,2,1", "5 3 1". Points must not increase. */
export function parsePointsRule(input: string): number[] | null {
  const parts = input.trim().split(/[\s,;\-–—/]+/).filter(Boolean);
  if (parts.length === 0 || parts.length > 10) return null;
  const points = parts.map((p) => Number(p));
  if (points.some((p) => !Number.isInteger(p) || p <= 0)) return null;
  for (let i = 1; i < points.length; i++) if (points[i]! > points[i - 1]!) return null;
  return points;
}

/** Writes a points rule back as "3-2-1". */
export function formatPointsRule(points: number[]): string {
  return points.join('-');
}

/** One paper tally: the votes a problem got at one meeting (a village). */
export interface Tally {
  meetingId: string;
  problemId: string;
  votes: number;
}

export interface RankableProblem {
  id: string;
  /** Gallery number, the last tie-break: stable and visible on every printout. */
  number: number;
}

/** The tie-break, in the order it is applied; stated on the ranking page and in the report. */
export const tieBreakOrder = ['score', 'totalVotes', 'firstPlaces', 'meetingsWithVotes', 'number'] as const;
export type TieBreakStep = (typeof tieBreakOrder)[number];

export interface RankedProblem {
  problemId: string;
  number: number;
  /** 1-based; problems tied on every step up to the gallery number still get distinct ranks. */
  rank: number;
  score: number;
  totalVotes: number;
  /** Meetings where this problem had the most votes (shared first places count). */
  firstPlaces: number;
  meetingsWithVotes: number;
  /** Which step separated this problem from the one above it; null for the first. */
  decidedBy: TieBreakStep | null;
}

/**
 * Place of each problem within one meeting by its votes, competition style ("1-2-2-4"): problems
 * with equal votes share the better place. Problems with no votes get no place.
 */
export function placesInMeeting(votes: Map<string, number>): Map<string, number> {
  const sorted = [...votes.entries()].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]);
  const places = new Map<string, number>();
  sorted.forEach(([id, v], i) => {
    const prev = sorted[i - 1];
    places.set(id, prev && prev[1] === v ? places.get(prev[0])! : i + 1);
  });
  return places;
}

/**
 * Ranks problems from village tallies under a rule, with the stated tie-break: score, then total
 * votes, then the number of meetings that put it first, then the number of meetings that voted for
 * it at all, then the lower gallery number.
 */
export function rankProblems(problems: RankableProblem[], tallies: Tally[], rule: RankingRule): RankedProblem[] {
  const known = new Set(problems.map((p) => p.id));
  const byMeeting = new Map<string, Map<string, number>>();
  for (const t of tallies) {
    if (!known.has(t.problemId)) continue;
    if (!Number.isInteger(t.votes) || t.votes < 0) throw new RangeError(`votes must be a whole number ≥ 0: ${t.votes}`);
    const m = byMeeting.get(t.meetingId) ?? new Map<string, number>();
    m.set(t.problemId, (m.get(t.problemId) ?? 0) + t.votes);
    byMeeting.set(t.meetingId, m);
  }
  const stats = new Map(problems.map((p) => [p.id, { score: 0, totalVotes: 0, firstPlaces: 0, meetingsWithVotes: 0 }]));
  for (const votes of byMeeting.values()) {
    const places = placesInMeeting(votes);
    for (const [id, v] of votes) {
      const s = stats.get(id)!;
      s.totalVotes += v;
      if (v > 0) s.meetingsWithVotes += 1;
      const place = places.get(id);
      if (place === 1) s.firstPlaces += 1;
      if (rule.method === 'votes') s.score += v;
      else if (place !== undefined) s.score += rule.points[place - 1] ?? 0;
    }
  }
  const rows = problems.map((p) => ({ problemId: p.id, number: p.number, ...stats.get(p.id)! }));
  const compare = (a: (typeof rows)[number], b: (typeof rows)[number]): [number, TieBreakStep] => {
    if (a.score !== b.score) return [b.score - a.score, 'score'];
    if (a.totalVotes !== b.totalVotes) return [b.totalVotes - a.totalVotes, 'totalVotes'];
    if (a.firstPlaces !== b.firstPlaces) return [b.firstPlaces - a.firstPlaces, 'firstPlaces'];
    if (a.meetingsWithVotes !== b.meetingsWithVotes) return [b.meetingsWithVotes - a.meetingsWithVotes, 'meetingsWithVotes'];
    return [a.number - b.number, 'number'];
  };
  rows.sort((a, b) => compare(a, b)[0]);
  return rows.map((r, i) => ({ ...r, rank: i + 1, decidedBy: i === 0 ? null : compare(rows[i - 1]!, r)[1] }));
}
