// Database indexes the events function's queries rely on (create them in the
// cloud console or with the deploy tooling). The local cloud scans instead,
// which is why its waitlist counts slow down as the signups collection grows.
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
    // Check-in by code.
    { name: 'checkinCode', keys: { checkinCode: 1 } },
  ],
} as const;
