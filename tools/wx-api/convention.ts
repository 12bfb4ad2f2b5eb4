// WeChat's calling convention for asynchronous wx APIs, shared by the
// browser preview's wx (tools/preview/runtime) and the page tests' fake wx
// (test/mp/setup.ts). Dependency-free: it goes into the browser bundle.
// https://developers.weixin.qq.com/miniprogram/dev/framework/app-service/api.html
// "异步 API … 支持 callback & promise 两种调用方式。当接口参数 Object 对象中不包含
// success/fail/complete 时将默认返回 promise，否则仍按回调方式执行，无返回值。"
// The answer: `{ errMsg: 'name:ok' | 'name:fail reason', ...fields }`; success or
// fail runs, then complete.

export type WxResult = Record<string, unknown> & { errMsg: string };

export interface WxCallbacks {
  success?: (res: WxResult) => void;
  fail?: (res: WxResult) => void;
  complete?: (res: WxResult) => void;
}

/** A settled call: its answer and whether it succeeded. */
export interface WxOutcome {
  ok: boolean;
  res: WxResult;
}

export interface DeliverHooks {
  /** Runs one callback; a callback that throws is the caller's to report, not the API's to propagate. */
  guard(api: string, run: () => void): void;
  /** Wraps the success callback (a modal's confirm is a member's tap, for instance). */
  aroundSuccess?(api: string, outcome: WxOutcome, run: () => void): void;
}

export function hasCallbacks(opts: object): boolean {
  const o = opts as WxCallbacks;
  return typeof o.success === 'function' || typeof o.fail === 'function' || typeof o.complete === 'function';
}

/**
 * Runs the callbacks of a settled call, WeChat's way. Without callbacks it
 * returns the answer (ok) or throws it (fail), for the call's promise.
 */
export function deliver(api: string, opts: WxCallbacks, outcome: WxOutcome, hooks: DeliverHooks): WxResult | undefined {
  const { ok, res } = outcome;
  if (ok && opts.success) {
    const success = opts.success;
    const run = () => hooks.guard(api, () => success(res));
    if (hooks.aroundSuccess) hooks.aroundSuccess(api, outcome, run);
    else run();
  }
  if (!ok && opts.fail) {
    const fail = opts.fail;
    hooks.guard(api, () => fail(res));
  }
  if (opts.complete) {
    const complete = opts.complete;
    hooks.guard(api, () => complete(res));
  }
  if (hasCallbacks(opts)) return undefined;
  if (ok) return res;
  throw res;
}

/** What the call returns: nothing with callbacks, else the promise of its answer. */
export function callbackOrPromise<T>(opts: object, settled: Promise<T>): Promise<T> | undefined {
  if (!hasCallbacks(opts)) return settled;
  settled.catch(() => undefined);
  return undefined;
}
