import { VERSIONED_LIST_SPARE } from '../components/versioned-list-editor.tsx';

/**
 * The rows a versioned-list editor posted (`c.<row>.<field>`), at most `limit` plus the spare rows,
 * each value cut to 300 characters; rows left wholly empty are dropped. The domain schema validates the rest.
 */
export function readVersionedRows(
  form: FormData,
  fields: readonly string[],
  limit: number,
): Record<string, string>[] {
  const rows: Record<string, string>[] = [];
  for (let i = 0; i < limit + VERSIONED_LIST_SPARE; i++) {
    const row = Object.fromEntries(
      fields.map((f) => [f, String(form.get(`c.${i}.${f}`) ?? '').slice(0, 300)]),
    );
    if (fields.some((f) => row[f]!.trim() !== '')) rows.push(row);
  }
  return rows;
}
