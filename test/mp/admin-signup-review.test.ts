// Issue 15 parts 1–3 in the staff console, in simulate on the local cloud:
// the editor's 报名设置 (review mode, group size, custom fields: added,
// edited, reordered, removed, refused when they make no sense), the
// attendee list (companions, answers, 待审核 / 未通过, approve and reject
// one by one and in bulk, a companion checked in by hand) and the scanner
// naming the companion. Asserts what is shown and what the cloud stores.
import {
  checkinScanText,
  FIELD_MESSAGES,
  FIELD_RULES,
  GROUP_RULES,
  REVIEW_RULES,
  type EventDetail,
  type MySignup,
  type SignupField,
} from '../../miniprogram/contract/index';
import './admin-helpers';
import * as sim from './page-test';
import { ADMIN, createEvent, startEventsCloud } from './event-fixtures';

const { answerWx, input, tap, text, texts, toasts, trigger, waitFor, wxCalls } = sim;

const lc = sim.usePageCloud(() => startEventsCloud());

interface StoredSignup {
  _id: string;
  eventId: string;
  status: string;
  reviewNote?: string;
  companions?: Array<{ name: string; checkinCode: string; checkedInAt?: number }>;
  answers?: Record<string, unknown>;
}

function storedSignup(id: string): StoredSignup {
  const doc = lc.dump('signups').find((s) => s._id === id);
  if (!doc) throw new Error(`no sign-up ${id}`);
  return doc as unknown as StoredSignup;
}

function storedEvent(id: string): Record<string, unknown> {
  const doc = lc.dump('events').find((e) => e._id === id);
  if (!doc) throw new Error(`no event ${id}`);
  return doc as Record<string, unknown>;
}

function consoleReady(page: sim.Rendered): boolean {
  return !sim.shows(page, '.admin-loading');
}

async function openEditor(id: string): Promise<sim.Rendered> {
  const page = await sim.openPage('admin/pages/event-edit/index', { id }, consoleReady);
  await waitFor(() => text(page).includes('报名设置'));
  return page;
}

/** Adds a field of the type at `typeIndex` in the sheet (单行文本, 多行文本, 数字, 单选, 多选, 日期). */
async function addField(page: sim.Rendered, typeIndex: number): Promise<number> {
  const before = page.querySelectorAll('.field-card').length;
  answerWx('showActionSheet', { tapIndex: typeIndex });
  await tap(page, '#add-field');
  await waitFor(() => page.querySelectorAll('.field-card').length === before + 1);
  return before;
}

function saves(binding: Parameters<typeof sim.actions>[0]): number {
  return sim.actions(binding).filter((a) => a === 'events.save').length;
}

