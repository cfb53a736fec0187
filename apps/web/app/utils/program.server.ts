import {
  AppError,
  budgetByOblast,
  can,
  formatDate,
  formatMoney,
  formatNumber,
  programTotals,
  type TotalRow,
  localName,
  soateAncestors,
  type Action,
  type Language,
  type LineData,
} from '@kamkor/domain';
import {
  getProgramContentForActor,
  getProgramForActor,
  getPublicProgramContent,
  listAdminUnits,
  listCatalogue,
  listPublicProgramComments,
  programResource,
  type Db,
  type ProgramContent,
  type ProgramRow,
} from '@kamkor/db';
import { writeProgramWorkbook, type DisplayLine } from '@kamkor/excel';
import { getT } from '../i18n.ts';
import { getDb } from '../db.server.ts';
import { getCurrentUser, resolveLanguage } from './session.server.ts';
import { fileResponse } from './download.server.ts';

/**
 * Loads a program and checks that the (possibly anonymous) user may do `action` to it. A program
 * the user may not see is a 404, like a missing one.
 */
export async function loadProgram(request: Request, id: string | undefined, action: Action) {
  const user = await getCurrentUser(request);
  const db = await getDb();
  const program = await getProgramForActor(db, user, id ?? '', action);
  return { user, db, program, resource: programResource(program), lang: resolveLanguage(request, user) };
}

/**
 * The one loader behind the header of every `/programs/:id/*` page: checks `action`, reads the
 * content this user may see (the live draft only for those who may `view_draft`, else the last
 * approved version; `requested` asks for an approved version) and builds the header from it, with
 * what the user may do. A denial is a 404.
 */
export async function loadProgramPage(request: Request, id: string | undefined, action: Action = 'view', requested?: number | null) {
  const loaded = await loadProgram(request, id, action);
  const { user, db, program, resource, lang } = loaded;
  const { content } = await getProgramContentForActor(db, user, program.id, requested);
  return {
    ...loaded,
    content,
    header: programHeader(program, content, lang),
    canEdit: can(user, 'update', resource),
    canManage: can(user, 'manage', resource),
  };
}

/** The header of a program page as shown: title and years of the content shown, never of a hidden draft. */
export function programHeader(program: ProgramRow, content: ProgramContent, lang: Language) {
  return {
    id: program.id,
    title: content.header.title,
    status: program.status,
    version_no: content.version?.no ?? program.version_no,
    year_from: content.header.yearFrom,
    year_to: content.header.yearTo,
    customerName: localName({ name_ky: program.customer_name_ky, name_ru: program.customer_name_ru, name_en: program.customer_name_en }, lang),
    fundingSource: content.header.fundingSource,
    discussionStart: program.discussion_start,
    discussionEnd: program.discussion_end,
  };
}
export type ProgramHeaderData = ReturnType<typeof programHeader>;


export type Names = Record<string, string>;

/** Names of catalogue entries and territory units in the user's language, by code. */
export async function loadNames(db: Db, lang: Language) {
  const [areas, services, groups, units] = await Promise.all([
    listCatalogue(db, 'priority_area', { includeInactive: true }),
    listCatalogue(db, 'service', { includeInactive: true }),
    listCatalogue(db, 'target_group', { includeInactive: true }),
    listAdminUnits(db, { includeClosed: true }),
  ]);
  const map = (rows: { code?: string; soate?: string; name_ky: string; name_ru: string; name_en: string }[]) =>
    Object.fromEntries(rows.map((r) => [(r.code ?? r.soate)!, localName(r, lang)]));
  // One name map for every unit, so each path is a few map lookups (not a scan of all units per ancestor).
  const unitNames = new Map(units.map((u) => [u.soate, localName(u, lang)]));
  return {
    lang,
    areas: map(areas),
    services: map(services),
    serviceArea: Object.fromEntries(services.map((s) => [s.code, s.priority_area_code ?? ''])) as Names,
    groups: map(groups),
    units: map(units),
    activeAreas: areas.filter((a) => a.is_active).map((a) => ({ code: a.code, name: localName(a, lang) })),
    activeServices: services.filter((a) => a.is_active).map((a) => ({ code: a.code, name: localName(a, lang), area: a.priority_area_code ?? '' })),
    activeGroups: groups.filter((a) => a.is_active).map((a) => ({ code: a.code, name: localName(a, lang) })),
    openUnits: units
      .filter((u) => !u.valid_to && u.level !== 'village')
      .map((u) => ({ code: u.soate, name: localName(u, lang), level: u.level, path: territoryPath(u.soate, unitNames) })),
  };
}
export type LoadedNames = Awaited<ReturnType<typeof loadNames>>;

