import { getProgramContentForActor } from '../db.server.ts';
import { resourceLoader } from '../utils/http.server.ts';
import { loadProgram, programWorkbook } from '../utils/program.server.ts';

/** The program as the official xlsx table of what this user may see; `?version=N` exports an approved version. */
export const loader = resourceLoader(async ({ request, params }) => {
  const { db, user, program, lang } = await loadProgram(request, params.id, 'export');
  const requested = Number(new URL(request.url).searchParams.get('version') ?? '') || undefined;
  const { content } = await getProgramContentForActor(db, user, program.id, requested);
  return programWorkbook(db, program, content, lang);
});
