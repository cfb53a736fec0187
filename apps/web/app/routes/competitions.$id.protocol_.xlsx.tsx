import { writeProtocolWorkbook } from '../excel.server.ts';
import { getT } from '../i18n.ts';
import { protocolData, protocolTables } from '../utils/commission.server.ts';
import { fileResponse } from '../utils/download.server.ts';
import { resourceLoader } from '../utils/http.server.ts';
import { requireUser, resolveLanguage } from '../utils/session.server.ts';

/** The protocol as xlsx: ranking and decision, then every score (codes only until signed). */
export const loader = resourceLoader(async ({ request, params }) => {
  const user = await requireUser(request);
  const r = await protocolData(user, params.id ?? '');
  const lang = resolveLanguage(request, user);
  const t = getT(lang);
  const bytes = await writeProtocolWorkbook(protocolTables(r, (k, p) => t(k, p), lang));
  return fileResponse(bytes, `protocol-${r.competition.id.slice(0, 8)}.xlsx`);
});
