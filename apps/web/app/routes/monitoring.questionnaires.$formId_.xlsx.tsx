import { getDb, getQuestionnaireForActor } from '../db.server.ts';
import { writeXlsForm } from '../excel.server.ts';
import { fileResponse } from '../utils/download.server.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { requireUser } from '../utils/session.server.ts';

/** A questionnaire version as an XLSForm (survey, choices, settings) for KoboToolbox/ODK; re-imports identically. */
export const loader = wrapLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const asked = Number(new URL(request.url).searchParams.get('version')) || null;
  const q = await getQuestionnaireForActor(await getDb(), user, params.formId ?? '', asked, 'export');
  const bytes = await writeXlsForm(q.version.definition);
  return fileResponse(new Uint8Array(bytes), `${q.form_id}-v${q.version.versionNo}.xlsx`);
});
