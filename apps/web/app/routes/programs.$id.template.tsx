import { resourceLoader } from '../utils/http.server.ts';
import { templateFor } from '../utils/program-import.server.ts';
import { loadProgram, xlsxResponse } from '../utils/program.server.ts';
import { requireUser } from '../utils/session.server.ts';

/** The import template of the program's current (editable) version. */
export const loader = resourceLoader(async ({ request, params }) => {
  await requireUser(request);
  const { db, program, lang } = await loadProgram(request, params.id, 'import');
  return xlsxResponse(await templateFor(db, program, lang), `program-lines-template-${program.year_from}-v${program.version_no}.xlsx`);
});
