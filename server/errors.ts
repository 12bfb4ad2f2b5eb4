import { ERROR_MESSAGES, type ErrEnvelope, type ErrorCode } from '../miniprogram/contract/index';

/** The only error a handler throws on purpose; the router turns it into an envelope. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  constructor(code: ErrorCode, message?: string, field?: string) {
    super(message || ERROR_MESSAGES[code]);
    this.name = 'AppError';
    this.code = code;
    this.field = field;
  }
  toEnvelope(): ErrEnvelope {
    return {
      ok: false,
      code: this.code,
      message: this.message,
      ...(this.field ? { field: this.field } : {}),
    };
  }
}

export function fail(code: ErrorCode, message?: string, field?: string): never {
  throw new AppError(code, message, field);
}
