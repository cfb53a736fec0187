import { AppError } from '@kamkor/domain';
import { getDb } from '../db.server.ts';
import { DIRECT_EXPORT_MAX_ROWS, findExportSource, writeExport } from '../services.server.ts';
import { fileResponse } from '../utils/download.server.ts';
import { resourceLoader } from '../utils/http.server.ts';
import { requireUser, resolveLanguage } from '../utils/session.server.ts';

/**
 * A table downloaded straight away as xlsx or CSV (`?format=`), with the page's filters in the query
 * string: the same file a background export writes, up to DIRECT_EXPORT_MAX_ROWS rows (the About
 * sheet says when there were more).
 */
export const loader = resourceLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const source = findExportSource(params.source);
  if (!source || !source.allowed(user)) throw new AppError('NOT_FOUND', 'errors.notFound');
  const url = new URL(request.url);
  const file = await writeExport(await getDb(), user, {
    source,
    params: source.params(url.searchParams),
    format: url.searchParams.get('format') === 'csv' ? 'csv' : 'xlsx',
    lang: resolveLanguage(request, user),
    maxRows: DIRECT_EXPORT_MAX_ROWS,
  });
  return fileResponse(file.bytes, file.fileName);
});
