/**
 * How much a request may send, shared by the HTTP server (which enforces it on the bytes as they
 * arrive, before anything is parsed) and the upload reader. See docs/decisions/008-http-server-bounded-requests.md.
 */

/** Any ordinary form (urlencoded, or multipart outside the upload routes), JSON or other body. */
export const FORM_LIMIT_BYTES = 1024 * 1024;
/** The configured file limit: one uploaded file (workbook, evidence, photo). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** Multipart framing and the small fields (intent, _csrf, fileId…) sent beside the file. */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
/** Fields of one form: the largest real form (a report's value grid) has a few hundred. */
export const MAX_FIELDS = 2000;
/** Parts of one upload form: the file and a handful of fields. */
export const MAX_UPLOAD_PARTS = 50;
/** Files in one upload form. */
export const MAX_UPLOAD_FILES = 1;

/**
 * Route paths whose actions read a file with `readUpload` (Remix route file names turned into paths).
 * Only these accept a multipart body up to MAX_UPLOAD_BYTES; `request-limits.test.ts` fails when a
 * route calls `readUpload` without being listed here.
 */
export const uploadRoutes = [
  '/admin/territory/import',
  '/assessments/:id/meetings/:meetingId',
  '/assessments/:id/problems/:problemId',
  '/programs/:id/import',
  '/projects/import',
  '/projects/:id/reports/:period/evidence',
  '/projects/:id/reports/:period/upload',
  '/monitoring/questionnaires',
  '/projects/:id/visits/:visitNo/files',
  '/monitoring/questionnaires/:formId/responses-import',
  '/competitions/:id/scoring/upload',
  '/competitions/:id/applications/:appId/attachments',
] as const;

const uploadPatterns = uploadRoutes.map((route) => new RegExp(`^${route.replace(/:[A-Za-z]+/g, '[^/]+')}$`));

/** Whether a request path (also Remix's `/path.data` single-fetch form) is an upload route. */
export function isUploadPath(pathname: string): boolean {
  const path = pathname.replace(/\.data$/, '').replace(/\/+$/, '') || '/';
  return uploadPatterns.some((re) => re.test(path));
}
