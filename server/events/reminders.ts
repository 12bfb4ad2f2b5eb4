// Day-before reminders, run by the timer trigger (config.json) once a day.
// Each confirmed sign-up is claimed with a conditional update before its
// message goes out, so two runs (or a retry) never remind anyone twice.
// Messages go out NOTIFY_CONCURRENCY at a time: one by one, a few hundred
// members would outlast the function's timeout.
import { beijingDayStart, type EventDoc, EVENTS, type SignupDoc, SIGNUPS } from './model';
import { eachLimited, NOTIFY_CONCURRENCY, sendReminder } from './notify';
import { repairOpenEvents } from './repair';
import { cmd, db, findDocs } from '../data';

const DAY = 24 * 3600 * 1000;

/** Events starting from now to the end of tomorrow (Beijing), so an event created after yesterday's run is not missed. */
async function eventsToRemind(now: number): Promise<EventDoc[]> {
  const _ = cmd();
  const until = beijingDayStart(now) + 2 * DAY;
  return findDocs<EventDoc>(
    db()
      .collection(EVENTS)
      .where({ status: 'open', startAt: _.gt(now).and(_.lt(until)) })
      .orderBy('startAt', 'asc')
      .limit(100),
  );
}

async function claim(id: string): Promise<boolean> {
  const res = (await db()
    .collection(SIGNUPS)
    .where({ _id: id, reminded: false })
    .update({ data: { reminded: true } })) as { stats?: { updated?: number } } | undefined;
  return !!res?.stats?.updated;
}

export async function runReminders(now: number): Promise<{ sent: number }> {
  // First settle what killed functions left half done, so reminders go to the right members.
  const repaired = await repairOpenEvents(now);
  if (repaired.placed || repaired.released || repaired.confirmed) console.warn('events repaired', repaired);
  let sent = 0;
  for (const ev of await eventsToRemind(now)) {
    for (;;) {
      // Claimed docs drop out of this query, so the loop ends.
      const batch = await findDocs<SignupDoc>(
        db().collection(SIGNUPS).where({ eventId: ev._id, status: 'confirmed', reminded: false }).limit(100),
      );
      if (!batch.length) break;
      await eachLimited(batch, NOTIFY_CONCURRENCY, async (s) => {
        if (!(await claim(s._id))) return;
        if (s.notify && s.notify.reminder && (await sendReminder(s.openid, ev))) sent += 1;
      });
    }
  }
  return { sent };
}
