// The console's event pages in simulate, on the local cloud: creating and
// cancelling an event, the attendee list (statuses and counts as the cloud
// has them, filter, search, call, manual check-in, export), and the
// check-in scanner's answers.
import { checkinScanText, type SignupStatus } from '../../miniprogram/contract/index';
import type { StatusFilter } from '../../miniprogram/admin/utils/attendees';
import type { ScanResult } from '../../miniprogram/admin/pages/checkin/index';
import { LOCAL_CLOUD_KEY } from '../../miniprogram/services/env';
import './admin-helpers';
import {
  actions,
  answerWx,
  dialogs,
  input,
  openPage,
  payloads,
  publishReport,
  shows,
  startCloudWithAdmin,
  tap,
  text,
  texts,
  toasts,
  trigger,
  useLocalCloud,
  usePageCloud,
  waitFor,
  wxCalls,
  type Rendered,
  type SimNode,
} from './page-test';

const ADMIN = 'events-admin';
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

const lc = usePageCloud(() => startCloudWithAdmin(ADMIN, { functions: ['events', 'content'] }));
let eventId = '';
let otherEventId = '';
const codes = new Map<string, string>();

function member(i: number): string {
  return `attendee-${i}`;
}

const PEOPLE = [
  { name: '王建国', unit: '合肥绿源环保科技有限公司', phone: '13800000001' },
  { name: '李文静', unit: '芜湖清水环境工程有限公司', phone: '13800000002' },
  { name: '张志强', unit: '安徽省生态环境监测中心', position: '主任', phone: '13800000003' },
  { name: '刘芳', unit: '合肥绿源环保科技有限公司', phone: '13800000004' },
  { name: '陈明', unit: '蚌埠蓝天环保设备厂', phone: '13800000005' },
];

interface SignupRow {
  eventId: string;
  status: SignupStatus;
}

/** Counts per status straight from the signups collection. */
function statusCounts(id: string): Record<StatusFilter, number> {
  const rows = lc.dump('signups').filter((s) => (s as unknown as SignupRow).eventId === id) as unknown as SignupRow[];
  const counts: Record<StatusFilter, number> = {
    all: rows.length,
    reviewing: 0,
    rejected: 0,
    confirmed: 0,
    checked_in: 0,
    waitlisted: 0,
    cancelled: 0,
  };
  for (const r of rows) counts[r.status] += 1;
  return counts;
}

function eventDoc(id: string): {
  confirmed: number;
  waitlisted: number;
  checkedIn: number;
  capacity: number;
  status: string;
} {
  const doc = lc.dump('events').find((e) => e._id === id);
  if (!doc) throw new Error(`no event ${id}`);
  return doc as unknown as {
    confirmed: number;
    waitlisted: number;
    checkedIn: number;
    capacity: number;
    status: string;
  };
}

async function createEvent(title: string, capacity: number): Promise<string> {
  const start = Date.now() + 3 * DAY;
  const ev = await lc.ok(
    'events',
    'events.save',
    {
      title,
      summary: '校政企协共建观摩',
      place: '界首高新区',
      startAt: start,
      endAt: start + 8 * HOUR,
      signupDeadline: start - DAY,
      capacity,
      waitlistEnabled: true,
    },
    { openid: ADMIN },
  );
  return ev.id;
}

beforeAll(async () => {
  eventId = await createEvent('党建共建观摩座谈对接活动', 3);
  otherEventId = await createEvent('另一场活动', 10);
  for (let i = 0; i < PEOPLE.length; i++) {
    const s = await lc.ok('events', 'signup.submit', { eventId, ...PEOPLE[i]! }, { openid: member(i + 1) });
    codes.set(member(i + 1), s.checkinCode);
  }
  // Member 2 cancels: member 4 moves up from the waitlist.
  await lc.ok('events', 'signup.cancel', { eventId }, { openid: member(2) });
  // Member 1 already checked in at the door.
  await lc.ok('events', 'signup.checkin', { eventId, code: codes.get(member(1))! }, { openid: ADMIN });
  const other = await lc.ok(
    'events',
    'signup.submit',
    { eventId: otherEventId, name: '赵六', unit: '别的单位', phone: '13800000009' },
    { openid: 'other-member' },
  );
  codes.set('other-member', other.checkinCode);
});

