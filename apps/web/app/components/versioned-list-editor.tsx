import { Form } from '@remix-run/react';
import type { ReactNode } from 'react';
import { CsrfInput, ErrorSummary, type FormState } from './forms.tsx';
import { TableWrap } from './table-wrap.tsx';

/** One column of a versioned list: the field it edits, its heading and how its input is sized. */
export interface VersionedListColumn<F extends string> {
  field: F;
  heading: string;
  /** Right-aligned numbers (`num` class on the heading and cells, numeric keyboard). */
  numeric?: boolean;
  maxLength: number;
  size?: number;
}

/**
 * The editor of a list that admins save as a new version (the visit checklist, the evaluation criteria):
 * a table with one row per item plus empty rows for new ones; readers see the same table without inputs.
 * Inputs are named `c.<row>.<field>` (read back by `readVersionedRows`).
 */
export function VersionedListEditor<F extends string>({
  title,
  version,
  help,
  columns,
  rows,
  canManage,
  state,
  inputLabel,
  saveLabel,
  eyebrow,
}: {
  title: string;
  version: string;
  help: string;
  columns: readonly VersionedListColumn<F>[];
  rows: readonly Record<F, string>[];
  canManage: boolean;
  state?: FormState | null;
  /** The accessible name of the input for a row (0-based) and column. */
  inputLabel: (row: number, column: VersionedListColumn<F>) => string;
  saveLabel: string;
  eyebrow: ReactNode;
}) {
  const value = (i: number, f: F) => state?.values?.[`c.${i}.${f}`] ?? rows[i]![f];
  return (
    <section>
      <p className="eyebrow">{eyebrow}</p>
      <h1>{title}</h1>
      <p>{version}</p>
      <p className="hint">{help}</p>
      <ErrorSummary state={state} />
      <Form method="post" noValidate>
        <CsrfInput />
        <TableWrap label={title}>
          <table>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.field} scope="col" className={c.numeric ? 'num' : undefined}>
                    {c.heading}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((_, i) => (
                <tr key={i}>
                  {columns.map((c) => (
                    <td key={c.field} className={c.numeric ? 'num' : undefined}>
                      {canManage ? (
                        <input
                          id={`field-${i}.${c.field}`}
                          name={`c.${i}.${c.field}`}
                          aria-label={inputLabel(i, c)}
                          defaultValue={value(i, c.field)}
                          maxLength={c.maxLength}
                          inputMode={c.numeric ? 'numeric' : undefined}
                          size={c.size}
                        />
                      ) : (
                        rows[i]![c.field]
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        {canManage ? (
          <button type="submit" className="primary">
            {saveLabel}
          </button>
        ) : null}
      </Form>
    </section>
  );
}

/** Empty rows offered after the saved items for new ones. */
export const VERSIONED_LIST_SPARE = 2;

/** The saved items followed by the empty rows an admin may fill (none for readers). */
export function withSpareRows<F extends string>(
  items: readonly Record<F, string>[],
  fields: readonly F[],
  canManage: boolean,
): Record<F, string>[] {
  const empty = () => Object.fromEntries(fields.map((f) => [f, ''])) as Record<F, string>;
  return [...items, ...Array.from({ length: canManage ? VERSIONED_LIST_SPARE : 0 }, empty)];
}
