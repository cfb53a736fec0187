import type { XlsFormIssue } from '@kamkor/domain';
import { useT } from '../i18n.ts';
import { TableWrap } from './table-wrap.tsx';

/** What an XLSForm import left out, row by row: shown on the import page and with each version. */
export function IssuesTable({ issues }: { issues: XlsFormIssue[] }) {
  const t = useT();
  return (
    <TableWrap label={t('common:tableRegion')}>
      <table className="xlsform-issues">
        <caption>{t('monitoring:xlsform.issuesCaption', { count: issues.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('monitoring:xlsform.sheet')}</th>
            <th scope="col" className="num">{t('monitoring:xlsform.row')}</th>
            <th scope="col">{t('monitoring:xlsform.what')}</th>
            <th scope="col">{t('monitoring:xlsform.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {issues.map((i, n) => (
            <tr key={n}>
              <td>{i.sheet}</td>
              <td className="num">{i.row || '—'}</td>
              <td>{t(`monitoring:xlsform.kinds.${i.kind}`)}</td>
              <td>
                {i.detail}
                {i.name ? ` (${i.name})` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
