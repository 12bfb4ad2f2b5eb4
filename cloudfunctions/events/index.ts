// Cloud function `events`: co-building events, sign-up with capacity and
// waitlist, cancel, check-in, export, attendance, reminders, member profile.
// Contract: miniprogram/contract/events.ts. Logic: server/events/.
import type { EventsActions, RolesActions } from '../../miniprogram/contract/index';
import { isAdmin } from '../../server/auth';
import { fail } from '../../server/errors';
import { createMain } from '../../server/router';
import { rolesActions } from '../../server/roles';
import { cancelEvent, checkin, listAttendees, saveEvent } from '../../server/events/admin';
import { attendanceReport, beijingYear } from '../../server/events/attendance';
import { exportAttendance, exportSignups } from '../../server/events/export';
import { loadProfile, saveProfile } from '../../server/events/members';
import { getEvent, listEvents, mySignups } from '../../server/events/queries';
import { runReminders } from '../../server/events/reminders';
import {
  attendanceSchema,
  checkinSchema,
  eventIdPayload,
  eventInputSchema,
  eventRefSchema,
  listSchema,
  memberGetSchema,
  memberSaveSchema,
  noPayload,
  remindersSchema,
  reviewSchema,
  signupSchema,
} from '../../server/events/schemas';
import { reviewSignups } from '../../server/events/review';
import { cancelSignup, submitSignup } from '../../server/events/signup';
import { eventGetSchema } from '../../server/shares/schemas';

export const main = createMain<EventsActions & RolesActions>(
  {
    // Role management (server/roles.ts): roles.me, roles.list, roles.grant, roles.revoke.
    ...rolesActions,
    'events.list': { access: 'public', schema: listSchema, run: (p, ctx) => listEvents(p, ctx.openid, ctx.now) },
    // Public (Moments single-page mode); attribution fields per server/shares.
    'events.get': { access: 'public', schema: eventGetSchema, run: (p, ctx) => getEvent(p.id, ctx.openid, p) },
    'signup.submit': {
      access: 'member',
      schema: signupSchema,
      run: (p, ctx) => submitSignup(p, ctx.member(), ctx.now),
    },
    'signup.cancel': {
      access: 'member',
      schema: eventIdPayload,
      run: (p, ctx) => cancelSignup(p.eventId, ctx.member(), ctx.now),
    },
    'signup.mine': { access: 'member', schema: noPayload, run: (_p, ctx) => mySignups(ctx.member()) },
    'member.get': {
      access: 'member',
      schema: memberGetSchema,
      run: async (p, ctx) => {
        const me = ctx.member();
        const who = p.openid ?? me;
        // A profile is read by its member and by staff only.
        if (who !== me && !(await isAdmin(me))) fail('FORBIDDEN');
        return loadProfile(who);
      },
    },
    'member.save': {
      access: 'member',
      schema: memberSaveSchema,
      run: async (p, ctx) => {
        const me = ctx.member();
        await saveProfile(me, p, ctx.now);
        const saved = await loadProfile(me);
        if (!saved) fail('INTERNAL');
        return saved;
      },
    },
    'events.save': { access: 'admin', schema: eventInputSchema, run: (p, ctx) => saveEvent(p, ctx.now) },
    'events.cancel': { access: 'admin', schema: eventRefSchema, run: (p, ctx) => cancelEvent(p.id, ctx.now) },
    'signup.list': { access: 'admin', schema: eventIdPayload, run: (p, ctx) => listAttendees(p.eventId, ctx.now) },
    'signup.export': { access: 'admin', schema: eventIdPayload, run: (p, ctx) => exportSignups(p.eventId, ctx.now) },
    'signup.checkin': { access: 'admin', schema: checkinSchema, run: (p, ctx) => checkin(p.eventId, p.code, ctx.now) },
    'signup.review': {
      access: 'admin',
      schema: reviewSchema,
      run: (p, ctx) => reviewSignups(p.eventId, p.ids, p.decision, p.reason, ctx.now),
    },
    'attendance.year': {
      access: 'admin',
      schema: attendanceSchema,
      run: (p, ctx) => attendanceReport(p.year ?? beijingYear(ctx.now), ctx.now),
    },
    'attendance.export': {
      access: 'admin',
      schema: attendanceSchema,
      run: (p, ctx) => exportAttendance(p.year ?? beijingYear(ctx.now), ctx.now),
    },
    'reminders.run': {
      access: 'timer',
      schema: remindersSchema,
      run: (p, ctx) => runReminders(p.now ?? ctx.now),
    },
  },
  { timers: { reminders: 'reminders.run' } },
);
