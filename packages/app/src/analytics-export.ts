import {
  countMeasures,
  datasetFilters,
  datasetMeasures,
  explorerFilterKeys,
  neutraliseFormula,
  percentMeasures,
  statusLabelKey,
  pivot,
  type Actor,
  type ExplorerMeasures,
  type ExplorerState,
  type Language,
} from '@kamkor/domain';
import { exploreIndicatorValues, listExplorerOptions, type Db } from '@kamkor/db';
import { COUNT_FORMAT, MONEY_FORMAT, PERCENT_FORMAT, writeTableWorkbook, type ExportColumn } from '@kamkor/excel';

type Translate = (key: string, params?: Record<string, unknown>) => string;

/** The explorer's table as export rows: one row per cell with every measure, then the totals. */
export interface ExplorerExportTable {
  columns: ExportColumn[];
  rows: (string | number | null)[][];
  about: [string, string][];
}

const round = (v: number | null, digits: number) => (v == null ? null : Number(v.toFixed(digits)));

/**
 * The explorer view as a table ready to write (the same query and pivot the page uses), with the
 * facts of the export: who, when, the layout and every filter by its label in the user's language.
 */
export async function buildExplorerExport(
  db: Db,
  actor: Actor,
  opts: { state: ExplorerState; lang: Language; t: Translate; exportedBy: string; exportedAt: string; url: string },
): Promise<ExplorerExportTable> {
  const { state, lang, t } = opts;
  const [result, options] = await Promise.all([exploreIndicatorValues(db, actor, state, lang), listExplorerOptions(db, actor, lang)]);
  const table = pivot(result.groups);
  const none = t('analytics:table.none');
  const total = t('analytics:table.total');
  const shown = datasetMeasures[state.dataset];
  const fmtOf = (m: (typeof shown)[number]) => (percentMeasures.includes(m) ? PERCENT_FORMAT : countMeasures.includes(m) ? COUNT_FORMAT : m === 'amount' ? MONEY_FORMAT : '#,##0.##');
  const columns: ExportColumn[] = [
    { header: t(`analytics:dims.${state.rows}`) },
    ...(state.cols ? [{ header: t(`analytics:dims.${state.cols}`) }] : []),
    ...shown.map((m) => ({ header: t(`analytics:measures.${m}`), numFmt: fmtOf(m) })),
  ];
  const measures = (m: ExplorerMeasures | undefined) =>
    shown.map((k) => (countMeasures.includes(k) ? (m?.[k] ?? 0) : round(m?.[k] ?? null, percentMeasures.includes(k) ? 1 : k === 'amount' ? 2 : 4)));
  const rows: (string | number | null)[][] = [];
  // Status codes are shown by their name in the user's language.
  const named = (dim: string | undefined, key: string, label: string) => (dim === 'status' && key ? t(statusLabelKey(state.dataset, key)) : label || none);
  const colKeys: (string | null)[] = state.cols ? [...table.cols.map((c) => c.key), null] : [null];
  const colLabel = (k: string | null) => (k === null ? total : named(state.cols, k, table.cols.find((c) => c.key === k)?.label ?? ''));
  for (const r of [...table.rows.map((x) => x.key), null]) {
    const rowLabel = r === null ? total : named(state.rows, r, table.rows.find((x) => x.key === r)?.label ?? '');
    for (const c of colKeys) {
      const m = table.cell(r, c);
      if (!m && (r !== null || c !== null)) continue;
      rows.push([rowLabel, ...(state.cols ? [colLabel(c)] : []), ...measures(m)]);
    }
  }
  const labelOf = (key: (typeof explorerFilterKeys)[number], value: string) =>
    (options[key] as { value: string; label: string }[]).find((o) => o.value === value)?.label ?? value;
  const about: [string, string][] = [
    [t('analytics:export.exportedBy'), opts.exportedBy],
    [t('analytics:export.exportedAt'), opts.exportedAt],
    [t('analytics:datasets.legend'), t(`analytics:datasets.${state.dataset}`)],
    [t('analytics:territoryMode.label'), t(`analytics:territoryMode.${state.territoryMode}`)],
    [t('analytics:layout.rows'), t(`analytics:dims.${state.rows}`)],
    [t('analytics:layout.cols'), state.cols ? t(`analytics:dims.${state.cols}`) : t('analytics:layout.noCols')],
    [t('analytics:export.basis'), t(`analytics:basis.${state.basis}`)],
    ...explorerFilterKeys
      .filter((k) => datasetFilters[state.dataset].includes(k))
      .map((k): [string, string] => [t(`analytics:filters.${k}`), state[k] == null ? t('analytics:filters.any') : k === 'status' ? t(statusLabelKey(state.dataset, String(state[k]))) : labelOf(k, String(state[k]))]),
    [t('analytics:export.url'), opts.url],
  ];
  if (result.truncated) about.push(['!', t('analytics:table.truncated', { max: result.groups.length })]);
  return { columns, rows, about };
}

/** The export as an xlsx workbook: the facts sheet first, then the data. */
export async function explorerXlsx(table: ExplorerExportTable, t: Translate): Promise<Uint8Array> {
  return writeTableWorkbook({
    aboutSheet: t('analytics:export.sheetAbout'),
    dataSheet: t('analytics:export.sheetData'),
    title: t('analytics:title'),
    about: table.about,
    columns: table.columns,
    rows: table.rows,
  });
}

const csvField = (v: string | number | null) => {
  if (v == null) return '';
  if (typeof v === 'number') return String(v);
  return `"${neutraliseFormula(v).replace(/"/g, '""')}"`;
};

/**
 * The export as CSV (UTF-8 with BOM): the facts as `#` comment lines (commas and quotes taken out,
 * so a spreadsheet keeps each line in one cell), then the header and the rows; text is quoted and
 * neutralised, numbers are bare.
 */
export function explorerCsv(table: ExplorerExportTable): string {
  const comment = (k: string, v: string) => `# ${k}: ${neutraliseFormula(v).replace(/[",\r\n]/g, ' ')}`;
  const lines = [
    ...table.about.map(([k, v]) => comment(k, v)),
    table.columns.map((c) => csvField(c.header)).join(','),
    ...table.rows.map((r) => r.map(csvField).join(',')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
