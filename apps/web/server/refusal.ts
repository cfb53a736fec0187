import type { Request, Response } from 'express';
import { defaultLanguage, resources, type Language } from '@kamkor/domain';
import { requestedLanguage } from '../app/utils/cookies.ts';

/** How long a refused client may keep sending (discarded, never buffered) before we hang up. */
const LINGER_MS = 2_000;

export type Refusal = 'tooLarge' | 'badRequest' | 'csrf';

const statusOf: Record<Refusal, number> = { tooLarge: 413, badRequest: 400, csrf: 403 };

function text(lang: Language, path: string, params: Record<string, string> = {}): string {
  let node: unknown = resources[lang].common;
  for (const key of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[key];
  return String(node ?? path).replace(/\{\{(\w+)\}\}/g, (_, k: string) => params[k] ?? '');
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function formatLimit(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** A small self-contained page in the visitor's language (the app itself is never reached). */
export function refusalPage(reason: Refusal, lang: Language, limitBytes = 0): string {
  const key = reason === 'csrf' ? 'forbidden' : reason;
  const title = text(lang, `errorPages.${key}.title`);
  const body = reason === 'csrf' ? text(lang, 'errors.csrf') : text(lang, `errorPages.${key}.body`, { limit: formatLimit(limitBytes) });
  return `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p><p><a href="/">${escapeHtml(text(lang, 'errorPages.home'))}</a></p></main></body></html>`;
}

/**
 * Answers a refused request without reading the rest of its body: the remaining bytes are discarded as
 * they arrive (never buffered). A client that keeps sending is cut off after LINGER_MS; until then the
 * socket stays open, so the client reads the answer instead of a reset. (`Connection: close` would
 * make Node destroy the socket as soon as the answer is written, with the client's bytes unread, and
 * clients then often see a reset instead of the 413.)
 */
export function refuse(req: Request, res: Response, reason: Refusal, limitBytes = 0): void {
  const lang = requestedLanguage(req.headers.cookie, req.headers['accept-language']) ?? defaultLanguage;
  discardBody(req, res);
  if (res.headersSent) {
    req.socket.destroy();
    return;
  }
  res
    .status(statusOf[reason])
    .set({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
    .end(refusalPage(reason, lang, limitBytes));
}

/**
 * Stops reading a body: what still arrives is discarded. A client still sending LINGER_MS after our
 * answer was written is cut off (the clock starts with the answer, which the app may still be writing).
 */
export function discardBody(req: Request, res: Response): void {
  req.unpipe();
  req.resume();
  if (req.complete) return;
  const socket = req.socket;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
  };
  if (res.writableFinished) arm();
  else res.once('finish', arm);
  const stop = () => clearTimeout(timer);
  req.once('end', stop);
  socket.once('close', stop);
}
