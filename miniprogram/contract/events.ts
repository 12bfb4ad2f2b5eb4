// Contract of the `events` cloud function: co-building events, sign-up,
// waitlist, check-in, export, member profile. Dates are epoch milliseconds.

import type { Cursor, Page } from './content';
import { DEPLOYMENT } from './deployment';

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

/** Each sign-up field's name in messages about its characters (contract/text.ts badCharMessage). */
export const SIGNUP_LABELS = { name: '姓名', unit: '单位', position: '职务', remark: '备注' } as const;

/** Chinese messages for each sign-up field, shared by the form and the server. */
export const SIGNUP_MESSAGES = {
  nameRequired: '请填写姓名',
  name: '姓名需为2–20个字',
  unitRequired: '请填写单位名称',
  unit: '单位名称不能超过50个字',
  position: '职务不能超过30个字',
  phoneRequired: '请填写手机号',
  phone: '请输入正确的11位手机号',
  remark: '备注不能超过200个字',
} as const;

/**
 * Subscribe-message templates (wx.requestSubscribeMessage takes at most 3 ids
 * per call, so the form asks for exactly these). The ids come from
 * deploy.config.json through the generated contract/deployment.ts (local
 * values in the committed one); the data keys the server fills are in
 * server/events/notify.ts.
 */
export const SUBSCRIBE_TEMPLATES = DEPLOYMENT.subscribeTemplates;

export const SIGNUP_STATUS_LABELS = {
  confirmed: '已报名',
  waitlisted: '候补中',
  cancelled: '已取消',
  checked_in: '已签到',
} as const;

/** Length of a check-in code; its alphabet has no 0/O/1/I/L. */
export const CHECKIN_CODE_LENGTH = 8;
export const CHECKIN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** What the member's QR code encodes and the staff scanner reads. */
export function checkinScanText(eventId: string, code: string): string {
  return `${eventId}:${code}`;
}

/** Accepts a scanned `${eventId}:${code}` or a typed code alone. */
export function parseCheckinScan(text: string): { eventId?: string; code: string } {
  const trimmed = text.trim();
  const i = trimmed.lastIndexOf(':');
  if (i < 0) return { code: trimmed.toUpperCase() };
  return { eventId: trimmed.slice(0, i), code: trimmed.slice(i + 1).toUpperCase() };
}

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
  /** Members checked in so far. */
  checkedIn?: number;
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
  /** For manual check-in from the console. */
  checkinCode?: string;
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
  { result: 'checked_in'; attendee: Attendee } | { result: 'already_checked_in'; attendee: Attendee };

export interface EventsActions {
  'events.list': {
    payload: { scope: 'upcoming' | 'past'; cursor?: Cursor; pageSize?: number };
    result: Page<EventSummary>;
  };
  /** Attribution fields as for articles.open: miniprogram/contract/shares.ts. */
  'events.get': { payload: { id: string; shareToken?: string; groupCloudId?: string }; result: EventDetail };
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
