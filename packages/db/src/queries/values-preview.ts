import { sql } from 'kysely';
import type { CellValue } from '@kamkor/domain';
import type { Db } from './audit.ts';

const round4 = (v: number | null) => (v == null ? null : Math.round(v * 10_000) / 10_000);

/**
 * What `upsertValues` would do with these values, read only: each is new (created), differs from the
 * stored numbers (updated, a blank row that removes a stored value included) or is the same
 * (unchanged). One set-based query per 5,000 values, no write and no transaction, so a dry run holds
 * no lock and stops no other user (on PGlite, one long transaction stops everyone). The report ids
 * come from the caller's visibility-checked lookup (as for `upsertValues`).
 */
export async function previewValues(db: Db, reportIdOf: (v: CellValue) => string, values: CellValue[]) {
  let created = 0;
  let updated = 0;
  let unchanged = 0;
  const BATCH = 5000;
  for (let i = 0; i < values.length; i += BATCH) {
    const chunk = values.slice(i, i + BATCH);
    const res = await sql<{ created: string; updated: string }>`
      select count(*) filter (where s.report_id is null and (t.v is not null or t.n is not null or t.d is not null))::text as created,
             count(*) filter (where s.report_id is not null and (s.value, s.numerator, s.denominator) is distinct from (t.v, t.n, t.d))::text as updated
      from unnest(${chunk.map(reportIdOf)}::uuid[], ${chunk.map((v) => v.indicatorId)}::uuid[], ${chunk.map((v) => v.cellKey)}::text[],
                  ${chunk.map((v) => round4(v.value))}::numeric[], ${chunk.map((v) => round4(v.numerator))}::numeric[],
                  ${chunk.map((v) => round4(v.denominator))}::numeric[]) as t(r, i, c, v, n, d)
      left join report_value s on s.report_id = t.r and s.indicator_id = t.i and s.cell_key = t.c`.execute(db);
    const c = Number(res.rows[0]?.created ?? 0);
    const u = Number(res.rows[0]?.updated ?? 0);
    created += c;
    updated += u;
    unchanged += chunk.length - c - u;
  }
  return { created, updated, unchanged };
}
