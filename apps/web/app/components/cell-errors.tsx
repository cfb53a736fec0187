import { Form } from '@remix-run/react';
import type { ReactNode } from 'react';
import { CsrfInput } from './forms.tsx';
import { useT } from '../i18n.ts';
import { TableWrap } from './table-wrap.tsx';

/** A problem found in an uploaded workbook, located by sheet and cell; the message is an i18n key. */
export interface CellErrorView {
  sheet: string;
  cell: string;
  messageKey: string;
  params?: Record<string, unknown>;
}

/** The table every Kamkor import shows: each error by sheet, cell and reason, in the user's language. */
export function CellErrorsTable({ errors }: { errors: CellErrorView[] }) {
  const t = useT();
  if (errors.length === 0) return null;
  return (
    <TableWrap label={t('excel.errorsTitle')}>
      <table className="cell-errors">
        <caption>{t('excel.errorsTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('excel.sheet')}</th>
            <th scope="col">{t('excel.cell')}</th>
            <th scope="col">{t('excel.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((e, i) => (
            <tr key={`${e.sheet}|${e.cell}|${i}`}>
              <td>{e.sheet}</td>
              <td>{e.cell}</td>
              <td>{t(e.messageKey, e.params)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/**
 * The second step of every import: applies the file the dry run kept behind the storage interface
 * (so any app server can apply it). `children` carries extra hidden fields of the dry run.
 */
export function ApplyImportForm({ fileId, children }: { fileId: string; children?: ReactNode }) {
  const t = useT();
  return (
    <Form method="post" encType="multipart/form-data">
      <CsrfInput />
      <input type="hidden" name="fileId" value={fileId} />
      {children}
      <button type="submit" name="intent" value="apply" className="primary">
        {t('excel.apply')}
      </button>
    </Form>
  );
}
