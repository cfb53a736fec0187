import { loader as wrapLoader } from '../utils/http.server.ts';
import { loadProgram, programWorkbook } from '../utils/program.server.ts';

/** The program as the official xlsx table; `?version=N` exports a frozen version. */
export const loader = wrapLoader(async ({ request, params }) => {
  const { db, program, lang } = await loadProgram(request, params.id, 'export');
  const v = Number(new URL(request.url).searchParams.get('version') ?? '') || undefined;
  return programWorkbook(db, program, lang, v);
});