/** A console page once its first load is over (its content, or the state that replaces it). */
function openConsole(path: string, query: Record<string, string> = {}): Promise<Rendered> {
  return openPage(path, query, (page) => !shows(page, '.admin-loading'));
}

/** Each person on the attendees list: name and status tag as shown. */
function people(page: Rendered): Array<{ name: string; status: string }> {
  const statuses = texts(page, '.person__status');
  return texts(page, '.person__name').map((shown, i) => {
    const status = statuses[i] ?? '';
    return { name: shown.slice(0, shown.length - status.length).trim(), status };
  });
}

function names(page: Rendered): string[] {
  return people(page).map((p) => p.name);
}

/** The counters row: 名额, 已报名, 已签到, 候补. */
function counters(page: Rendered): string {
  return text(page.querySelector('#event-counts') as SimNode);
}

describe('attendees', () => {
  it('shows every sign-up with its status, and counts that match the cloud', async () => {
    useLocalCloud(lc, ADMIN);
    const page = await openConsole('admin/pages/attendees/index', { eventId });

    const fromCloud = statusCounts(eventId);
    expect(fromCloud).toEqual({
      all: 5,
      reviewing: 0,
      rejected: 0,
      confirmed: 2,
      checked_in: 1,
      waitlisted: 1,
      cancelled: 1,
    });
    const doc = eventDoc(eventId);
    expect(counters(page)).toBe(`${doc.capacity}名额${doc.confirmed}已报名${doc.checkedIn}已签到${doc.waitlisted}候补`);
    // The tabs count what the cloud has.
    const tabs = text(page.querySelector('van-tabs') as SimNode);
    const labels: Partial<Record<StatusFilter, string>> = {
      all: '全部',
      confirmed: '待签到',
      checked_in: '已签到',
      waitlisted: '候补',
      cancelled: '已取消',
    };
    for (const [filter, label] of Object.entries(labels)) {
      expect(tabs).toContain(`${label} ${fromCloud[filter as StatusFilter]}`);
    }
    for (const label of ['全部 5', '待签到 2', '已签到 1', '候补 1', '已取消 1']) expect(tabs).toContain(label);

    // Each person's status as the cloud has it.
    const byName = Object.fromEntries(people(page).map((p) => [p.name, p.status]));
    expect(byName).toEqual({
      王建国: '已签到',
      李文静: '已取消',
      张志强: '已报名',
      刘芳: '已报名',
      陈明: '候补第1位',
    });
    expect(text(page)).toContain('安徽省生态环境监测中心 · 主任');
  });

  it('filters by status, searches by name or unit, and calls a member', async () => {
    useLocalCloud(lc, ADMIN);
    const page = await openConsole('admin/pages/attendees/index', { eventId });

    await trigger(page, 'van-tabs', 'change', { name: 'waitlisted' });
    expect(names(page)).toEqual(['陈明']);
    await trigger(page, 'van-tabs', 'change', { name: 'confirmed' });
    expect(names(page).sort()).toEqual(['刘芳', '张志强'].sort());

    await trigger(page, 'van-tabs', 'change', { name: 'all' });
    await input(page, '#search', '绿源');
    expect(names(page).sort()).toEqual(['刘芳', '王建国'].sort());
    await input(page, '#search', '李文');
    expect(names(page)).toEqual(['李文静']);
    await input(page, '#search', '没有这个人');
    expect(names(page)).toEqual([]);
    expect(text(page)).toContain('没有找到匹配的报名');
    await input(page, '#search', '');

    await tap(page, page.querySelectorAll('.person__phone')[0] as SimNode);
    expect(wxCalls<{ phoneNumber: string }>('makePhoneCall')).toEqual([
      expect.objectContaining({ phoneNumber: texts(page, '.person__phone')[0] }),
    ]);
  });

  it('checks a member in by hand; the list and counters follow the cloud', async () => {
    useLocalCloud(lc, ADMIN);
    const page = await openConsole('admin/pages/attendees/index', { eventId });
    const before = eventDoc(eventId).checkedIn;

    // Only confirmed members have the button.
    expect(page.querySelectorAll('.person__checkin')).toHaveLength(2);
    // Rows keep the cloud's order: 张志强 is the first seat holder still to check in.
    const withButton = texts(page, '.person')
      .map((row, i) => (row.endsWith('签到') && !row.endsWith('已签到') ? names(page)[i] : ''))
      .filter(Boolean);
    expect(withButton).toEqual(['张志强', '刘芳']);
    await tap(page, page.querySelectorAll('.person__checkin')[0] as SimNode);
    await waitFor(() => text(page.querySelector('van-tabs') as SimNode).includes('已签到 2'));

    expect(dialogs()).toEqual(['手动签到']);
    expect(eventDoc(eventId).checkedIn).toBe(before + 1);
    const counts = statusCounts(eventId);
    const tabs = text(page.querySelector('van-tabs') as SimNode);
    expect(tabs).toContain(`全部 ${counts.all}`);
    expect(tabs).toContain(`待签到 ${counts.confirmed}`);
    expect(tabs).toContain(`已签到 ${counts.checked_in}`);
    const doc = eventDoc(eventId);
    expect(counters(page)).toBe(`${doc.capacity}名额${doc.confirmed}已报名${doc.checkedIn}已签到${doc.waitlisted}候补`);
    expect(people(page).find((p) => p.name === '张志强')?.status).toBe('已签到');
    expect(page.querySelectorAll('.person__checkin')).toHaveLength(1);
  });

  it('exports the list: made by the cloud, downloaded, opened as xlsx, link copyable', async () => {
    useLocalCloud(lc, ADMIN);
    // Local mode: the file comes from the local cloud's URL (in WeChat: wx.cloud.downloadFile by fileID).
    wx.setStorageSync(LOCAL_CLOUD_KEY, 'http://127.0.0.1:8787');
    const page = await openConsole('admin/pages/attendees/index', { eventId });

    await tap(page, '#export-button');
    await waitFor(() => text(page).includes('报名表已生成'));
    const downloads = wxCalls<{ url: string }>('downloadFile').map((d) => d.url);
    expect(downloads).toHaveLength(1);
    const url = downloads[0]!;
    expect(url).toMatch(/^http:\/\/.+\.xlsx$/);
    const opened = wxCalls<{ filePath: string; fileType: string }>('openDocument');
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ fileType: 'xlsx', filePath: expect.stringMatching(/\.xlsx$/) });
    // The file really is in cloud storage, with the seat holders in it.
    const stored = lc.records.uploads.filter((u) => u.endsWith('.xlsx'));
    expect(stored.length).toBeGreaterThan(0);
    expect(
      lc.storage
        .read(stored[stored.length - 1]!)
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    expect(text(page)).toMatch(/报名表已生成（\d+ 人）/);

    await tap(page, '#copy-link');
    expect(wxCalls<{ data: string }>('setClipboardData').map((c) => c.data)).toEqual([url]);
  });

  it('a failed download offers the link and a retry', async () => {
    useLocalCloud(lc, ADMIN);
    wx.setStorageSync(LOCAL_CLOUD_KEY, 'http://127.0.0.1:8787');
    const page = await openConsole('admin/pages/attendees/index', { eventId });
    answerWx('downloadFile', { statusCode: 500, tempFilePath: '' });
    await tap(page, '#export-button');
    await waitFor(() => text(page).includes('文件下载失败，可复制链接在电脑上打开'));
    expect(shows(page, '#retry-export')).toBe(true);
    expect(shows(page, '#copy-link')).toBe(true);

    answerWx('downloadFile', { statusCode: 200, tempFilePath: 'wxfile://tmp/list.xlsx' });
    await tap(page, '#retry-export');
    await waitFor(() => text(page).includes('报名表已生成'));
    expect(wxCalls('openDocument')).toHaveLength(1);
  });
});

