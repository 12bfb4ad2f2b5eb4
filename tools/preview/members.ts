// The members the preview's switcher offers (the local cloud's HTTP
// endpoint lets the caller pick the openid it acts as). `admin` is an
// admin of the local functions (ADMIN_OPENIDS in npm start).
export interface LocalMember {
  openid: string;
  label: string;
}

export const LOCAL_MEMBERS: LocalMember[] = [
  { openid: 'member-a', label: '会员 A' },
  { openid: 'member-b', label: '会员 B' },
  { openid: 'admin', label: '管理员' },
];
