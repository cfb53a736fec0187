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
  getProgram,
  getProgramVersion,
  listAdminUnits,
  listCatalogue,
  listProgramIndicators,
  listProgramComments,
  listProgramLines,
  programResource,
  type Db,
  type ProgramSnapshot,
} from '@kamkor/db';
import { writeProgramWorkbook, type DisplayLine } from '@kamkor/excel';
import { getT } from '../i18n.ts';
import { getDb } from '../db.server.ts';
import { assertCan, getCurrentUser, resolveLanguage, type CurrentUser } from './session.server.ts';

/**
 * Loads a program and checks that the (possibly anonymous) user may do `action` to it. A program
 * the user may not see is a 404, like a missing one.
 */
export async function loadProgram(request: Request, id: string | undefined, action: Action) {
  const user = await getCurrentUser(request);
  const db = await getDb();
  const program = await getProgram(db, id ?? '');
  const resource = programResource(program);
  assertCan(can(user, action, resource));
  return { user, db, program, resource, lang: resolveLanguage(request, user) };
}

/** Same, for pages that need a logged-in user (the caller already called requireUser). */
export function assertProgram(user: CurrentUser | null, action: Action, program: Parameters<typeof programResource>[0]) {
  assertCan(can(user, action, programResource(program)));
}

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
      .map((u) => ({ code: u.soate, name: localName(u, lang), level: u.level, path: [...soateAncestors(u.soate).slice(1)].map((a) => units.find((x) => x.soate === a)).filter(Boolean).map((x) => localName(x!, lang)).join(' › ') })),
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

/** The program as shown: the live lines, or a frozen version's snapshot. */
export async function programContent(db: Db, programId: string, lang: Language, versionNo?: number) {
  if (versionNo) {
    const v = await getProgramVersion(db, programId, versionNo);
    const s = v.snapshot as ProgramSnapshot;
    return {
      lines: s.lines,
      ceilingTyiyn: s.header.ceilingTyiyn,
      header: s.header,
      indicators: s.indicators.map((i) => ({ id: i.id, code: i.code, name: localName(i, lang), unit: i.unit, target: i.target })),
      version: { no: v.version_no, docNo: v.approval_doc_no, date: v.approval_date, body: v.approving_body },
    };
  }
  const p = await getProgram(db, programId);
  const [lines, indicators] = await Promise.all([listProgramLines(db, programId), listProgramIndicators(db, programId)]);
  return {
    lines,
    ceilingTyiyn: p.ceiling_tyiyn,
    header: { title: p.title, customerId: p.customer_id, yearFrom: p.year_from, yearTo: p.year_to, fundingSource: p.funding_source, ceilingTyiyn: p.ceiling_tyiyn },
    indicators: indicators.map((i) => ({ id: i.id, code: i.code, name: localName(i, lang), unit: i.unit, target: String(i.target) })),
    version: null,
  };
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

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A download response for an xlsx file (RFC 5987 file name so Cyrillic survives). */
export function xlsxResponse(bytes: Uint8Array, fileName: string): Response {
  return new Response(bytes as unknown as BodyInit, {
    headers: {
      'Content-Type': XLSX_TYPE,
      'Content-Disposition': `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      'Cache-Control': 'private, no-store',
    },
  });
}

/** Rows of the table of proposals and responses (published comments only). */
export async function summaryRows(db: Db, programId: string, t: (k: string, p?: Record<string, unknown>) => string) {
  const comments = await listProgramComments(db, programId, { statuses: ['published'] });
  return comments.map((c, i) => ({
    no: i + 1,
    author: c.author_org ? `${c.author_name} (${c.author_org})` : c.author_name,
    line: c.line_no ? t('program:discussion.onLine', { no: c.line_no }) : t('program:discussion.onProgram'),
    proposal: c.body,
    response: c.response_kind ? t(`program:responseKinds.${c.response_kind}`) : t('program:summary.unanswered'),
    reasons: c.response_text ?? '',
  }));
}

/** The official program table as xlsx in the user's language (a frozen version when versionNo is given). */
export async function programWorkbook(db: Db, program: Awaited<ReturnType<typeof getProgram>>, lang: Language, versionNo?: number) {
  const t = getT(lang);
  const [names, content] = await Promise.all([loadNames(db, lang), programContent(db, program.id, lang, versionNo)]);
  const totals = programTotals(content.lines);
  const customer = localName({ name_ky: program.customer_name_ky, name_ru: program.customer_name_ru, name_en: program.customer_name_en }, lang);
  const h = content.header;
  const facts: [string, string][] = [
    [t('program:fields.customer'), customer],
    [t('program:fields.period'), h.yearFrom === h.yearTo ? String(h.yearFrom) : `${h.yearFrom}–${h.yearTo}`],
    [t('program:fields.fundingSource'), t(`program:fundingSources.${h.fundingSource}`)],
    [t('program:fields.ceiling'), formatMoney(h.ceilingTyiyn, lang)],
    [t('program:fields.status'), content.version ? t('program:versions.approvedBy', { no: content.version.no, docNo: content.version.docNo, date: formatDate(content.version.date), body: content.version.body }) : `${t(`program:status.${program.status}`)}, ${t('program:version', { no: program.version_no })}`],
  ];
  const label = (m: Names) => (r: TotalRow) => ({ ...r, label: m[r.key] ?? r.key });
  const bytes = await writeProgramWorkbook(
    {
      title: h.title,
      facts,
      lines: displayLines(content.lines, names, content.indicators),
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
 * Which content a viewer gets: officers may see the live draft (or any version they ask for); the
 * public sees the draft only while it is under discussion, otherwise the last approved version.
 */
export function contentVersionFor(
  user: CurrentUser | null,
  program: Awaited<ReturnType<typeof getProgram>>,
  requested: number | undefined,
): number | undefined {
  const resource = programResource(program);
  const seesDrafts = can(user, 'view', { ...resource, status: 'draft', hasApprovedVersion: false });
  const approved = Number(program.approved_version_no ?? 0);
  if (seesDrafts) return requested && requested <= approved ? requested : undefined;
  if (program.status === 'public_discussion') return undefined;
  if (!approved) throw new AppError('NOT_FOUND', 'errors.notFound');
  return requested && requested <= approved ? requested : approved;
}

/** Data of the A4 print view: officers get the live draft or a chosen version, the public the published one. */
export async function printData(request: Request, id: string | undefined) {
  const { db, program, user, lang } = await loadProgram(request, id, 'view');
  const requested = Number(new URL(request.url).searchParams.get('version') ?? '') || undefined;
  const versionNo = contentVersionFor(user, program, requested);
  const [names, content] = await Promise.all([loadNames(db, lang), programContent(db, program.id, lang, versionNo)]);
  const totals = programTotals(content.lines);
  return {
    id: program.id,
    title: content.header.title,
    customer: localName({ name_ky: program.customer_name_ky, name_ru: program.customer_name_ru, name_en: program.customer_name_en }, lang),
    years: content.header.yearFrom === content.header.yearTo ? String(content.header.yearFrom) : `${content.header.yearFrom}–${content.header.yearTo}`,
    fundingSource: content.header.fundingSource,
    ceilingTyiyn: content.header.ceilingTyiyn,
    status: program.status,
    versionNo: versionNo ?? program.version_no,
    version: content.version,
    lines: displayLines(content.lines, names, content.indicators),
    byArea: totals.byArea.map((r) => ({ ...r, label: names.areas[r.key] ?? r.key })),
  };
}
export type PrintData = Awaited<ReturnType<typeof printData>>;
