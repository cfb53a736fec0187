import { getDb, ocdsPackage } from '../db.server.ts';
import { generatedJsonResponse } from '../utils/download.server.ts';
import { resourceLoader } from '../utils/http.server.ts';

/** One public competition as an OCDS 1.1 release package (open data; 404 for drafts). */
export const loader = resourceLoader(async ({ request, params }) => {
  const id = params.id ?? '';
  const url = new URL(request.url);
  const pkg = await ocdsPackage(await getDb(), { id }, `${url.origin}/public/competitions/${encodeURIComponent(id)}/ocds.json`);
  return generatedJsonResponse(pkg, `ocds-competition-${id}.json`);
});
