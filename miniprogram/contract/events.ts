// Contract of the `events` cloud function: co-building events, sign-up,
// waitlist, check-in, export, member profile. Dates are epoch milliseconds.

import type { Cursor, Page } from './content';

export const SIGNUP_RULES = {
  nameMin: 2,
  nameMax: 20,
  unitMin: 1,
  unitMax: 50,
  positionMax: 30,
  remarkMax: 200,
  /** Mainland China mobile number. */
  phonePattern: /^1[3-9]\d{9}$/,
} as const;

export const EVENT_RULES = {
  titleMax: 100,
  summaryMax: 1000,
  placeMax: 100,
  capacityMin: 1,
  capacityMax: 10000,
} as const;

export type EventStatus = 'open' | 'cancelled';
export type SignupStatus = 'confirmed' | 'waitlisted' | 'cancelled' | 'checked_in';

export interface MySignup {
  id: string;
  status: SignupStatus;
  /** 1-based position among waitlisted members, when waitlisted. */
  waitlistPosition?: number;
  checkinCode: string;
  createdAt: number;
}

export interface EventSummary {
  id: string;
  title: string;
  place: string;
  startAt: number;
  endAt: number;
  signupDeadline: number;
  capacity: number;
  confirmed: number;
  waitlisted: number;
  seatsLeft: number;
  waitlistEnabled: boolean;
  status: EventStatus;
  cover: string;
  mySignup: MySignup | null;
}

export interface EventDetail extends EventSummary {
  summary: string;
  articleId?: string;
}

export interface SignupInput {
  eventId: string;
  name: string;
  unit: string;
  position?: string;
  phone: string;
  remark?: string;
  /** Template ids the member accepted in wx.requestSubscribeMessage. */
  subscribed?: string[];
}

export interface MemberProfile {
  openid: string;
  name: string;
  unit: string;
  position: string;
  phone: string;
  role: 'member' | 'admin';
}

export interface Attendee {
  id: string;
  name: string;
  unit: string;
  position: string;
  phone: string;
  remark: string;
  status: SignupStatus;
  waitlistPosition?: number;
  createdAt: number;
  checkedInAt?: number;
}

export interface EventInput {
  id?: string;
  title: string;
  summary: string;
  place: string;
  startAt: number;
  endAt: number;
  signupDeadline: number;
  capacity: number;
  waitlistEnabled: boolean;
  cover?: string;
  articleId?: string;
}

export type CheckinResult =
  | { result: 'checked_in'; attendee: Attendee }
  | { result: 'already_checked_in'; attendee: Attendee };

export interface EventsActions {
  'events.list': { payload: { scope: 'upcoming' | 'past'; cursor?: Cursor }; result: Page<EventSummary> };
  'events.get': { payload: { id: string }; result: EventDetail };
  'signup.submit': { payload: SignupInput; result: MySignup & { eventId: string } };
  'signup.cancel': { payload: { eventId: string }; result: MySignup & { eventId: string } };
  'signup.mine': { payload: undefined; result: { items: Array<{ event: EventSummary; signup: MySignup }> } };
  'member.get': { payload: { openid?: string }; result: MemberProfile | null };
  'member.save': {
    payload: { name: string; unit: string; position?: string; phone: string };
    result: MemberProfile;
  };
  'events.save': { payload: EventInput; result: EventDetail };
  'events.cancel': { payload: { id: string }; result: EventDetail };
  'signup.list': { payload: { eventId: string }; result: { event: EventDetail; attendees: Attendee[] } };
  'signup.export': { payload: { eventId: string }; result: { fileID: string; tempFileURL: string; rows: number } };
  'signup.checkin': { payload: { eventId: string; code: string }; result: CheckinResult };
  /** Timer trigger (config.json) and on-demand locally: day-before reminders. */
  'reminders.run': { payload: { now?: number }; result: { sent: number } };
}
