// Contract of the `events` cloud function: co-building events, sign-up,
// waitlist, check-in, export, member profile. Dates are epoch milliseconds.

import type { Cursor, Page } from './content';
import { DEPLOYMENT } from './deployment';
import type { Answers, CompanionInput, SignupField } from './signup-form';

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
  reviewing: '待审核',
  rejected: '未通过',
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
  /** A venue picked on the map (wx.chooseLocation): its name and address as WeChat gives them. */
  locationNameMax: 100,
  locationAddressMax: 200,
} as const;

/**
 * A venue picked on the map with wx.chooseLocation: name, address and GCJ-02
 * coordinates, as its success result gives them
 * (https://developers.weixin.qq.com/miniprogram/dev/api/location/wx.chooseLocation.html:
 * latitude -90~90, longitude -180~180), which is what wx.openLocation takes
 * back. Optional on an event: `place` stays the text members read, and
 * events from before it have `place` only.
 */
export interface EventLocation {
  name: string;
  address: string;
  latitude: number;
  longitude: number;
}

/** Chinese messages for the venue, shared by the console form and the server. */
export const LOCATION_MESSAGES = {
  invalid: '活动位置无效，请重新在地图上选择',
  nameRequired: '活动位置缺少名称，请重新在地图上选择',
  name: `活动位置名称不能超过${EVENT_RULES.locationNameMax}个字`,
  addressRequired: '活动位置缺少详细地址，请重新在地图上选择',
  address: `活动位置详细地址不能超过${EVENT_RULES.locationAddressMax}个字`,
  latitude: '活动位置纬度需在 -90 到 90 之间',
  longitude: '活动位置经度需在 -180 到 180 之间',
} as const;

/** The year (Beijing time) attendance figures cover: staff may look back, not into the far future. */
export const ATTENDANCE_RULES = { yearMin: 2000, yearMax: 2100 } as const;

/**
 * One event's attendance, in people (a group sign-up counts each person).
 * `approved`: people holding a seat (confirmed or checked in; in review mode
 * only after approval). `noShow`: approved but not checked in, counted once
 * the event has ended (0 before).
 */
export interface EventAttendance {
  eventId: string;
  title: string;
  startAt: number;
  endAt: number;
  ended: boolean;
  /** People in active sign-ups: in review, confirmed, checked in and waitlisted (not cancelled or rejected). */
  signedUp: number;
  approved: number;
  checkedIn: number;
  noShow: number;
}

/** A member unit's year: the events someone from it checked in at, and how many people checked in. */
export interface UnitAttendance {
  unit: string;
  events: number;
  checkins: number;
}

export interface AttendanceReport {
  year: number;
  events: EventAttendance[];
  units: UnitAttendance[];
}

export type EventStatus = 'open' | 'cancelled';
/**
 * `reviewing`: waiting for staff approval (review mode), holds no seat;
 * `rejected`: refused by staff (final; `reviewNote` may say why);
 * `checked_in`: the member themself checked in (companions check in on their own).
 */
export type SignupStatus = 'reviewing' | 'rejected' | 'confirmed' | 'waitlisted' | 'cancelled' | 'checked_in';

/** A companion as their member sees them: each has their own check-in code. */
export interface CompanionTicket {
  name: string;
  checkinCode: string;
  checkedInAt?: number;
}

export interface MySignup {
  id: string;
  status: SignupStatus;
  /** 1-based position among waitlisted sign-ups (a group is one place), when waitlisted. */
  waitlistPosition?: number;
  checkinCode: string;
  createdAt: number;
  /** People in this sign-up: the member and their companions. */
  people: number;
  companions: CompanionTicket[];
  /** Staff's reason, when rejected with one. */
  reviewNote?: string;
}

/** Where and when an event is, and how many it seats: what staff enter and members see. */
export interface EventSetting {
  place: string;
  /** The venue on the map, when staff picked one (events from before have none). */
  location?: EventLocation;
  startAt: number;
  endAt: number;
  signupDeadline: number;
  capacity: number;
}

export interface EventSummary extends EventSetting {
  id: string;
  title: string;
  /** People holding a seat. */
  confirmed: number;
  /** People on the waitlist. */
  waitlisted: number;
  seatsLeft: number;
  waitlistEnabled: boolean;
  status: EventStatus;
  cover: string;
  mySignup: MySignup | null;
  /** People checked in so far. */
  checkedIn?: number;
  /** Sign-ups wait for staff approval (审核). */
  reviewRequired: boolean;
  /** Most people per sign-up, the member included (1: no companions). */
  groupMax: number;
}

export interface EventDetail extends EventSummary {
  summary: string;
  articleId?: string;
  /** The custom sign-up fields, in the order the form shows them. */
  fields: SignupField[];
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
  /** At most the event's groupMax - 1. */
  companions?: CompanionInput[];
  /** Answers to the event's custom fields, by field id. */
  answers?: Answers;
}

export interface MemberProfile {
  openid: string;
  name: string;
  unit: string;
  position: string;
  phone: string;
  role: 'member' | 'admin';
}

/** A companion in the attendee list: their own check-in code and time. */
export interface CompanionView {
  name: string;
  phone: string;
  position: string;
  checkinCode: string;
  checkedInAt?: number;
}

/** One answer as staff read it: the field's label (「…（已删除）」 for a field since removed) and the text. */
export interface AnswerView {
  fieldId: string;
  label: string;
  text: string;
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
  /** People in this sign-up (the member and companions). */
  people: number;
  companions: CompanionView[];
  /** Answers given, in the event's field order (removed fields last); unanswered fields are absent. */
  answers: AnswerView[];
  reviewNote?: string;
  reviewedAt?: number;
}

/** `location` absent: no venue on the map (an edit without it removes the one saved). */
export interface EventInput extends EventSetting {
  id?: string;
  title: string;
  summary: string;
  waitlistEnabled: boolean;
  cover?: string;
  articleId?: string;
  /** Default false. */
  reviewRequired?: boolean;
  /** Default 1 (the member alone). */
  groupMax?: number;
  /** Default none. Removing a field that has answers keeps those answers (shown as 「…（已删除）」). */
  fields?: SignupField[];
}

/**
 * A check-in is per person: `person` is who the code belongs to (the member,
 * or one of their companions) and `attendee` their whole sign-up.
 */
export type CheckinResult = {
  result: 'checked_in' | 'already_checked_in';
  person: { name: string; companion: boolean; checkedInAt: number };
  attendee: Attendee;
};

/** One sign-up's outcome in a review call; a refusal leaves that sign-up as it was. */
export type ReviewOutcome =
  | { id: string; ok: true; status: SignupStatus; waitlistPosition?: number }
  | { id: string; ok: false; message: string };

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
  /**
   * Staff, review mode: approve (each takes a seat, else the waitlist, under
   * the never-overbooked rule, in the order given) or reject (with an
   * optional reason) sign-ups in review. Each member hears the result.
   */
  'signup.review': {
    payload: { eventId: string; ids: string[]; decision: 'approve' | 'reject'; reason?: string };
    result: { outcomes: ReviewOutcome[] };
  };
  /** Staff: per event of the year and per member unit; `year` defaults to this year (Beijing). */
  'attendance.year': { payload: { year?: number }; result: AttendanceReport };
  /** Staff: the same figures as an xlsx (two sheets), like signup.export. */
  'attendance.export': {
    payload: { year?: number };
    result: { fileID: string; tempFileURL: string; rows: number };
  };
  /** Timer trigger (config.json) and on-demand locally: day-before reminders. */
  'reminders.run': { payload: { now?: number }; result: { sent: number } };
}
