// Contract of role management (served by the `events` function, next to the
// member profile it belongs with). A member's role lives in members.role;
// the first admins come from the function's ADMIN_OPENIDS environment
// variable. Every roles action except `roles.me` is for admins only.

export const ROLE_RULES = {
  /** Member search in the roles page: name or unit, matched literally. */
  searchMax: 20,
  /** How many members a search returns. */
  searchLimit: 20,
} as const;

export const ROLE_MESSAGES = {
  openidRequired: '缺少成员编号',
  search: `搜索内容不能超过${ROLE_RULES.searchMax}个字`,
  notMember: '该成员尚未登记资料，无法设为管理员',
  envAdmin: '该管理员由云函数环境变量 ADMIN_OPENIDS 指定，请在云开发控制台修改',
} as const;

export interface RoleEntry {
  openid: string;
  name: string;
  unit: string;
  isAdmin: boolean;
  /** An admin through ADMIN_OPENIDS (cannot be revoked from the console). */
  fromEnv: boolean;
}

export interface RolesActions {
  /** Whether the caller is an admin: 我的 shows the console entry from this. */
  'roles.me': { payload: undefined; result: { openid: string; isAdmin: boolean } };
  /** Admins, and members matching `q` (name or unit) or the most recent ones. */
  'roles.list': { payload: { q?: string }; result: { admins: RoleEntry[]; members: RoleEntry[] } };
  'roles.grant': { payload: { openid: string }; result: RoleEntry };
  /** Never removes the last admin (LAST_ADMIN). */
  'roles.revoke': { payload: { openid: string }; result: RoleEntry };
}
