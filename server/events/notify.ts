// Subscribe messages of the events function. Template data keys follow the
// templates picked in 公众平台 (thing ≤ 20 chars, phrase ≤ 5, time as text);
// change them here together with the ids in the contract.
import { SUBSCRIBE_TEMPLATES } from '../../miniprogram/contract/index';
import { sendSubscribeMessage } from '../cloud';
import { type EventDoc, formatMessageTime } from './model';

export const EVENT_PAGE = 'pages/event/index';

function thing(text: string): { value: string } {
  const chars = Array.from(text);
  return { value: chars.length > 20 ? `${chars.slice(0, 19).join('')}…` : text };
}

/** Which template credits a new sign-up keeps, from the ids the member accepted. */
export function creditsFrom(subscribed: readonly string[] | undefined): {
  result: boolean;
  reminder: boolean;
  change: boolean;
} {
  const s = new Set(subscribed || []);
  return {
    result: s.has(SUBSCRIBE_TEMPLATES.signupResult),
    reminder: s.has(SUBSCRIBE_TEMPLATES.eventReminder),
    change: s.has(SUBSCRIBE_TEMPLATES.eventChange),
  };
}

/** A message about an event: its title and start first, then the template's own keys. */
function sendAboutEvent(
  openid: string,
  e: EventDoc,
  templateId: string,
  more: Record<string, { value: string }>,
): Promise<boolean> {
  return sendSubscribeMessage({
    touser: openid,
    templateId,
    page: `${EVENT_PAGE}?id=${e._id}`,
    data: { thing1: thing(e.title), time2: { value: formatMessageTime(e.startAt) }, ...more },
  });
}

/** phrase values are at most 5 characters (subscribe-message rules). */
export type SignupOutcome = '报名成功' | '候补转正' | '审核通过' | '未通过';

export function sendSignupResult(openid: string, e: EventDoc, outcome: SignupOutcome): Promise<boolean> {
  return sendAboutEvent(openid, e, SUBSCRIBE_TEMPLATES.signupResult, {
    thing3: thing(e.place),
    phrase4: { value: outcome },
  });
}

export function sendReminder(openid: string, e: EventDoc): Promise<boolean> {
  return sendAboutEvent(openid, e, SUBSCRIBE_TEMPLATES.eventReminder, {
    thing3: thing(e.place),
    thing4: thing('活动明天开始，请凭签到码入场'),
  });
}

export function sendCancelled(openid: string, e: EventDoc): Promise<boolean> {
  return sendAboutEvent(openid, e, SUBSCRIBE_TEMPLATES.eventChange, { thing3: thing('活动已取消，报名自动失效') });
}

/** Runs `fn` over items with at most `limit` at a time (openapi has rate limits). */
export async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** How many subscribe messages a run sends at once (reminders, cancellation notices). */
export const NOTIFY_CONCURRENCY = 8;
