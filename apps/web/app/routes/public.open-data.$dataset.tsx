import { AppError, formatDateTime } from '@kamkor/domain';
import { getDb, openDatasets, type OpenDataset } from '../db.server.ts';
import { openDataFile, openDataFormats, type OpenDataFormat } from '../services.server.ts';
import { getT } from '../i18n.ts';
import { contentDisposition, fileResponse } from '../utils/download.server.ts';
import { resourceLoader } from '../utils/http.server.ts';
import { getCurrentUser, resolveLanguage } from '../utils/session.server.ts';

/** One open dataset as xlsx, CSV or JSON (`?format=`): published data only, open to everyone. */
export const loader = resourceLoader(async ({ request, params }) => {
  const dataset = params.dataset as OpenDataset;
  if (!(openDatasets as readonly string[]).includes(dataset)) throw new AppError('NOT_FOUND', 'errors.notFound');
  const asked = new URL(request.url).searchParams.get('format') ?? 'xlsx';
  if (!(openDataFormats as readonly string[]).includes(asked)) throw new AppError('NOT_FOUND', 'errors.notFound');
  const lang = resolveLanguage(request, await getCurrentUser(request));
  const t = getT(lang);
  const file = await openDataFile(await getDb(), dataset, asked as OpenDataFormat, lang, (k, p) => t(k, p), formatDateTime(new Date()));
  if (!file.contentType) return fileResponse(file.bytes, file.fileName);
  return new Response(file.bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      'Content-Type': file.contentType,
      'Content-Disposition': contentDisposition(file.fileName),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'public, max-age=300',
    },
  });
});
