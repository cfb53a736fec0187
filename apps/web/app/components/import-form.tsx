import { Form } from '@remix-run/react';
import type { ReactNode } from 'react';
import { CsrfInput } from './forms.tsx';
import { useT } from '../i18n.ts';

/** What an .xlsx upload accepts (the file picker's filter; the server checks the bytes). */
export const XLSX_ACCEPT = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Why an upload was refused as a whole (not an xlsx, wrong template…): one translated message, more lines below it. */
export function ImportError({
  messageKey,
  params,
  children,
}: {
  messageKey: string;
  params?: Record<string, unknown>;
  children?: ReactNode;
}) {
  const t = useT();
  return (
    <div className="error-summary" role="alert">
      <p>{t(messageKey, params)}</p>
      {children}
    </div>
  );
}

/**
 * The first step of every import: choose the workbook and ask for a dry run. `before` and `after` carry the
 * import's own fields (project, language, closing date…) around the file field.
 */
export function ImportForm({
  className = 'card',
  accept = XLSX_ACCEPT,
  before,
  after,
}: {
  className?: string;
  accept?: string;
  before?: ReactNode;
  after?: ReactNode;
}) {
  const t = useT();
  return (
    <Form method="post" encType="multipart/form-data" className={className}>
      <CsrfInput />
      {before}
      <div className="field">
        <label htmlFor="file">{t('excel.file')}</label>
        <input id="file" name="file" type="file" accept={accept} required />
      </div>
      {after}
      <button type="submit" name="intent" value="dry-run" className="primary">
        {t('excel.dryRun')}
      </button>
    </Form>
  );
}

/** One count of a dry run; `count` and `testId` name the number for tests (`data-count`, `data-testid`). */
export interface DryRunCount {
  label: string;
  value: ReactNode;
  count?: string;
  testId?: string;
}

/** What a dry run found: its counts, then the import's own details (errors, changes, the apply form) as children. */
export function DryRunResult({
  counts,
  testId,
  children,
}: {
  counts: DryRunCount[];
  testId?: string;
  children?: ReactNode;
}) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="dry-run-title" data-testid={testId}>
      <h2 id="dry-run-title">{t('excel.dryRunTitle')}</h2>
      <ul className="counts">
        {counts.map((c) => (
          <li key={c.label}>
            {c.label}:{' '}
            <strong data-count={c.count} data-testid={c.testId}>
              {c.value}
            </strong>
          </li>
        ))}
      </ul>
      {children}
    </section>
  );
}

/** The link to the uploaded workbook with each error marked in its cell. */
export function ErrorWorkbookLink({
  href,
  label,
  download = true,
}: {
  href: string;
  label: string;
  download?: boolean;
}) {
  return (
    <p>
      <a className="button" href={href} download={download || undefined}>
        {label}
      </a>
    </p>
  );
}
