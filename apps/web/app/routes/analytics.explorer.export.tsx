import { can, formatDateTime, parseExplorerState } from '@kamkor/domain';
import { getDb } from '../db.server.ts';
import { buildExplorerExport, explorerCsv, explorerXlsx } from '../services.server.ts';
import { getT } from '../i18n.ts';
import { fileResponse } from '../utils/download.server.ts';
import { loader as wrapLoader } from '../utils/http.server.ts';
import { assertCan, requireUser, resolveLanguage } from '../utils/session.server.ts';

/** An explorer view as xlsx or CSV: the same query as the page, headers in the user's language. */
export const loader = wrapLoader(async ({ request }) => {
  const user = await requireUser(request);
  assertCan(can(user, 'export', { type: 'analytics_explorer' }));
  const url = new URL(request.url);
  const format = url.searchParams.get('format') === 'csv' ? 'csv' : 'xlsx';
  const state = parseExplorerState(url.searchParams);
  const lang = resolveLanguage(request, user);
  const t = getT(lang);
  const now = new Date();
  const table = await buildExplorerExport(await getDb(), user, {
    state,
    lang,
    t: (k, p) => t(k, p),
    exportedBy: `${user.fullName} (${user.email})`,
    exportedAt: formatDateTime(now),
    url: `/analytics/explorer?${url.searchParams.toString().replace(/(^|&)format=[^&]*/, '')}`,
  });
  const stamp = now.toISOString().slice(0, 10);
  if (format === 'csv') {
    const bytes = new TextEncoder().encode(explorerCsv(table));
    return new Response(bytes, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="explorer-${stamp}.csv"`,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store',
      },
    });
  }
  return fileResponse(await explorerXlsx(table, (k, p) => t(k, p)), `explorer-${stamp}.xlsx`);
});
