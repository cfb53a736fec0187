import { resourceLoader } from '../utils/http.server.ts';
import { findErrorCopy } from '../services.server.ts';
import { assertFound } from '../utils/program-import.server.ts';
import { loadProgram, xlsxResponse } from '../utils/program.server.ts';
import { requireUser } from '../utils/session.server.ts';

/** The error copy of the user's uploaded workbook (error cells highlighted and explained), kept by the dry run. */
export const loader = resourceLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const { db } = await loadProgram(request, params.id, 'manage');
  const copy = assertFound(await findErrorCopy(db, new URL(request.url).searchParams.get('file') ?? '', user.userId));
  return xlsxResponse(copy.data, `program-lines-errors.xlsx`);
});
