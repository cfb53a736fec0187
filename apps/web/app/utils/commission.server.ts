import { AppError, formatDateTime, formatMoney, localName, type Language } from '@kamkor/domain';
import type { ProtocolTable } from '../excel.server.ts';
import { getCommissionResults, getDb } from '../db.server.ts';
import type { CurrentUser } from './session.server.ts';

type T = (key: string, params?: Record<string, unknown>) => string;

/** The protocol's data (the commission's results once scoring is closed); 404 while sealed or for anyone else. */
export async function protocolData(user: CurrentUser, competitionId: string) {
  const r = await getCommissionResults(await getDb(), user, competitionId);
  if (r.sealed) throw new AppError('NOT_FOUND', 'errors.notFound');
  return r;
}
export type ProtocolData = Awaited<ReturnType<typeof protocolData>>;

/** The protocol as workbook tables: the commission and decision, the ranking, every score. Numbers stay numbers. */
export function protocolTables(r: ProtocolData, t: T, lang: Language): ProtocolTable[] {
  const c = r.competition;
  const nameOf = (userId: string) => r.commission.find((m) => m.userId === userId)?.fullName ?? '';
  const winners = r.rows.filter((x) => x.winner);
  const about: [string, string][] = [
    [t('competition:fields.title'), c.title],
    [t('competition:fields.lotBudget'), formatMoney(c.lot, lang)],
    [t('competition:results.thresholdLabel'), String(c.threshold)],
    [t('competition:results.closedLabel'), c.scoringClosedAt ? formatDateTime(c.scoringClosedAt) : ''],
    [t('competition:results.signedLabel'), c.signedAt ? formatDateTime(c.signedAt) : t('competition:results.notSigned')],
    ...r.commission.map((m): [string, string] => [t(`competition:roles.${m.role}`), `${m.fullName} (${t(`competition:sectors.${m.sector}`)})`]),
  ];
  const ranking: ProtocolTable = {
    sheet: t('competition:results.rankingSheet'),
    title: t('competition:protocol.title'),
    about,
    columns: [
      { header: t('competition:protocol.rank'), numFmt: '0', width: 8 },
      { header: t('competition:fields.code'), width: 10 },
      ...(c.signedAt ? [{ header: t('competition:fields.organisation'), width: 36 }] : []),
      { header: t('competition:results.reviewers'), numFmt: '0', width: 10 },
      { header: t('competition:protocol.total'), numFmt: '0.00' },
      { header: t('competition:results.spread'), numFmt: '0.00' },
      { header: t('competition:results.disagreement'), width: 14 },
      { header: t('competition:fields.requested'), numFmt: '#,##0.00', width: 16 },
      { header: t('competition:results.proposed'), width: 14 },
      { header: t('competition:protocol.decision'), width: 16 },
      { header: t('competition:results.overrideReason'), width: 40 },
    ],
    rows: r.rows.map((x) => [
      x.rank,
      x.code,
      ...(c.signedAt ? [x.organisation ? localName(x.organisation, lang) : ''] : []),
      x.reviewers,
      x.total,
      x.spread,
      x.disagreement ? t('competition:results.yes') : '',
      x.requested / 100,
      x.proposed ? t('competition:results.yes') : '',
      x.winner ? t('competition:protocol.winner') : t('competition:protocol.notWinner'),
      x.override?.reason ?? '',
    ]),
    notes: [
      t('competition:protocol.tieBreak'),
      t('competition:results.decisionLine', { count: winners.length, codes: winners.map((w) => w.code).join(', ') || '—', total: formatMoney(winners.reduce((s, w) => s + w.requested, 0), lang) }),
    ],
  };
  const scores: ProtocolTable = {
    sheet: t('competition:results.scoresSheet'),
    title: t('competition:results.scoresTitle'),
    columns: [
      { header: t('competition:fields.code'), width: 10 },
      { header: t('competition:results.member'), width: 28 },
      ...r.criteria.map((k) => ({ header: `${t(`competition:criteria.${k.code}`)} (0–${k.maxPoints}; ${k.weight}%)`, numFmt: '0', width: 16 })),
      { header: t('competition:results.memberTotal'), numFmt: '0.00' },
      { header: t('competition:scoring.comment'), width: 50 },
    ],
    rows: [...r.scores]
      .sort((a, b) => a.code.localeCompare(b.code) || nameOf(a.userId).localeCompare(nameOf(b.userId)))
      .map((s) => [
        s.code,
        nameOf(s.userId),
        ...r.criteria.map((k) => s.points[k.id] ?? null),
        r.rows.find((x) => x.applicationId === s.applicationId)?.memberTotals.find((m) => m.userId === s.userId)?.total ?? null,
        s.comment ?? '',
      ]),
  };
  return [ranking, scores];
}
