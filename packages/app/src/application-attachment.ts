// Issue #9: an application's attachment — type from the bytes, size limit, and a copy without document
// metadata for reviewers, stored through FileStorage by @kamkor/db.
import { AppError, MAX_ATTACHMENT_BYTES, sniffAttachment, type Actor } from '@kamkor/domain';
import { addAttachment, type Db } from '@kamkor/db';
import { stripDocumentMetadata } from './strip-metadata.ts';

/**
 * Attaches an uploaded file to an application: refused over MAX_ATTACHMENT_BYTES or when its bytes are
 * not a PDF, DOCX, XLSX, JPEG, PNG or WebP (whatever the browser said); DOCX, XLSX and PDF get a
 * metadata-free copy for the commission. The policy and the deadline are checked by addAttachment;
 * run it in a transaction.
 */
export async function attachToApplication(db: Db, actor: Actor, applicationId: string, file: { name: string; data: Uint8Array }, now = new Date()) {
  if (file.data.byteLength > MAX_ATTACHMENT_BYTES) throw new AppError('INVALID', 'competition:content.errors.attachmentTooLarge', { mb: MAX_ATTACHMENT_BYTES / 1048576 });
  const contentType = sniffAttachment(file.data);
  if (!contentType) throw new AppError('INVALID', 'competition:content.errors.attachmentType');
  const stripped = await stripDocumentMetadata(file.data, contentType);
  return addAttachment(db, actor, applicationId, { fileName: file.name, contentType, data: file.data, stripped }, now);
}
