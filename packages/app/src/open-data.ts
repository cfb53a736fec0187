import { neutraliseFormula, type Language } from '@kamkor/domain';
import { openDataColumns, openDataRows, type Db, type OpenDataset } from '@kamkor/db';
import { COUNT_FORMAT, MONEY_FORMAT, PERCENT_FORMAT, writeTableWorkbook, type ExportColumn } from '@kamkor/excel';

type Translate = (key: string, params?: Record<string, unknown>) => string;
export const openDataFormats = ['xlsx', 'csv', 'json'] as const;
export type OpenDataFormat = (typeof openDataFormats)[number];

const numFmt = { number: COUNT_FORMAT, money: MONEY_FORMAT, percent: PERCENT_FORMAT, text: undefined, date: undefined } as const;

/**
 * One open dataset as a file: xlsx (an About sheet with the title, description, date and each
 * column's meaning, then the data with text through addSafeRow), CSV (UTF-8 with BOM, text quoted and
 * neutralised so no spreadsheet runs it) or JSON (the column descriptions and the rows as objects).
 */
export async function openDataFile(db: Db, dataset: OpenDataset, format: OpenDataFormat, lang: Language, t: Translate, generatedAt: string) {
  const columns = openDataColumns[dataset];
  const rows = await openDataRows(db, dataset, lang);
  const label = (key: string) => t(`analytics:openData.cols.${key}`);
  const title = t(`analytics:openData.datasets.${dataset}.title`);
  const description = t(`analytics:openData.datasets.${dataset}.description`);
  const base = `kamkor-${dataset}-${lang}`;
  if (format === 'json') {
    const body = {
      dataset,
      title,
      description,
      generatedAt,
      columns: columns.map((c) => ({ key: c.key, label: label(c.key), type: c.type })),
      rows,
    };
    return { bytes: new TextEncoder().encode(JSON.stringify(body, null, 1)), fileName: `${base}.json`, contentType: 'application/json; charset=utf-8' };
  }
  if (format === 'csv') {
    const field = (v: string | number | null | undefined) => (v == null ? '' : typeof v === 'number' ? String(v) : `"${neutraliseFormula(v).replace(/"/g, '""')}"`);
    const lines = [columns.map((c) => field(c.key)).join(','), ...rows.map((r) => columns.map((c) => field(r[c.key])).join(','))];
    return { bytes: new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`), fileName: `${base}.csv`, contentType: 'text/csv; charset=utf-8' };
  }
  const xcols: ExportColumn[] = columns.map((c) => ({ header: label(c.key), numFmt: numFmt[c.type] }));
  const bytes = await writeTableWorkbook({
    aboutSheet: t('analytics:export.sheetAbout'),
    dataSheet: t('analytics:export.sheetData'),
    title,
    about: [
      [t('analytics:openData.description'), description],
      [t('analytics:export.exportedAt'), generatedAt],
      ...columns.map((c): [string, string] => [label(c.key), `${c.key} · ${t(`analytics:openData.types.${c.type}`)}`]),
    ],
    columns: xcols,
    rows: rows.map((r) => columns.map((c) => r[c.key] ?? null)),
  });
  return { bytes, fileName: `${base}.xlsx`, contentType: null };
}
