import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from '@remix-run/node';
import { verifyCsrf } from './session.server.ts';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export type UploadResult =
  | { ok: true; form: FormData; file: { name: string; type: string; data: Uint8Array } | null }
  | { ok: false; form: FormData | null; messageKey: string; params?: Record<string, unknown> };

/**
 * Reads a multipart form with one file field, refusing parts over the limit while streaming
 * (the body is never buffered whole). Checks CSRF like every mutation.
 */
export async function readUpload(request: Request, field = 'file', maxBytes = MAX_UPLOAD_BYTES): Promise<UploadResult> {
  const declared = Number(request.headers.get('Content-Length') ?? 0);
  if (declared > maxBytes + 64 * 1024) return { ok: false, form: null, messageKey: 'excel.errors.tooLarge', params: { mb: Math.round(maxBytes / 1048576) } };
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: maxBytes }));
  } catch (err) {
    if (err instanceof MaxPartSizeExceededError) return { ok: false, form: null, messageKey: 'excel.errors.tooLarge', params: { mb: Math.round(maxBytes / 1048576) } };
    throw err;
  }
  verifyCsrf(request, form);
  const value = form.get(field);
  if (!value || typeof value === 'string' || value.size === 0) return { ok: true, form, file: null };
  return { ok: true, form, file: { name: value.name, type: value.type, data: new Uint8Array(await value.arrayBuffer()) } };
}
