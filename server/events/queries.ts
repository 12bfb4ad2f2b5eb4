// Member-facing reads: events list/detail with the caller's own sign-up, and
// 我的报名. Lists page by (startAt, _id), never by skip.
import {
  ARTICLE_RULES,
  type EventDetail,
  type EventSummary,
  type MySignup,
  type Page,
} from '../../miniprogram/contract/index';
import type { OpenAttribution } from '../../miniprogram/contract/shares';
import { fail } from '../errors';
import { recordAttribution, resolveAttribution } from '../shares/attribution';
import type { EventDoc, SignupDoc, VisibleSignup } from './model';
import {
  decodeCursor,
  encodeCursor,
  EVENTS,
  isVisible,
  signupId,
  SIGNUPS,
  toDetail,
  toMySignup,
  toSummary,
} from './model';
import { WITHOUT_LEDGER, withPosition } from './ledger';
import { cmd, db, findDocs, getDoc } from '../data';

export async function listEvents(
  p: { scope: 'upcoming' | 'past'; cursor?: string; pageSize?: number },
  openid: string | undefined,
  now: number,
): Promise<Page<EventSummary>> {
  const _ = cmd();
  const size = p.pageSize ?? ARTICLE_RULES.pageSizeDefault;
  const upcoming = p.scope === 'upcoming';
  // Upcoming: not yet ended, soonest first. Past: ended, latest first.
  const conditions: object[] = [{ endAt: upcoming ? _.gt(now) : _.lte(now) }];
  if (p.cursor) {
    const c = decodeCursor(p.cursor);
    if (!c) fail('VALIDATION', '分页参数无效，请刷新后重试', 'cursor');
    const after = (v: number | string) => (upcoming ? _.gt(v) : _.lt(v));
    conditions.push(_.or([{ startAt: after(c.startAt) }, { startAt: c.startAt, _id: after(c.id) }]));
  }
  const order = upcoming ? 'asc' : 'desc';
  const docs = await findDocs<EventDoc>(
    db()
      .collection(EVENTS)
      .where(_.and(conditions))
      .field(WITHOUT_LEDGER)
      .orderBy('startAt', order)
      .orderBy('_id', order)
      .limit(size + 1),
  );
  const page = docs.slice(0, size);
  const mine = openid
    ? await mySignupsFor(
        page.map((e) => e._id),
        openid,
      )
    : new Map<string, VisibleSignup>();
  const last = page[page.length - 1];
  return {
    items: page.map((e) => {
      const s = mine.get(e._id);
      return toSummary(e, s ? toMySignup(s) : null);
    }),
    nextCursor: docs.length > size && last ? encodeCursor({ startAt: last.startAt, id: last._id }) : null,
  };
}

/** The caller's sign-ups for these events, in one query by deterministic id. */
async function mySignupsFor(eventIds: string[], openid: string): Promise<Map<string, VisibleSignup>> {
  const map = new Map<string, VisibleSignup>();
  if (!eventIds.length) return map;
  const docs = await findDocs<SignupDoc>(
    db()
      .collection(SIGNUPS)
      .where({ _id: cmd().in(eventIds.map((id) => signupId(id, openid))) })
      .limit(eventIds.length),
  );
  for (const d of docs) if (isVisible(d)) map.set(d.eventId, d);
  return map;
}

/** The event without its seat ledger (long for a popular event; members never need it). */
export async function loadEvent(id: string): Promise<EventDoc> {
  const [ev] = await findDocs<EventDoc>(db().collection(EVENTS).where({ _id: id }).field(WITHOUT_LEDGER).limit(1));
  if (!ev) fail('NOT_FOUND', '活动不存在或已删除');
  return ev;
}

/** events.get; with a share token or a group chat, attributed (server/shares) once the event is known to exist. */
export async function getEvent(
  id: string,
  openid: string | undefined,
  attribution?: OpenAttribution,
): Promise<EventDetail> {
  const ref = { type: 'event' as const, id };
  const [ev, mine, shared] = await Promise.all([
    loadEvent(id),
    openid ? getDoc<SignupDoc>(SIGNUPS, signupId(id, openid)) : Promise.resolve(null),
    resolveAttribution(ref, openid, attribution),
  ]);
  const [position] = await Promise.all([
    mine && isVisible(mine) ? withPosition(mine, ev) : Promise.resolve(null),
    shared.share || shared.openGId ? recordAttribution(ref, shared) : Promise.resolve(),
  ]);
  return toDetail(ev, position);
}

/** 我的报名: newest first, with event summaries (at most 100, the read cap). */
export async function mySignups(openid: string): Promise<{ items: Array<{ event: EventSummary; signup: MySignup }> }> {
  const signups = await findDocs<SignupDoc>(
    db().collection(SIGNUPS).where({ openid }).orderBy('createdAt', 'desc').limit(100),
  );
  if (!signups.length) return { items: [] };
  const eventIds = [...new Set(signups.map((s) => s.eventId))];
  const events = await findDocs<EventDoc>(
    db()
      .collection(EVENTS)
      .where({ _id: cmd().in(eventIds) })
      .field(WITHOUT_LEDGER)
      .limit(eventIds.length),
  );
  const byId = new Map(events.map((e) => [e._id, e]));
  const items: Array<{ event: EventSummary; signup: MySignup }> = [];
  for (const s of signups) {
    const ev = byId.get(s.eventId);
    if (!ev || !isVisible(s)) continue; // event removed by staff, or a sign-up still being placed
    const signup = await withPosition(s, ev);
    items.push({ event: toSummary(ev, signup), signup });
  }
  return { items };
}