describe('报名设置 in the event editor', () => {
  it('adds two custom fields, review mode and groups of 3; saved and read back through the cloud', async () => {
    const event = await createEvent(lc);
    const binding = sim.useLocalCloud(lc, ADMIN);
    const page = await openEditor(event.id);
    expect(text(page)).toContain('暂无，报名时只填写基本信息');

    await trigger(page, '#review-switch', 'change', { value: true });
    // The picker's third row: 3人.
    await trigger(page, '#group-max', 'change', { value: 2 });
    expect(text(page.querySelector('#group-max') as sim.SimNode)).toContain('3人');

    // 单选: 是否用餐, required, two options.
    let i = await addField(page, 3);
    expect(wxCalls<{ itemList: string[] }>('showActionSheet')[0]?.itemList).toEqual([
      '单行文本',
      '多行文本',
      '数字',
      '单选',
      '多选',
      '日期',
    ]);
    await input(page, `#field-label-${i}`, '是否用餐');
    await trigger(page, `#field-required-${i}`, 'change', { value: true });
    await input(page, `#field-options-${i}`, '需要\n不需要\n');
    // 单行文本: 车牌号, at most 10 characters.
    i = await addField(page, 0);
    await input(page, `#field-label-${i}`, '车牌号');
    await input(page, `#field-max-${i}`, '10');
    // A third one, moved up and then removed: never saved, no question asked.
    i = await addField(page, 5);
    await input(page, `#field-label-${i}`, '到达日期');
    await tap(page, `#field-up-${i}`);
    expect(texts(page, '.field-card__head')[1]).toContain('日期');
    await tap(page, '#field-remove-1');
    await waitFor(() => page.querySelectorAll('.field-card').length === 2);
    expect(sim.dialogs()).toEqual([]);

    await tap(page, '#save-button');
    await waitFor(() => toasts().includes('已保存'));
    expect(saves(binding)).toBe(1);

    const got = await lc.ok('events', 'events.get', { id: event.id }, { openid: 'member-x' });
    expect(got.reviewRequired).toBe(true);
    expect(got.groupMax).toBe(3);
    // As sent (the cloud may add its defaults, e.g. a text field's length).
    expect(got.fields).toMatchObject([
      {
        id: expect.stringMatching(FIELD_RULES.idPattern),
        type: 'single',
        label: '是否用餐',
        required: true,
        options: ['需要', '不需要'],
      },
      { id: expect.stringMatching(FIELD_RULES.idPattern), type: 'text', label: '车牌号', required: false, max: 10 },
    ]);
    const ids = got.fields.map((f) => f.id);
    expect(new Set(ids).size).toBe(2);
    // What the editor sent: only what staff set.
    expect(sim.payloads<{ fields: SignupField[] }>(binding, 'events.save')[0]?.fields).toEqual(
      got.fields.map((f, k) =>
        k === 0
          ? { id: f.id, type: 'single', label: '是否用餐', required: true, options: ['需要', '不需要'] }
          : { id: f.id, type: 'text', label: '车牌号', required: false, max: 10 },
      ),
    );

    // Opened again, the form shows what was saved; a relabel keeps the ids.
    const again = await openEditor(event.id);
    expect(texts(again, '.field-card__head').map((h) => h.replace(/\s+/g, ''))).toEqual([
      expect.stringContaining('单选第1项'),
      expect.stringContaining('单行文本第2项'),
    ]);
    await input(again, '#field-label-1', '车牌号码');
    await tap(again, '#field-down-0');
    await tap(again, '#save-button');
    await waitFor(() => saves(binding) === 2 && toasts().filter((t) => t === '已保存').length === 2);
    const relabelled = await lc.ok('events', 'events.get', { id: event.id }, { openid: 'member-x' });
    expect(relabelled.fields.map((f) => [f.id, f.label])).toEqual([
      [ids[1], '车牌号码'],
      [ids[0], '是否用餐'],
    ]);
  }, 20_000);

  it('a field that makes no sense is shown at that field, and nothing is saved', async () => {
    const event = await createEvent(lc);
    const binding = sim.useLocalCloud(lc, ADMIN);
    const page = await openEditor(event.id);
    const before = JSON.stringify(storedEvent(event.id));

    let i = await addField(page, 3);
    await input(page, `#field-label-${i}`, '是否用餐');
    await input(page, `#field-options-${i}`, '需要');
    i = await addField(page, 0);
    await input(page, `#field-label-${i}`, '是否用餐');

    await tap(page, '#save-button');
    await waitFor(() => toasts().length > 0);
    const shown = text(page);
    expect(shown).toContain(FIELD_MESSAGES.noOptions('是否用餐'));
    expect(shown).toContain(FIELD_MESSAGES.duplicateLabel('是否用餐'));
    expect(saves(binding)).toBe(0);
    expect(JSON.stringify(storedEvent(event.id))).toBe(before);

    // Typing in a field clears its message.
    await input(page, '#field-label-1', '车牌号');
    expect(sim.shows(page, '#field-error-1')).toBe(false);
  });
});

