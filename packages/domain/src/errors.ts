/** Codes for expected failures; the app turns each into an HTTP status and a translated message. */
export type AppErrorCode = 'NOT_FOUND' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'INVALID' | 'CONFLICT' | 'RATE_LIMITED';

/** An expected failure with a code and an i18n message key (never a raw English sentence). */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly messageKey: string;
  readonly params: Record<string, unknown>;
  constructor(code: AppErrorCode, messageKey: string, params: Record<string, unknown> = {}) {
    super(`${code}: ${messageKey}`);
    this.name = 'AppError';
    this.code = code;
    this.messageKey = messageKey;
    this.params = params;
  }
}

export const httpStatusOf: Record<AppErrorCode, number> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  INVALID: 400,
  CONFLICT: 409,
  RATE_LIMITED: 429,
};
