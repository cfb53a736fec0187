import type { AchievementStatus, QualityFlag, ReportStatus } from '@kamkor/domain';
import { formatNumber, formatPercent } from '@kamkor/domain';
import { useLang, useT } from '../i18n.ts';
import { TableWrap } from './table-wrap.tsx';

const statusClass: Record<ReportStatus, string> = { draft: '', submitted: 'warn', returned: 'bad', resubmitted: 'warn', approved: 'ok' };

/** A report status badge. */
export function ReportStatusBadge({ status }: { status: ReportStatus }) {
  const t = useT();
  return <span className={`badge ${statusClass[status]}`} data-status={status}>{t(`results:statuses.${status}`)}</span>;
}

const achievementClass: Record<AchievementStatus, string> = { on_track: 'ok', at_risk: 'warn', off_track: 'bad', no_data: '' };

/** A percentage of target with its on-track status. */
export function Percent({ value, status }: { value: number | null; status: AchievementStatus }) {
  const t = useT();
  const lang = useLang();
  if (value == null) return <span className="muted">—</span>;
  return (
    <span className={`badge ${achievementClass[status]}`} title={t(`results:status.${status}`)} data-percent={Math.round(value)}>
      {formatPercent(value, lang, 0)}
    </span>
  );
}

/** Data-quality flags of a value. */
export function Flags({ flags }: { flags: QualityFlag[] }) {
  const t = useT();
  if (!flags.length) return null;
  return (
    <ul className="results-flags" aria-label={t('results:report.flagged')}>
      {flags.map((f) => (
        <li key={f} className="badge warn" data-flag={f}>⚑ {t(`results:flags.${f}`)}</li>
      ))}
    </ul>
  );
}

/** Formats a number or an empty cell. */
export function Num({ value, digits }: { value: number | null | undefined; digits?: number }) {
  const lang = useLang();
  return <>{value == null ? '—' : formatNumber(value, lang, digits)}</>;
}

/** The data-quality flags an upload will raise, shown in its dry run before anything is applied. */
export function QualityFlags({ flags }: { flags: { indicatorCode: string; flags: string[] }[] }) {
  const t = useT();
  if (flags.length === 0) return null;
  return (
    <TableWrap label={t('results:upload.flagsTitle')}>
      <table className="quality-flags">
        <caption>{t('results:upload.flagsTitle')}</caption>
        <thead>
          <tr><th scope="col">{t('results:upload.flagsIndicator')}</th><th scope="col">{t('results:upload.flagsWhat')}</th></tr>
        </thead>
        <tbody>
          {flags.map((f) => (
            <tr key={f.indicatorCode} data-flagged={f.indicatorCode}>
              <th scope="row">{f.indicatorCode}</th>
              <td>{f.flags.map((k) => t(`results:flags.${k}`)).join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">{t('results:upload.flagsHelp')}</p>
    </TableWrap>
  );
}
