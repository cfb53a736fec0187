import { AppError, can } from '@kamkor/domain';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { loadProgram, programWorkbook } from '../utils/program.server.ts';

/** Public download: the draft under discussion, else the last approved version (never an unpublished draft). */
export const loader = wrapLoader(async ({ request, params }) => {
  const { db, program, lang, resource } = await loadProgram(request, params.id, 'view');
  // During a discussion the public downloads the draft under discussion.
  if (program.status === 'public_discussion') return programWorkbook(db, program, lang);
  const approved = Number(program.approved_version_no ?? 0);
  if (!approved || !can(null, 'export', resource)) throw new AppError('NOT_FOUND', 'errors.notFound');
  return programWorkbook(db, program, lang, approved);
});
