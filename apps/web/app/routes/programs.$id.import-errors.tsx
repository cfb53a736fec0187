import { markWorkbookErrors } from '../excel.server.ts';
import { getT } from '../i18n.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { assertFound, checkImport, findOwnUpload } from '../utils/program-import.server.ts';
import { errorParams, loadProgram, xlsxResponse } from '../utils/program.server.ts';
import { requireUser } from '../utils/session.server.ts';

/** A copy of the user's uploaded workbook with error cells highlighted and explained in comments. */
export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const { db, program, lang } = await loadProgram(request, params.id, 'manage');
  const bytes = assertFound(await findOwnUpload(db, new URL(request.url).searchParams.get('file') ?? '', user.userId));
  const check = await checkImport(db, program, bytes);
  const errors = check.ok ? check.errors : [];
  const t = getT(lang);
  const marked = await markWorkbookErrors(bytes, errors, (e) => t(e.messageKey, errorParams(e.params, lang)));
  return xlsxResponse(marked, `program-lines-errors.xlsx`);
});