describe('group size against the capacity', () => {
  it('the picker stops at the capacity; a size above a lowered capacity is warned about and not saved', async () => {
    const event = await createEvent(lc, { capacity: 4 });
    const binding = sim.useLocalCloud(lc, ADMIN);
    const page = await openEditor(event.id);
    expect(page.data.groupSizes).toEqual(['1人（仅本人）', '2人', '3人', '4人']);

    await trigger(page, '#group-max', 'change', { value: 3 });
    expect(text(page.querySelector('#group-max') as sim.SimNode)).toContain('4人');
    expect(sim.shows(page, '#groupMax-error')).toBe(false);

    await input(page, '#capacity-field', '2');
    expect(text(page.querySelector('#groupMax-error') as sim.SimNode)).toBe('每次报名人数不能超过名额');
    await tap(page, '#save-button');
    await waitFor(() => toasts().includes('每次报名人数不能超过名额'));
    expect(saves(binding)).toBe(0);

    await input(page, '#capacity-field', '12');
    expect(sim.shows(page, '#groupMax-error')).toBe(false);
    expect(page.data.groupSizes).toHaveLength(GROUP_RULES.groupMaxLimit);
    await tap(page, '#save-button');
    await waitFor(() => toasts().includes('已保存'));
    const got = await lc.ok('events', 'events.get', { id: event.id }, { openid: 'member-x' });
    expect([got.capacity, got.groupMax]).toEqual([12, 4]);
  });
});

