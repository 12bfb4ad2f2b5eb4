// Role management: who is an admin. members.role is the record (server/auth.ts
// reads it on every admin call); ADMIN_OPENIDS names the first admins and is
// changed only in the function's configuration. Wired into the events
// function, next to the member profiles it belongs with.
import { z } from 'zod';
import { ROLE_MESSAGES, ROLE_RULES, type RoleEntry, type RolesActions } from '../miniprogram/contract/index';
import { envAdmins, isAdmin } from './auth';
import { noPayloadSchema as noPayload, objectOrEmpty, unknownKeys } from './content/schemas';
import { fail } from './errors';
import type { ActionTable } from './router';
import { openidOf, plainText } from './text';
import { type MemberDoc, MEMBERS } from './events/model';
import { db, findAllById, findDocs, getDoc, isDuplicateKey, PAGE_SIZE, runTx } from './data';

const openidSchema = openidOf(ROLE_MESSAGES.openidRequired);

export const roleTargetSchema = z.strictObject({ openid: openidSchema }, unknownKeys);

export const rolesListSchema = objectOrEmpty(
  z.strictObject(
    {
      q: plainText(z.string({ error: '搜索内容无效' }), '搜索内容')
        .refine((s) => Array.from(s).length <= ROLE_RULES.searchMax, ROLE_MESSAGES.search)
        .optional(),
    },
    unknownKeys,
  ),
);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function toEntry(openid: string, doc: MemberDoc | null, env: readonly string[]): RoleEntry {
  const fromEnv = env.includes(openid);
  return {
    openid,
    name: doc?.name || '',
    unit: doc?.unit || '',
    isAdmin: fromEnv || doc?.role === 'admin',
    fromEnv,
  };
}

/** Every members doc with role admin, paged by _id under the 100-doc read cap. */
async function dbAdmins(): Promise<MemberDoc[]> {
  const _ = db().command;
  return findAllById<MemberDoc>((after) =>
    db()
      .collection(MEMBERS)
      .where({ role: 'admin', _id: _.gt(after) })
      .orderBy('_id', 'asc')
      .limit(PAGE_SIZE),
  );
}

export async function listRoles(q: string | undefined): Promise<{ admins: RoleEntry[]; members: RoleEntry[] }> {
  const env = envAdmins();
  const fromDb = await dbAdmins();
  const byId = new Map(fromDb.map((d) => [d._id, d]));
  const envOnly = env.filter((id) => !byId.has(id));
  const envDocs = await Promise.all(envOnly.map((id) => getDoc<MemberDoc>(MEMBERS, id)));
  const admins = [
    ...envOnly.map((id, i) => toEntry(id, envDocs[i] ?? null, env)),
    ...fromDb.map((d) => toEntry(d._id, d, env)),
  ];

  const _ = db().command;
  const members = db().collection(MEMBERS);
  const query = q
    ? members.where(
        _.and([
          { role: _.neq('admin') },
          _.or([
            { name: db().RegExp({ regexp: escapeRegExp(q), options: 'i' }) },
            { unit: db().RegExp({ regexp: escapeRegExp(q), options: 'i' }) },
          ]),
        ]),
      )
    : members.where({ role: _.neq('admin') }).orderBy('updatedAt', 'desc');
  // Env admins may have role member in their doc: they are listed above only.
  const found = await findDocs<MemberDoc>(query.limit(ROLE_RULES.searchLimit + env.length));
  const others = found
    .filter((d) => !env.includes(d._id))
    .slice(0, ROLE_RULES.searchLimit)
    .map((d) => toEntry(d._id, d, env));
  return { admins, members: others };
}

/**
 * Makes `openid` an admin. From the console the member must exist (they
 * filled in a profile); the local command may create the record (`create`).
 */
export async function grantAdmin(
  openid: string,
  now: number,
  opts: { create?: boolean } = {},
): Promise<{ entry: RoleEntry; changed: boolean }> {
  const env = envAdmins();
  const members = db().collection(MEMBERS);
  const doc = await getDoc<MemberDoc>(MEMBERS, openid);
  if (!doc) {
    if (!opts.create) fail('NOT_FOUND', ROLE_MESSAGES.notMember);
    const created = { name: '', unit: '', position: '', phone: '', role: 'admin' as const, roleUpdatedAt: now };
    try {
      await members.add({ data: { _id: openid, ...created } });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // Created meanwhile (a sign-up form): set the role on it, keeping the profile.
      await members.doc(openid).update({ data: { role: 'admin', roleUpdatedAt: now } });
      return { entry: toEntry(openid, await getDoc<MemberDoc>(MEMBERS, openid), env), changed: true };
    }
    return { entry: toEntry(openid, { _id: openid, ...created }, env), changed: true };
  }
  if (doc.role === 'admin') return { entry: toEntry(openid, doc, env), changed: false };
  await members.doc(openid).update({ data: { role: 'admin', roleUpdatedAt: now } });
  return { entry: toEntry(openid, { ...doc, role: 'admin' }, env), changed: true };
}

/**
 * Takes admin from `openid`, never from the last admin (LAST_ADMIN).
 *
 * One transaction reads the target and, when no ADMIN_OPENIDS admin
 * remains, finds another admin (the witness) and writes it too. Two
 * admins revoking each other at once therefore write the same two docs and
 * conflict, instead of each counting on the other and leaving none (a write
 * skew snapshot isolation would allow).
 */
export async function revokeAdmin(openid: string, now: number): Promise<{ entry: RoleEntry; changed: boolean }> {
  const env = envAdmins();
  if (env.includes(openid)) fail('FORBIDDEN', ROLE_MESSAGES.envAdmin);
  // Admins found outside the transaction; each one is read again inside it.
  // One granted meanwhile is missed, which can only refuse, never remove, the last.
  const candidates = (await dbAdmins()).map((d) => d._id).filter((id) => id !== openid);
  const _ = db().command;
  const after = await runTx(async (tx) => {
    const target = await tx.get<MemberDoc>(MEMBERS, openid);
    if (!target) fail('NOT_FOUND', '成员不存在');
    if (target.role !== 'admin') return { doc: target, changed: false };
    if (env.length === 0) {
      let witness: string | null = null;
      for (const id of candidates) {
        const other = await tx.get<MemberDoc>(MEMBERS, id);
        if (other && other.role === 'admin') {
          witness = id;
          break;
        }
      }
      if (!witness) fail('LAST_ADMIN');
      await tx.update(MEMBERS, witness, { roleStamp: _.inc(1) });
    }
    await tx.update(MEMBERS, openid, { role: 'member', roleUpdatedAt: now });
    return { doc: { ...target, role: 'member' as const }, changed: true };
  });
  return { entry: toEntry(openid, after.doc, env), changed: after.changed };
}

/** The roles actions of the events function's table (server/router.ts). */
export const rolesActions: ActionTable<RolesActions> = {
  'roles.me': {
    access: 'member',
    schema: noPayload,
    run: async (_p, ctx) => {
      const openid = ctx.member();
      return { openid, isAdmin: await isAdmin(openid) };
    },
  },
  'roles.list': { access: 'admin', schema: rolesListSchema, run: (p) => listRoles(p.q || undefined) },
  'roles.grant': {
    access: 'admin',
    schema: roleTargetSchema,
    run: async (p, ctx) => (await grantAdmin(p.openid, ctx.now)).entry,
  },
  'roles.revoke': {
    access: 'admin',
    schema: roleTargetSchema,
    run: async (p, ctx) => (await revokeAdmin(p.openid, ctx.now)).entry,
  },
};
