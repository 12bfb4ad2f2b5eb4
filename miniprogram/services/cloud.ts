// The ONE typed cloud client. Pages call `cloud.call(fn, action, payload)`
// and get typed data or a thrown CloudError; they never touch wx.cloud.
//
// Two transports: wx.cloud.callFunction inside WeChat, and the local
// cloud's HTTP endpoint in local mode (browser preview, DevTools against
// `npm start`).

import {
  ERROR_MESSAGES,
  isErrorCode,
  type ActionName,
  type Envelope,
  type ErrorCode,
  type FunctionName,
  type PayloadOf,
  type ResultOf,
} from '../contract/index';

export class CloudError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  constructor(code: ErrorCode, message?: string, field?: string) {
    super(message || ERROR_MESSAGES[code]);
    this.name = 'CloudError';
    this.code = code;
    this.field = field;
  }
}

export interface RawCall {
  name: FunctionName;
  data: { action: string; payload?: unknown };
}

/** Sends one call and resolves with the function's raw return value. */
export type Transport = (call: RawCall) => Promise<unknown>;

export const wxCloudTransport: Transport = (call) =>
  new Promise((resolve, reject) => {
    wx.cloud.callFunction({
      name: call.name,
      data: call.data,
      success: (res) => resolve(res.result),
      fail: (err) => reject(err),
    });
  });

/**
 * The local cloud's endpoint: POST {base}/call/{fn} with the member's
 * openid in a header. Uses wx.request so it works in DevTools and in the
 * browser preview (whose wx shim implements wx.request with fetch).
 */
export function httpTransport(baseUrl: string, getOpenid: () => string): Transport {
  return (call) =>
    new Promise((resolve, reject) => {
      wx.request({
        url: `${baseUrl}/call/${call.name}`,
        method: 'POST',
        data: call.data,
        header: { 'content-type': 'application/json', 'x-openid': getOpenid() },
        success: (res) => resolve(res.data),
        fail: (err) => reject(err),
      });
    });
}

let transport: Transport | null = null;

export function setTransport(next: Transport | null): void {
  transport = next;
}

function currentTransport(): Transport {
  if (transport) return transport;
  transport = wxCloudTransport;
  return transport;
}

function toEnvelope<D>(raw: unknown): Envelope<D> {
  if (raw && typeof raw === 'object' && 'ok' in raw) {
    const env = raw as { ok: unknown; data?: unknown; code?: unknown; message?: unknown; field?: unknown };
    if (env.ok === true) return { ok: true, data: env.data as D };
    if (env.ok === false && isErrorCode(env.code)) {
      return {
        ok: false,
        code: env.code,
        message: typeof env.message === 'string' && env.message ? env.message : ERROR_MESSAGES[env.code],
        ...(typeof env.field === 'string' ? { field: env.field } : {}),
      };
    }
  }
  return { ok: false, code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL };
}

export async function call<F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  ...payload: PayloadOf<F, A> extends undefined ? [] : [PayloadOf<F, A>]
): Promise<ResultOf<F, A>> {
  let raw: unknown;
  try {
    raw = await currentTransport()({ name: fn, data: { action, payload: payload[0] } });
  } catch {
    throw new CloudError('NETWORK');
  }
  const env = toEnvelope<ResultOf<F, A>>(raw);
  if (env.ok) return env.data;
  throw new CloudError(env.code, env.message, env.field);
}

/** A member-facing message for anything a call may throw. */
export function errorMessage(err: unknown): string {
  if (err instanceof CloudError) return err.message;
  return ERROR_MESSAGES.INTERNAL;
}

export const cloud = { call, setTransport, errorMessage };