describe('check-in scanner', () => {
  /** The answer on screen: its tone (the colour), the big words, who or why, and the second line. */
  function shownResult(page: Rendered): ScanResult | null {
    const result = page.querySelector('#result');
    if (!result) return null;
    const tone = /result--(ok|warn|bad)/.exec((result.dom as unknown as { className: string }).className)?.[1];
    return {
      tone: tone as ScanResult['tone'],
      title: texts(page, '#result-title')[0] ?? '',
      detail: texts(page, '.result__detail')[0] ?? '',
      note: texts(page, '.result__note')[0] ?? '',
    };
  }

  /** 已签到 n / 应到 m, as the cloud has it. */
  function countsFromCloud(): string {
    const doc = eventDoc(eventId);
    return `已签到 ${doc.checkedIn} / 应到 ${doc.confirmed}`;
  }

  function counts(page: Rendered): string {
    return text(page.querySelector('#checkin-counts') as SimNode);
  }

  async function scan(page: Rendered, result: string): Promise<ScanResult> {
    answerWx('scanCode', { result, scanType: 'QR_CODE' });
    // Every answer ends with a buzz; the counters are read again after it.
    const buzzes = wxCalls('vibrateShort').length;
    await tap(page, '#scan-button');
    await waitFor(() => wxCalls('vibrateShort').length === buzzes + 1);
    await waitFor(() => counts(page) === countsFromCloud());
    return shownResult(page) as ScanResult;
  }

  function title(page: Rendered): string {
    return text(page.querySelector('#result-title') as SimNode);
  }

  it('answers 已签到, then 重复签到, 不是本活动, 签到码无效; counts match the cloud', async () => {
    const binding = useLocalCloud(lc, ADMIN);
    const page = await openConsole('admin/pages/checkin/index', { eventId });
    const doc = eventDoc(eventId);
    expect(counts(page)).toBe(`已签到 ${doc.checkedIn} / 应到 ${doc.confirmed}`);

    // 刘芳 (member 4, promoted from the waitlist) shows her code.
    const code4 = codes.get(member(4))!;
    let r = await scan(page, checkinScanText(eventId, code4));
    expect(r).toMatchObject({ tone: 'ok', title: '已签到', detail: '刘芳' });
    expect(title(page)).toBe('已签到');
    expect(eventDoc(eventId).checkedIn).toBe(doc.checkedIn + 1);
    expect(counts(page)).toBe(`已签到 ${doc.checkedIn + 1} / 应到 ${doc.confirmed}`);

    r = await scan(page, checkinScanText(eventId, code4));
    expect(r).toMatchObject({ tone: 'warn', title: '重复签到', detail: '刘芳' });
    expect(r.note).toMatch(/^已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 签到，未重复计数$/);
    expect(eventDoc(eventId).checkedIn).toBe(doc.checkedIn + 1);

    r = await scan(page, checkinScanText(otherEventId, codes.get('other-member')!));
    expect(r).toMatchObject({ tone: 'bad', title: '不是本活动' });
    expect(title(page)).toBe('不是本活动');
    // The other event's code without its event id: still recognised as another event's.
    r = await scan(page, codes.get('other-member')!);
    expect(r.title).toBe('不是本活动');

    // The waitlisted member holds no seat.
    r = await scan(page, checkinScanText(eventId, codes.get(member(5))!));
    expect(r).toMatchObject({ tone: 'bad', title: '签到码无效', detail: '该成员仍在候补名单中，尚未获得参会名额' });
    // Not a check-in code at all (a link): answered on the phone, nothing sent.
    const sent = payloads(binding, 'signup.checkin').length;
    r = await scan(page, 'https://example.com/shop?id=1');
    expect(r).toMatchObject({ tone: 'bad', title: '签到码无效', detail: '这不是签到码，请扫描成员出示的签到二维码' });
    expect(payloads(binding, 'signup.checkin').length).toBe(sent);

    expect(statusCounts(eventId).checked_in).toBe(eventDoc(eventId).checkedIn);
    expect(counts(page)).toBe(countsFromCloud());
  });

  it('a cancelled scan sends nothing; a typed code checks in too', async () => {
    const binding = useLocalCloud(lc, ADMIN);
    const page = await openConsole('admin/pages/checkin/index', { eventId });
    const sent = () => payloads(binding, 'signup.checkin').length;

    await tap(page, '#scan-button'); // the fake camera is cancelled by default
    expect(sent()).toBe(0);
    expect(shownResult(page)).toBeNull();

    await tap(page, '#code-submit');
    expect(text(page)).toContain('请输入签到码');
    await input(page, '#code-field', '12345');
    await tap(page, '#code-submit');
    expect(text(page)).toContain('签到码为8位字母或数字，请核对');
    expect(sent()).toBe(0);

    // 张志强 was checked in by hand above: typed lower-case, answered 重复签到.
    await input(page, '#code-field', codes.get(member(3))!.toLowerCase());
    await tap(page, '#code-submit');
    await waitFor(() => shownResult(page) !== null);
    expect(shownResult(page)).toMatchObject({ title: '重复签到', detail: '张志强' });
    expect(sent()).toBe(1);
  });
});

