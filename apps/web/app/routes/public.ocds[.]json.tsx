import { getDb, ocdsPackage } from '../db.server.ts';
import { generatedJsonResponse } from '../utils/download.server.ts';
import { resourceLoader } from '../utils/http.server.ts';

/** Every public competition (the newest OCDS_MAX_COMPETITIONS) as one OCDS 1.1 release package. */
export const loader = resourceLoader(async ({ request }) => {
  const url = new URL(request.url);
  const pkg = await ocdsPackage(await getDb(), 'all', `${url.origin}/public/ocds.json`);
  return generatedJsonResponse(pkg, 'ocds-competitions.json');
});