export interface IndicatorView {
  id: string;
  code: string;
  name: string;
  unit: string;
  target: string;
}

/** Indicators of the content shown, with names in the user's language. */
export function indicatorViews(content: ProgramContent, lang: Language): IndicatorView[] {
  return content.indicators.map((i) => ({ id: i.id, code: i.code, name: localName(i, lang), unit: i.unit, target: String(i.target) }));
}

/** The ancestors' names of a territory unit, oblast first ("Нарын облусу › Ат-Башы району"). */
export function territoryPath(soate: string, names: Map<string, string>): string {
  return soateAncestors(soate)
    .slice(1)
    .map((a) => names.get(a))
    .filter(Boolean)
    .join(' › ');
}

/** Lines with codes turned into names, for tables and the Excel export. */
export function displayLines(lines: LineData[], names: LoadedNames, indicators: IndicatorView[]): DisplayLine[] {
  const ind = new Map(indicators.map((i) => [i.id, i]));
  return lines.map((l) => ({
    lineNo: l.lineNo,
    areaCode: l.priorityAreaCode,
    area: names.areas[l.priorityAreaCode] ?? l.priorityAreaCode,
    service: names.services[l.serviceCode] ?? l.serviceCode,
    targetGroups: l.targetGroupCodes.map((c) => names.groups[c] ?? c).join('; '),
    territories: l.territorySoates.map((c) => names.units[c] ?? c).join('; '),
    plannedBeneficiaries: l.plannedBeneficiaries,
    budgetTyiyn: l.budgetTyiyn,
    periodStart: l.periodStart,
    periodEnd: l.periodEnd,
    expectedResults: l.expectedResults ?? '',
    indicators: l.indicatorIds
      .map((id) => ind.get(id))
      .filter(Boolean)
      .map((i) => `${i!.code} ${i!.name} (${formatNumber(Number(i!.target), names.lang)} ${i!.unit})`)
      .join('; '),
  }));
}

/** Error params with tyiyn amounts turned into money text: {excessTyiyn} → {excess: "1 000,00 сом"}. */
export function errorParams(params: Record<string, unknown> | undefined, lang: Language): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params ?? {})) {
    if (k.endsWith('Tyiyn') && typeof v === 'number') out[k.slice(0, -5)] = formatMoney(v, lang);
    else out[k] = v;
  }
  return out;
}

/** Field errors carried by an AppError from the queries (e.g. a taken line number), else the form error. */
export function appErrorFields(err: unknown, lang: Language): { errors: Record<string, string>; params: Record<string, unknown> } | null {
  if (!(err instanceof AppError) || (err.code !== 'INVALID' && err.code !== 'CONFLICT')) return null;
  const fields = (err.params.fields as Record<string, string> | undefined) ?? { _form: err.messageKey };
  return { errors: fields, params: errorParams(err.params, lang) };
}

export { XLSX_TYPE } from './download.server.ts';

/** A download response for an xlsx file (headers from the one download helper). */
export function xlsxResponse(bytes: Uint8Array, fileName: string): Response {
  return fileResponse(bytes, fileName);
}

/** Rows of the table of proposals and responses (published comments only). */
export async function summaryRows(db: Db, programId: string, t: (k: string, p?: Record<string, unknown>) => string) {
  const comments = await listPublicProgramComments(db, programId);
  return comments.map((c, i) => ({
    no: i + 1,
    author: c.author_org ? `${c.author_name} (${c.author_org})` : c.author_name,
    line: c.line_no ? t('program:discussion.onLine', { no: c.line_no }) : t('program:discussion.onProgram'),
    proposal: c.body,
    response: c.response_kind ? t(`program:responseKinds.${c.response_kind}`) : t('program:summary.unanswered'),
    reasons: c.response_text ?? '',
  }));
}

