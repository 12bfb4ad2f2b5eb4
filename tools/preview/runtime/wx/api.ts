// The wx object's plumbing: WeChat's async convention (tools/wx-api, shared
// with the page tests) around each implementation, and the fail type whose
// message becomes `name:fail <message>`.
/// <reference types="miniprogram-api-typings" />
import { reportError } from '../errors';
import * as router from '../router';
import { duringTap, tapping } from '../gesture';
import { launchOptions } from './launch';
import {
  callbackOrPromise,
  deliver,
  type DeliverHooks,
  type WxCallbacks,
  type WxOutcome,
  type WxResult,
} from '../../../wx-api/convention';
import { answerIsTap, platformRefusal } from '../../../wx-api/rules';

export type Obj = Record<string, unknown>;
export type Callbacks = WxCallbacks;

/** Part of the wx object, by area: only names the real wx has (miniprogram-api-typings). */
export type WxApis = { [K in keyof WechatMiniprogram.Wx]?: unknown };

/** An error whose message becomes `name:fail <message>`. */
export class ApiFail extends Error {
  readonly extra: Obj;
  constructor(message: string, extra: Obj = {}) {
    super(message);
    this.extra = extra;
  }
}

/** Callbacks run WeChat's way (shared with the page tests); a throwing callback shows on the page. */
const hooks: DeliverHooks = {
  guard(name, run) {
    try {
      run();
    } catch (err) {
      reportError(err, `wx.${name} 回调`);
    }
  },
  aroundSuccess(name, { ok, res }, run) {
    if (answerIsTap(name, ok, res)) duringTap(run);
    else run();
  },
};

/**
 * WeChat's async API convention around an implementation that may throw
 * ApiFail, after WeChat's platform rules (tools/wx-api/rules.ts): a call
 * WeChat refuses fails the same way; one that is a page bug also shows.
 */
export function api<O extends Obj>(name: string, impl: (o: O) => Obj | void | Promise<Obj | void>) {
  return (options?: O): Promise<WxResult | undefined> | undefined => {
    const o = (options || {}) as O & WxCallbacks;
    const scene = Number(launchOptions().scene);
    const refusal = platformRefusal(name, { scene: Number.isFinite(scene) ? scene : undefined, tapping: tapping() });
    if (refusal?.bug) reportError(new Error(refusal.bug), `wx.${name}`);
    const outcome: Promise<WxOutcome> = refusal
      ? Promise.resolve({ ok: false, res: { errMsg: refusal.errMsg } })
      : Promise.resolve()
          .then(() => impl(o))
          .then(
            (r): WxOutcome => ({ ok: true, res: { ...(r || {}), errMsg: `${name}:ok` } }),
            (err: unknown): WxOutcome => {
              const message = err instanceof Error ? err.message : String(err);
              if (!(err instanceof ApiFail) && !(err instanceof router.RouteError))
                console.warn(`[preview] wx.${name}`, err);
              const extra = err instanceof ApiFail ? err.extra : {};
              return { ok: false, res: { ...extra, errMsg: `${name}:fail ${message}` } };
            },
          );
    return callbackOrPromise(
      o,
      outcome.then((out) => deliver(name, o, out, hooks)),
    );
  };
}

export const str = (v: unknown, fallback = ''): string => (v === undefined || v === null ? fallback : String(v));

export function pick(o: Obj, keys: string[]): Obj {
  const out: Obj = {};
  for (const k of keys) out[k] = o[k];
  return out;
}
