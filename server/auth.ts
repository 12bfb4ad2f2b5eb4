import { db, findDocs } from './data';
// Roles. The first admins come from the function's environment
// (ADMIN_OPENIDS, comma separated); later ones from members.role.

export const MEMBERS = 'members';

export function envAdmins(): string[] {
  return (process.env.ADMIN_OPENIDS || '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export async function isAdmin(openid: string): Promise<boolean> {
  if (envAdmins().includes(openid)) return true;
  const found = await findDocs<{ _id: string }>(
    db().collection(MEMBERS).where({ _id: openid, role: 'admin' }).field({ _id: true }).limit(1),
  );
  return found.length > 0;
}