/**
 * The official program table as xlsx in the user's language, of the content the policy chose
 * (getProgramContentForActor or getPublicProgramContent): never re-derive the version here.
 */
export async function programWorkbook(
  db: Db,
  program: Pick<ProgramRow, 'customer_name_ky' | 'customer_name_ru' | 'customer_name_en' | 'status'> & { version_no?: number },
  content: ProgramContent,
  lang: Language,
) {
  const t = getT(lang);
  const names = await loadNames(db, lang);
  const totals = programTotals(content.lines);
  const customer = localName({ name_ky: program.customer_name_ky, name_ru: program.customer_name_ru, name_en: program.customer_name_en }, lang);
  const h = content.header;
  const facts: [string, string][] = [
    [t('program:fields.customer'), customer],
    [t('program:fields.period'), h.yearFrom === h.yearTo ? String(h.yearFrom) : `${h.yearFrom}–${h.yearTo}`],
    [t('program:fields.fundingSource'), t(`program:fundingSources.${h.fundingSource}`)],
    [t('program:fields.ceiling'), formatMoney(h.ceilingTyiyn, lang)],
    [t('program:fields.status'), content.version ? t('program:versions.approvedBy', { no: content.version.no, docNo: content.version.docNo, date: formatDate(content.version.date), body: content.version.body }) : `${t(`program:status.${program.status}`)}, ${t('program:version', { no: program.version_no ?? 1 })}`],
  ];
  const label = (m: Names) => (r: TotalRow) => ({ ...r, label: m[r.key] ?? r.key });
  const bytes = await writeProgramWorkbook(
    {
      title: h.title,
      facts,
      lines: displayLines(content.lines, names, indicatorViews(content, lang)),
      totals: [
        { title: t('program:totals.byArea'), rows: totals.byArea.map(label(names.areas)) },
        { title: t('program:totals.byService'), rows: totals.byService.map(label(names.services)) },
        { title: t('program:totals.byOblast'), rows: budgetByOblast(content.lines).map(label(names.units)) },
        { title: t('program:totals.byTargetGroup'), rows: totals.byTargetGroup.map(label(names.groups)) },
      ],
    },
    t,
  );
  return xlsxResponse(bytes, `program-${h.yearFrom}${content.version ? `-v${content.version.no}` : ''}.xlsx`);
}

/**
 * Data of the A4 print view. `/programs/:id/print` shows what this user may see (officers: the live
 * draft or a chosen version); `/public/programs/:id/print` reads the public projection only.
 */
export async function printData(request: Request, id: string | undefined, audience: 'user' | 'public') {
  const user = await getCurrentUser(request);
  const lang = resolveLanguage(request, user);
  const db = await getDb();
  const requested = Number(new URL(request.url).searchParams.get('version') ?? '') || undefined;
  const { program, content } = audience === 'public' ? await getPublicProgramContent(db, id ?? '', requested) : await getProgramContentForActor(db, user, id ?? '', requested);
  const names = await loadNames(db, lang);
  const totals = programTotals(content.lines);
  return {
    id: program.id,
    title: content.header.title,
    customer: localName({ name_ky: program.customer_name_ky, name_ru: program.customer_name_ru, name_en: program.customer_name_en }, lang),
    years: content.header.yearFrom === content.header.yearTo ? String(content.header.yearFrom) : `${content.header.yearFrom}–${content.header.yearTo}`,
    fundingSource: content.header.fundingSource,
    ceilingTyiyn: content.header.ceilingTyiyn,
    status: program.status,
    versionNo: content.version?.no ?? ('version_no' in program ? program.version_no : program.approved_version_no + 1),
    version: content.version,
    lines: displayLines(content.lines, names, indicatorViews(content, lang)),
    byArea: totals.byArea.map((r) => ({ ...r, label: names.areas[r.key] ?? r.key })),
  };
}
export type PrintData = Awaited<ReturnType<typeof printData>>;
