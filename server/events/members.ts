// Member profiles (members doc id = openid): remembered to prefill the next
// sign-up form. The role field belongs to the console; we never overwrite it.
import type { MemberProfile } from '../../miniprogram/contract/index';
import { isAdmin } from '../auth';
import { type MemberDoc, MEMBERS } from './model';
import { db, getDoc } from '../data';

export interface ProfileInput {
  name: string;
  unit: string;
  position?: string;
  phone: string;
}

function isDuplicate(err: unknown): boolean {
  const e = err as { errMsg?: unknown; message?: unknown } | null;
  return /duplicate|E11000|已存在/i.test(String(e?.errMsg ?? e?.message ?? err));
}

/**
 * Create-then-update (one request for a new member, as in a sign-up rush),
 * never a whole-doc set, so a concurrent role change is never clobbered.
 */
export async function saveProfile(openid: string, p: ProfileInput, now: number): Promise<void> {
  const data = { name: p.name, unit: p.unit, position: p.position ?? '', phone: p.phone, updatedAt: now };
  const members = db().collection(MEMBERS);
  try {
    await members.add({ data: { _id: openid, ...data, role: 'member' } });
  } catch (err) {
    // Existed (or created meanwhile): write ours over it, keeping its role.
    if (!isDuplicate(err)) throw err;
    await members.doc(openid).update({ data });
  }
}

export async function loadProfile(openid: string): Promise<MemberProfile | null> {
  const doc = await getDoc<MemberDoc>(MEMBERS, openid);
  if (!doc) return null;
  return {
    openid,
    name: doc.name || '',
    unit: doc.unit || '',
    position: doc.position || '',
    phone: doc.phone || '',
    role: doc.role === 'admin' || (await isAdmin(openid)) ? 'admin' : 'member',
  };
}