describe('removing a field answered after it was saved', () => {
  it('asks first, though an earlier removal read the answers before anyone had answered', async () => {
    const event = await createEvent(lc, {
      fields: [
        { id: 'fbus', type: 'single', label: '是否乘坐大巴', required: false, options: ['是', '否'] },
        { id: 'fcar', type: 'text', label: '车牌号', required: false, max: 10 },
      ],
    });
    sim.useLocalCloud(lc, ADMIN);
    const page = await openEditor(event.id);

    // Nobody has answered yet: removed without a question.
    await tap(page, '#field-remove-0');
    await waitFor(() => page.querySelectorAll('.field-card').length === 1);
    await tap(page, '#save-button');
    await waitFor(() => toasts().includes('已保存'));
    expect(sim.dialogs()).toEqual([]);

    await lc.ok(
      'events',
      'signup.submit',
      {
        eventId: event.id,
        name: '刘芳',
        unit: '芜湖清水环境工程有限公司',
        phone: '13800000301',
        answers: { fcar: '皖B12345' },
      },
      { openid: 'answers-later' },
    );
    answerWx('showModal', { confirm: false });
    await tap(page, '#field-remove-0');
    await waitFor(() => sim.dialogs().length === 1);
    expect(sim.dialogs()).toEqual(['删除报名项']);
    expect(page.querySelectorAll('.field-card')).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------
// The attendee list of an event in review mode with groups and two fields.

const MEAL: SignupField = {
  id: 'fmeal',
  type: 'single',
  label: '是否用餐',
  required: true,
  options: ['需要', '不需要'],
};
const PLATE: SignupField = { id: 'fplate', type: 'text', label: '车牌号', required: false, max: 10 };

interface Member {
  openid: string;
  name: string;
  unit: string;
  phone: string;
  companions?: Array<{ name: string; phone: string; position?: string }>;
  answers: Record<string, string>;
}

let memberSerial = 0;

/** A member of `unit` answering 是否用餐 with `meal` (and nothing else unless `more` says). */
function member(key: string, name: string, unit: string, meal: string, more: Partial<Member> = {}): Member {
  memberSerial += 1;
  const phone = `138000001${String(memberSerial).padStart(2, '0')}`;
  return { openid: `review-${key}`, name, unit, phone, answers: { fmeal: meal }, ...more };
}

const WANG = member('wang', '王建国', '合肥绿源环保科技有限公司', '需要', {
  companions: [
    { name: '李四', phone: '13900000102', position: '技术总监' },
    { name: '赵敏', phone: '13900000103' },
  ],
  answers: { fmeal: '需要', fplate: '皖A12345' },
});
const LIU = member('liu', '刘芳', '芜湖清水环境工程有限公司', '不需要');
const CHEN = member('chen', '陈明', '蚌埠蓝天环保设备厂', '需要');
const ZHOU = member('zhou', '周婷', '安徽省生态环境监测中心', '需要');
const SUN = member('sun', '孙磊', '马鞍山钢城环保有限公司', '不需要');

let reviewEvent: EventDetail;
const mine = new Map<string, MySignup>();

function signupId(m: Member): string {
  return `${reviewEvent.id}_${m.openid}`;
}

async function openAttendees(): Promise<sim.Rendered> {
  const page = await sim.openPage('admin/pages/attendees/index', { eventId: reviewEvent.id }, consoleReady);
  await waitFor(() => text(page).includes(reviewEvent.title));
  return page;
}

function row(page: sim.Rendered, m: Member): string {
  return text(page.querySelector(`#person-${signupId(m)}`) as sim.SimNode);
}

/** Taps a 拒绝 button and types `reason` into WeChat's dialog (an editable wx.showModal), then confirms. */
async function rejectWith(page: sim.Rendered, button: string, reason: string): Promise<void> {
  const asked = wxCalls('showModal').length;
  answerWx('showModal', { confirm: true, cancel: false, content: reason });
  await tap(page, button);
  await waitFor(() => wxCalls('showModal').length === asked + 1);
  expect(wxCalls<{ editable: boolean; confirmText: string }>('showModal')[asked]).toMatchObject({
    editable: true,
    confirmText: '拒绝',
  });
}

function tabsText(page: sim.Rendered): string {
  return text(page.querySelector('van-tabs') as sim.SimNode);
}

describe('an event in review mode with groups and two fields', () => {
  beforeAll(async () => {
    reviewEvent = await createEvent(lc, {
      title: '界首高新区观摩座谈对接活动',
      capacity: 5,
      waitlistEnabled: false,
      reviewRequired: true,
      groupMax: 3,
      fields: [MEAL, PLATE],
    });
    for (const m of [WANG, LIU, CHEN, ZHOU, SUN]) {
      const { openid, ...form } = m;
      mine.set(openid, await lc.ok('events', 'signup.submit', { eventId: reviewEvent.id, ...form }, { openid }));
    }
  });

  describe('attendee list of an event in review mode', () => {
    it('shows each sign-up in review with 共N人, its companions and its answers', async () => {
      sim.useLocalCloud(lc, ADMIN);
      const page = await openAttendees();

      expect(tabsText(page)).toContain('待审核 5');
      expect(tabsText(page)).toContain('未通过 0');
      const wang = row(page, WANG);
      expect(wang).toContain('待审核');
      expect(wang).toContain('共3人');
      expect(wang).toContain('李四');
      expect(wang).toContain('技术总监 · 13900000102');
      expect(wang).toContain('赵敏');
      expect(wang).toContain('是否用餐：需要');
      expect(wang).toContain('车牌号：皖A12345');
      expect(row(page, LIU)).toContain('共1人');
      expect(row(page, LIU)).toContain('是否用餐：不需要');
      expect(row(page, LIU)).not.toContain('车牌号');
      // In review: 通过 / 拒绝, no check-in yet.
      expect(sim.shows(page, `#approve-${signupId(WANG)}`)).toBe(true);
      expect(sim.shows(page, `#checkin-${signupId(WANG)}`)).toBe(false);
      expect(sim.shows(page, `#companion-checkin-${signupId(WANG)}-0`)).toBe(false);
      // A companion is called from their line too.
      await tap(page, page.querySelectorAll('.companion__phone')[0] as sim.SimNode);
      expect(wxCalls<{ phoneNumber: string }>('makePhoneCall').map((c) => c.phoneNumber)).toEqual(['13900000102']);
    });

    it('approves one and rejects one with a reason, from their rows', async () => {
      const binding = sim.useLocalCloud(lc, ADMIN);
      const page = await openAttendees();

      await tap(page, `#approve-${signupId(WANG)}`);
      await waitFor(() => storedSignup(signupId(WANG)).status === 'confirmed');
      await waitFor(() => text(page.querySelector('#review-result') as sim.SimNode).includes('已通过 1 条'));
      await waitFor(() => tabsText(page).includes('待审核 4'));
      expect(row(page, WANG)).toContain('已报名');
      expect(storedEvent(reviewEvent.id).confirmed).toBe(3);

      // A reason 3 characters over REVIEW_RULES.reasonMax: asked again with the text as typed and
      // how much to cut; nothing is sent until it fits.
      const fits = '名额有限，优先会员单位';
      const tooLong = fits + '。'.repeat(REVIEW_RULES.reasonMax - fits.length + 3);
      const asked = wxCalls('showModal').length;
      answerWx('showModal', (opts) => ({ confirm: true, cancel: false, content: opts.content ? fits : tooLong }));
      await tap(page, `#reject-${signupId(LIU)}`);
      await waitFor(() => wxCalls('showModal').length === asked + 2);
      expect(toasts()).toContain(`审核说明不能超过${REVIEW_RULES.reasonMax}个字`);
      expect(wxCalls<{ title: string; content?: string }>('showModal')[asked + 1]).toMatchObject({
        title: '原因超出3个字，请删减后再拒绝',
        content: tooLong,
        editable: true,
      });
      await waitFor(() => storedSignup(signupId(LIU)).status === 'rejected');
      expect(storedSignup(signupId(LIU)).reviewNote).toBe('名额有限，优先会员单位');
      await waitFor(() => row(page, LIU).includes('未通过原因：名额有限，优先会员单位'));
      expect(tabsText(page)).toContain('未通过 1');

      expect(sim.payloads(binding, 'signup.review')).toEqual([
        { eventId: reviewEvent.id, ids: [signupId(WANG)], decision: 'approve' },
        { eventId: reviewEvent.id, ids: [signupId(LIU)], decision: 'reject', reason: '名额有限，优先会员单位' },
      ]);
    }, 20_000);

    it('批量审核: 全选 then 批量通过 is one call; a sign-up with no seat left is named with the reason', async () => {
      const binding = sim.useLocalCloud(lc, ADMIN);
      const page = await openAttendees();

      await tap(page, '#bulk-toggle');
      // Nothing ticked yet: said so, nothing sent.
      await tap(page, '#bulk-approve');
      expect(toasts()).toContain('请先勾选待审核的报名');
      await tap(page, '#pick-all');
      expect(text(page.querySelector('#bulk-bar') as sim.SimNode)).toContain('已选 3 条');
      // One picked off again.
      await tap(page, `#pick-${signupId(SUN)}`);
      expect(text(page.querySelector('#bulk-bar') as sim.SimNode)).toContain('已选 2 条');
      await tap(page, `#pick-${signupId(SUN)}`);

      // Two seats are left (5, 王建国's group holds 3): 陈明 and 周婷 fit, 孙磊 does not (no waitlist).
      await tap(page, '#bulk-approve');
      await waitFor(() => sim.payloads(binding, 'signup.review').length === 1);
      await waitFor(() => sim.shows(page, '#review-result') && tabsText(page).includes('待审核 1'));
      expect(sim.payloads(binding, 'signup.review')[0]).toEqual({
        eventId: reviewEvent.id,
        ids: [signupId(CHEN), signupId(ZHOU), signupId(SUN)],
        decision: 'approve',
      });
      const result = text(page.querySelector('#review-result') as sim.SimNode);
      expect(result).toContain('已通过 2 条');
      expect(result).toContain('孙磊：名额已满，无法通过');
      expect(storedSignup(signupId(SUN)).status).toBe('reviewing');
      expect(storedEvent(reviewEvent.id).confirmed).toBe(5);

      // The one left: 批量拒绝 with a reason.
      await tap(page, '#bulk-toggle');
      await tap(page, '#pick-all');
      await rejectWith(page, '#bulk-reject', '名额已满');
      await waitFor(() => storedSignup(signupId(SUN)).status === 'rejected');
      expect(sim.payloads(binding, 'signup.review')[1]).toEqual({
        eventId: reviewEvent.id,
        ids: [signupId(SUN)],
        decision: 'reject',
        reason: '名额已满',
      });
      await waitFor(() => !sim.shows(page, '#bulk-bar'));
    }, 20_000);

    it('checks a companion in by hand, with their own code; the member still has their own button', async () => {
      const binding = sim.useLocalCloud(lc, ADMIN);
      const page = await openAttendees();

      await tap(page, `#companion-checkin-${signupId(WANG)}-0`);
      await waitFor(() => toasts().includes('李四 已签到'));
      expect(sim.dialogs()).toEqual(['手动签到']);
      const companionCode = mine.get(WANG.openid)?.companions[0]?.checkinCode;
      expect(sim.payloads(binding, 'signup.checkin')).toEqual([{ eventId: reviewEvent.id, code: companionCode }]);
      const stored = storedSignup(signupId(WANG));
      expect(stored.companions?.[0]?.checkedInAt).toEqual(expect.any(Number));
      expect(stored.companions?.[1]?.checkedInAt).toBeUndefined();
      expect(stored.status).toBe('confirmed');
      await waitFor(() => !sim.shows(page, `#companion-checkin-${signupId(WANG)}-0`));
      expect(row(page, WANG)).toMatch(/李四.*签到于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
      expect(sim.shows(page, `#companion-checkin-${signupId(WANG)}-1`)).toBe(true);
      expect(sim.shows(page, `#checkin-${signupId(WANG)}`)).toBe(true);
    });

    it('removing a field members answered asks first, saying the answers stay in the export', async () => {
      const binding = sim.useLocalCloud(lc, ADMIN);
      const page = await openEditor(reviewEvent.id);

      answerWx('showModal', { confirm: false });
      await tap(page, '#field-remove-1');
      await waitFor(() => wxCalls('showModal').length === 1);
      const asked = wxCalls<{ title: string; content: string }>('showModal')[0];
      expect(asked?.title).toBe('删除报名项');
      expect(asked?.content).toContain('「车牌号（已删除）」');
      expect(page.querySelectorAll('.field-card')).toHaveLength(2);

      answerWx('showModal', { confirm: true });
      await tap(page, '#field-remove-1');
      await waitFor(() => page.querySelectorAll('.field-card').length === 1);
      await tap(page, '#save-button');
      await waitFor(() => toasts().includes('已保存'));
      expect(sim.payloads<{ fields: SignupField[] }>(binding, 'events.save')[0]?.fields).toEqual([MEAL]);
      // The answer given is kept, shown under the removed field's label.
      const { attendees } = await lc.ok('events', 'signup.list', { eventId: reviewEvent.id }, { openid: ADMIN });
      const wang = attendees.find((a) => a.id === signupId(WANG));
      expect(wang?.answers).toContainEqual({ fieldId: 'fplate', label: '车牌号（已删除）', text: '皖A12345' });
    });
  });

  describe('the scanner names the companion', () => {
    it('张三（王建国的同行人员）: checked in, with the group’s state', async () => {
      sim.useLocalCloud(lc, ADMIN);
      const page = await sim.openPage('admin/pages/checkin/index', { eventId: reviewEvent.id }, consoleReady);
      const code = mine.get(WANG.openid)?.companions[1]?.checkinCode ?? '';

      answerWx('scanCode', { result: checkinScanText(reviewEvent.id, code), scanType: 'QR_CODE' });
      await tap(page, '#scan-button');
      await waitFor(() => sim.shows(page, '#result'));
      expect(text(page.querySelector('#result-title') as sim.SimNode)).toBe('已签到');
      const shown = text(page.querySelector('#result') as sim.SimNode);
      expect(shown).toContain('赵敏（王建国的同行人员）');
      // 李四 was checked in from the list; 王建国 not yet.
      expect(shown).toContain('本组 2/3 已签到');
      expect(storedSignup(signupId(WANG)).companions?.[1]?.checkedInAt).toEqual(expect.any(Number));
    });
  });
});
