import { AppError, can, type Action } from '@kamkor/domain';
import { getDb, getProjectForActor, getReportByPeriod } from '../db.server.ts';
import type { CurrentUser } from './session.server.ts';

/** The project of a route, checked with `can` (404 when denied, so ids reveal nothing). */
export async function projectFor(user: CurrentUser | null, id: string | undefined, action: Action = 'view') {
  if (!id) throw new AppError('NOT_FOUND', 'errors.notFound');
  return getProjectForActor(await getDb(), user, id, action);
}

/** The project and its report for a period key in the URL. */
export async function reportFor(user: CurrentUser | null, id: string | undefined, period: string | undefined, action: Action = 'view') {
  const project = await projectFor(user, id, action);
  if (!period) throw new AppError('NOT_FOUND', 'errors.notFound');
  const report = await getReportByPeriod(await getDb(), project.id, period);
  return { project, report };
}

/** Whether the user may bulk-import results. */
export const canBulkImport = (user: CurrentUser | null) => can(user, 'import', { type: 'results_import' });

export { XLSX_TYPE as XLSX } from './download.server.ts';
