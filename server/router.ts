// One cloud function per domain, an action router inside. Every call is
// `{ action, payload }` in and an envelope out; nothing throws to the client.
import type { z } from 'zod';
import { ERROR_MESSAGES, type Envelope } from '../miniprogram/contract/index';
import { AppError } from './errors';
import { cloud, identity } from './cloud';
import { isAdmin } from './auth';
import { collectionsMissing, ensureCollections } from './collections';

/**
 * public: anyone, also without OPENID (Moments single-page mode);
 * member: needs OPENID; admin: needs the admin role;
 * timer: a timer trigger, or an admin running it by hand.
 */
export type Access = 'public' | 'member' | 'admin' | 'timer';

export interface Ctx {
  openid: string | undefined;
  /** The caller's openid, or UNAUTHENTICATED. */
  member(): string;
  now: number;
}

export interface ActionDef<P, R> {
  access: Access;
  schema: z.ZodType<P>;
  run(payload: P, ctx: Ctx): Promise<R>;
}

export type ActionTable<Actions> = {
  [A in keyof Actions]: Actions[A] extends { payload: infer P; result: infer R } ? ActionDef<P, R> : never;
};

interface TimerEvent {
  Type: 'Timer';
  TriggerName: string;
}

function isTimerEvent(event: unknown): event is TimerEvent {
  return !!event && typeof event === 'object' && (event as { Type?: unknown }).Type === 'Timer';
}

/** getWXContext().SOURCE when a timer trigger runs the function (WeChat: 云函数定时触发器调用). */
export const TIMER_SOURCE = 'wx_trigger';

/**
 * Anyone can put `Type: 'Timer'` in callFunction's data, so the event's shape
 * proves nothing. WeChat sets SOURCE and OPENID itself: a real trigger has
 * SOURCE wx_trigger and no member; clients (wx_client, wx_devtools, wx_unauth,
 * wx_http, …) never get that SOURCE.
 */
function fromTimerTrigger(openid: string | undefined): boolean {
  return !openid && cloud.getWXContext().SOURCE === TIMER_SOURCE;
}

/** Turns the first schema issue into a field-level VALIDATION error. */
export function validationError(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
): AppError {
  const issue = issues[0];
  const field = issue && issue.path.length ? issue.path.map(String).join('.') : undefined;
  // zod's own English defaults never reach a member.
  const message = issue && /[\u4e00-\u9fa5]/.test(issue.message) ? issue.message : ERROR_MESSAGES.VALIDATION;
  return new AppError('VALIDATION', message, field);
}

export function createMain<Actions>(
  table: ActionTable<Actions>,
  options: { timers?: Record<string, keyof Actions & string> } = {},
): (event: unknown, context?: unknown) => Promise<Envelope<unknown>> {
  return async (event) => {
    try {
      let actionName: unknown;
      let payload: unknown;
      const { openid } = identity();
      const timer = isTimerEvent(event);
      if (timer && !fromTimerTrigger(openid)) throw new AppError('FORBIDDEN');
      if (timer) {
        actionName = options.timers?.[event.TriggerName];
        payload = {};
      } else if (event && typeof event === 'object') {
        actionName = (event as { action?: unknown }).action;
        payload = (event as { payload?: unknown }).payload;
      }
      // Only a string names an action: String() of an object can throw ({toString: 1}) or lie.
      if (typeof actionName !== 'string') throw new AppError('UNKNOWN_ACTION');
      if (!Object.prototype.hasOwnProperty.call(table, actionName)) {
        // The name is echoed only when it looks like one (no markup or control characters in a toast).
        const shown = /^[\w.-]{1,64}$/.test(actionName) ? `：${actionName}` : '';
        throw new AppError('UNKNOWN_ACTION', `${ERROR_MESSAGES.UNKNOWN_ACTION}${shown}`);
      }
      const def = (table as Record<string, ActionDef<unknown, unknown>>)[actionName]!;
      await ensureCollections();
      const member = (): string => {
        if (!openid) throw new AppError('UNAUTHENTICATED');
        return openid;
      };
      if (def.access === 'member') member();
      if (def.access === 'admin' || (def.access === 'timer' && !timer)) {
        if (!(await isAdmin(member()))) throw new AppError('FORBIDDEN');
      }
      const parsed = def.schema.safeParse(payload);
      if (!parsed.success) throw validationError(parsed.error.issues);
      const data = await def.run(parsed.data, { openid, member, now: Date.now() });
      return { ok: true, data };
    } catch (err) {
      if (err instanceof AppError) return err.toEnvelope();
      collectionsMissing(err);
      console.error('unhandled error in cloud function', err);
      return { ok: false, code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL };
    }
  };
}
