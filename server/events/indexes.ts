// Database indexes and security rules of the events collections (all
// collections are listed in server/database.ts). The local cloud scans
// instead, which is why its waitlist counts slow down as signups grow.
export const EVENTS_INDEXES = {
  events: [
    // events.list: upcoming / past by end time, paged by (startAt, _id).
    { name: 'endAt_startAt_id', keys: { endAt: 1, startAt: 1, _id: 1 } },
    // reminders: open events starting soon.
    { name: 'status_startAt', keys: { status: 1, startAt: 1 } },
  ],
  signups: [
    // Waitlist head (cancel/promotion) and waitlist position counts.
    { name: 'eventId_status_waitlistSeq', keys: { eventId: 1, status: 1, waitlistSeq: 1 } },
    // Attendee list and export, paged by _id.
    { name: 'eventId_id', keys: { eventId: 1, _id: 1 } },
    // 我的报名.
    { name: 'openid_createdAt', keys: { openid: 1, createdAt: -1 } },
    // Check-in by code: the member's own, and a companion's (a field of the array's objects).
    { name: 'checkinCode', keys: { checkinCode: 1 } },
    { name: 'companions_checkinCode', keys: { 'companions.checkinCode': 1 } },
  ],
  members: [
    // roles.list: the admins paged by _id, the others by last update.
    { name: 'role_id', keys: { role: 1, _id: 1 } },
    { name: 'role_updatedAt', keys: { role: 1, updatedAt: -1 } },
  ],
} as const;

/** Clients never touch these directly: every read and write goes through the `events` function. */
export const EVENTS_SECURITY_RULES = {
  events: { read: false, write: false },
  signups: { read: false, write: false },
  members: { read: false, write: false },
} as const;