describe('event create, edit and cancel', () => {
  /** A field's message as shown: under a van-field, or the time rows' own line. */
  function fieldError(page: Rendered, field: string): string {
    const van = page.querySelector(`#${field}-field`);
    if (van) return text(van);
    return texts(page, `#${field}-error`)[0] ?? '';
  }

  function eventSaves(binding: Parameters<typeof actions>[0]): number {
    return actions(binding).filter((a) => a === 'events.save').length;
  }

  it('checks the form before calling, creates the event in Beijing time, then cancels it with confirmation', async () => {
    const reportId = await publishReport(lc, ADMIN, {
      column: '协会动态',
      title: '共建活动预告',
      blocks: [{ type: 'paragraph', text: '欢迎报名' }],
    });
    const binding = useLocalCloud(lc, ADMIN);
    const page = await openConsole('admin/pages/event-edit/index');
    // The report picker starts on 不关联报道; the published report is the next choice.
    expect(text(page.querySelector('#article-picker') as SimNode)).toBe('关联报道不关联报道');

    await tap(page, '#save-button');
    expect(fieldError(page, 'title')).toContain('请填写活动标题');
    expect(fieldError(page, 'place')).toContain('请填写活动地点');
    expect(fieldError(page, 'startAt')).toBe('请选择开始时间');
    expect(fieldError(page, 'endAt')).toBe('请选择结束时间');
    expect(fieldError(page, 'signupDeadline')).toBe('请选择报名截止时间');
    expect(fieldError(page, 'capacity')).toContain('名额需为1–10000之间的整数');
    expect(eventSaves(binding)).toBe(0);

    await input(page, '#title-field', '环保产业园区观摩交流');
    await input(page, '#place-field', '合肥高新区');
    await input(page, '#summary-field', '观摩园区企业，座谈交流');
    await trigger(page, '#start-date', 'change', { value: '2031-05-20' });
    await trigger(page, '#start-time', 'change', { value: '09:00' });
    await trigger(page, '#end-date', 'change', { value: '2031-05-20' });
    await trigger(page, '#end-time', 'change', { value: '08:00' });
    await trigger(page, '#deadline-date', 'change', { value: '2031-05-21' });
    await trigger(page, '#deadline-time', 'change', { value: '18:00' });
    await input(page, '#capacity-field', '0');
    await tap(page, '#save-button');
    expect(fieldError(page, 'endAt')).toBe('结束时间需晚于开始时间');
    expect(fieldError(page, 'signupDeadline')).toBe('报名截止时间不能晚于活动开始时间');
    expect(fieldError(page, 'capacity')).toContain('名额需为1–10000之间的整数');
    expect(eventSaves(binding)).toBe(0);

    await trigger(page, '#end-time', 'change', { value: '17:30' });
    await trigger(page, '#deadline-date', 'change', { value: '2031-05-18' });
    await input(page, '#capacity-field', '30');
    await trigger(page, '#waitlist-switch', 'change', { value: false });
    await trigger(page, '#article-picker', 'change', { value: '1' });
    expect(text(page.querySelector('#article-picker') as SimNode)).toBe('关联报道共建活动预告');
    await tap(page, '#save-button');
    await waitFor(() => toasts().includes('活动已创建'));
    expect(text(page.querySelector('#save-button') as SimNode)).toBe('保存修改');

    const created = lc.dump('events').find((e) => e.title === '环保产业园区观摩交流');
    const id = String(created?._id);
    const saved = await lc.ok('events', 'events.get', { id }, { openid: ADMIN });
    expect(saved).toMatchObject({
      title: '环保产业园区观摩交流',
      place: '合肥高新区',
      summary: '观摩园区企业，座谈交流',
      startAt: Date.parse('2031-05-20T09:00:00+08:00'),
      endAt: Date.parse('2031-05-20T17:30:00+08:00'),
      signupDeadline: Date.parse('2031-05-18T18:00:00+08:00'),
      capacity: 30,
      waitlistEnabled: false,
      articleId: reportId,
      status: 'open',
    });

    await tap(page, '#cancel-event');
    await waitFor(() => toasts().includes('活动已取消'));
    const modal = wxCalls<{ title: string; content: string }>('showModal').pop();
    expect(modal).toMatchObject({ title: '取消活动', content: '取消后不能恢复。确定取消吗？' });
    expect(payloads(binding, 'events.cancel')).toEqual([{ id }]);
    expect(eventDoc(id).status).toBe('cancelled');
    expect(text(page)).toContain('活动已取消，不能再修改');
    expect(shows(page, '#cancel-event')).toBe(false);
  });

  it('edits an event; a refusal from the cloud marks the field and keeps what was typed', async () => {
    const binding = useLocalCloud(lc, ADMIN);
    const page = await openConsole('admin/pages/event-edit/index', { id: eventId });
    expect(text(page.querySelector('#save-button') as SimNode)).toBe('保存修改');

    // Three seats are held: the cloud refuses fewer.
    await input(page, '#title-field', '党建共建观摩座谈对接活动（改期）');
    await input(page, '#capacity-field', '1');
    await tap(page, '#save-button');
    const refusal = `名额不能少于已报名人数（${eventDoc(eventId).confirmed}人）`;
    await waitFor(() => fieldError(page, 'capacity').includes(refusal));
    // The form came loaded with the event (place, summary, waitlist) under what was typed.
    expect(payloads(binding, 'events.save')[0]).toMatchObject({
      id: eventId,
      title: '党建共建观摩座谈对接活动（改期）',
      place: '界首高新区',
      summary: '校政企协共建观摩',
      capacity: 1,
      waitlistEnabled: true,
    });
    expect(eventDoc(eventId).capacity).toBe(3);

    await input(page, '#capacity-field', '4');
    await tap(page, '#save-button');
    await waitFor(() => eventDoc(eventId).capacity === 4);
    // What was typed before the refusal was kept.
    expect(payloads(binding, 'events.save')[1]).toMatchObject({
      title: '党建共建观摩座谈对接活动（改期）',
      capacity: 4,
    });
    // More seats: the waitlisted member moved up.
    expect(eventDoc(eventId).waitlisted).toBe(0);
    expect(toasts()).toContain('已保存');
  });
});

describe('members', () => {
  it.each([
    ['admin/pages/attendees/index', { eventId: 'x' }],
    ['admin/pages/checkin/index', { eventId: 'x' }],
    ['admin/pages/event-edit/index', {}],
  ] as Array<[string, Record<string, string>]>)('see %s is for admins only', async (path, query) => {
    useLocalCloud(lc, member(1));
    const realQuery = query.eventId ? { eventId } : query;
    const before = JSON.stringify([lc.dump('events'), lc.dump('signups')]);
    const page = await openConsole(path, realQuery);
    expect(shows(page, '#forbidden')).toBe(true);
    expect(text(page)).toContain('仅协会管理员可以使用管理后台');
    expect(text(page)).not.toContain('王建国');
    expect(JSON.stringify([lc.dump('events'), lc.dump('signups')])).toBe(before);
  });
});
