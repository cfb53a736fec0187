import { getDb, getPublicProgramContent } from '../db.server.ts';
import { resourceLoader } from '../utils/http.server.ts';
import { programWorkbook } from '../utils/program.server.ts';
import { getCurrentUser, resolveLanguage } from '../utils/session.server.ts';

/** Public download through the public projection: the draft under discussion, else the last approved version. */
export const loader = resourceLoader(async ({ request, params }) => {
  const lang = resolveLanguage(request, await getCurrentUser(request));
  const db = await getDb();
  const { program, content } = await getPublicProgramContent(db, params.id ?? '');
  return programWorkbook(db, { ...program, version_no: program.approved_version_no + 1 }, content, lang);
});
