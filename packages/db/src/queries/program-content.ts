import { AppError, can, publicProgramVersion, visibleProgramVersion, type Actor, type LineData, type ProgramContentChoice } from '@kamkor/domain';
import type { Db } from './audit.ts';
import { findProgram, programResource, type ProgramRow } from './program.ts';
import { listProgramIndicators } from './program-indicators.ts';
import { listProgramLines } from './program-lines.ts';
import { getProgramVersion, listProgramVersions, type ProgramSnapshot } from './program-versions.ts';

/** What a program shows: its header, lines and indicators as of one version (or the live draft). */
export interface ProgramContent {
  choice: ProgramContentChoice;
  header: ProgramSnapshot['header'];
  ceilingTyiyn: number;
  lines: LineData[];
  indicators: ProgramSnapshot['indicators'];
  /** The approval of the version shown; null for the live draft. */
  version: { no: number; docNo: string; date: string; body: string } | null;
}

/** Reads the content of one choice (made by the policy: visibleProgramVersion / publicProgramVersion). */
export async function loadProgramContent(db: Db, program: Pick<ProgramRow, 'id' | 'title' | 'customer_id' | 'year_from' | 'year_to' | 'funding_source' | 'ceiling_tyiyn'>, choice: ProgramContentChoice): Promise<ProgramContent> {
  if (choice.kind === 'version') {
    const v = await getProgramVersion(db, program.id, choice.versionNo);
    const s = v.snapshot;
    return {
      choice,
      header: s.header,
      ceilingTyiyn: s.header.ceilingTyiyn,
      lines: s.lines,
      indicators: s.indicators,
      version: { no: v.version_no, docNo: v.approval_doc_no, date: v.approval_date, body: v.approving_body },
    };
  }
  const [lines, indicators] = await Promise.all([listProgramLines(db, program.id), listProgramIndicators(db, program.id)]);
  return {
    choice,
    header: {
      title: program.title,
      customerId: program.customer_id,
      yearFrom: program.year_from,
      yearTo: program.year_to,
      fundingSource: program.funding_source,
      ceilingTyiyn: program.ceiling_tyiyn,
    },
    ceilingTyiyn: program.ceiling_tyiyn,
    lines,
    indicators: indicators.map((i) => ({ id: i.id, code: i.code, name_ky: i.name_ky, name_ru: i.name_ru, name_en: i.name_en, unit: i.unit, target: String(i.target) })),
    version: null,
  };
}

/**
 * The program and the content this actor may read (the live draft only for those who may
 * `view_draft`; otherwise the draft under discussion or the last approved version). `requested` asks
 * for an approved version. NOT_FOUND when the actor may not see the program at all.
 */
export async function getProgramContentForActor(db: Db, actor: Actor | null, programId: string, requested?: number | null) {
  const program = await findProgram(db, programId);
  if (!program) throw new AppError('NOT_FOUND', 'errors.notFound');
  const resource = programResource(program);
  const choice = can(actor, 'view', resource) ? visibleProgramVersion(actor, resource, requested) : null;
  if (!choice) throw new AppError('NOT_FOUND', 'errors.notFound');
  return { program, resource, content: await loadProgramContent(db, program, choice) };
}

/** The program's indicators as this actor may see them (those of the visible version). */
export async function listProgramIndicatorsForActor(db: Db, actor: Actor | null, programId: string) {
  return (await getProgramContentForActor(db, actor, programId)).content.indicators;
}

/**
 * The versions page: approved versions, and the versions this actor may compare. "0" stands for the
 * live draft of the next version and is offered only to those who may `view_draft`.
 */
export async function listProgramVersionsForActor(db: Db, actor: Actor | null, programId: string) {
  const program = await findProgram(db, programId);
  if (!program || !can(actor, 'view', programResource(program))) throw new AppError('NOT_FOUND', 'errors.notFound');
  const versions = await listProgramVersions(db, program.id);
  const hasDraft = program.version_no > (versions[0]?.version_no ?? 0);
  const seesDraft = can(actor, 'view_draft', programResource(program));
  const choices = [...(hasDraft && seesDraft ? [0] : []), ...versions.map((v) => v.version_no)];
  return { program, versions, choices };
}

/** The public header of a program: named columns, never the live draft's values unless it is under discussion. */
export interface PublicProgram {
  id: string;
  customer_name_ky: string;
  customer_name_ru: string;
  customer_name_en: string;
  status: string;
  discussion_start: string | null;
  discussion_end: string | null;
  approved_version_no: number;
  /** `discussion` while the live draft is under discussion, `approved` when an approved version is shown. */
  mode: 'discussion' | 'approved';
}

/**
 * The public projection of a program (`/public/programs/:id`, its print view and its export): the
 * draft under discussion, otherwise the last approved version (or an approved one asked for) — also
 * while an amendment is being drafted, and whoever is logged in. NOT_FOUND when nothing is public.
 */
export async function getPublicProgramContent(db: Db, programId: string, requested?: number | null) {
  const row = await findProgram(db, programId);
  if (!row) throw new AppError('NOT_FOUND', 'errors.notFound');
  const resource = programResource(row);
  const choice = publicProgramVersion(resource, requested);
  if (!choice) throw new AppError('NOT_FOUND', 'errors.notFound');
  const program: PublicProgram = {
    id: row.id,
    customer_name_ky: row.customer_name_ky,
    customer_name_ru: row.customer_name_ru,
    customer_name_en: row.customer_name_en,
    status: row.status,
    discussion_start: row.discussion_start,
    discussion_end: row.discussion_end,
    approved_version_no: resource.approvedVersionNo,
    mode: choice.kind === 'live' ? 'discussion' : 'approved',
  };
  return { program, resource, content: await loadProgramContent(db, row, choice) };
}
