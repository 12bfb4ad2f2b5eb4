// A co-building event as the association runs one (issue 15), end to end in
// the browser preview of the compiled package against the local cloud:
// staff create an event in review mode with two custom fields and groups of
// up to 3; two members sign up (one with two companions); the attendee list
// and the exported sheet show every answer and person; staff approve one and
// reject the other with a reason; each member's page shows the result; the
// group checks in person by person.
import ExcelJS from 'exceljs';
import type { EventDetail, EventSummary, Page } from '../../miniprogram/contract/index';
import { check, type E2ETest, type MiniApp, type TestContext } from './harness';

const TITLE = '走进界首高新区党建共建观摩座谈对接活动';
const ADMIN = 'admin';
const MEAL = '是否用餐';
const PLATE = '车牌号';
const REASON = '本次限会员单位党建负责人参加';

const LEADER = { openid: 'e2e-cb-1', name: '周建国', unit: '安徽绿源环境科技有限公司', phone: '13800000201' };
const COMPANIONS = [
  { name: '吴晓梅', phone: '13800000202' },
  { name: '郑海涛', phone: '13800000203' },
];
const SOLO = { openid: 'e2e-cb-2', name: '冯立新', unit: '合肥清泉水务有限公司', phone: '13800000204' };

/** A Beijing calendar date `days` from now, as WeChat's date picker gives it. */
function beijingDate(days: number): string {
  return new Date(Date.now() + days * 86400000 + 8 * 3600000).toISOString().slice(0, 10);
}

async function replaceText(app: MiniApp, selector: string, text: string): Promise<void> {
  const input = app.top.locator(selector).first();
  await input.click();
  await input.press('Control+A');
  await input.press('Backspace');
  await input.pressSequentially(text);
}

/** WeChat's date or time picker in the preview: the sheet's native control, then 确定. */
async function pick(app: MiniApp, id: string, value: string): Promise<void> {
  await app.top.locator(`#${id}`).click();
  await app.page.locator('#mp-picker .mp-picker__native').fill(value);
  await app.page.locator('#mp-picker .mp-picker__ok').click();
  await app.page.locator('#mp-picker').waitFor({ state: 'detached' });
}

async function addField(app: MiniApp, index: number, type: string, label: string): Promise<void> {
  await app.top.locator('#add-field').click();
  await app.page.locator('#mp-action-sheet').getByText(type, { exact: true }).click();
  await app.top.locator(`#field-${index}`).waitFor();
  await replaceText(app, `#field-label-${index} input`, label);
}

async function createEvent(t: TestContext): Promise<EventDetail> {
  const staff = await t.openApp({ member: ADMIN, route: 'admin/pages/event-edit/index' });
  await staff.waitRoute('admin/pages/event-edit/index');
  await replaceText(staff, '#title-field input', TITLE);
  await replaceText(staff, '#place-field input', '阜阳市界首高新区');
  await pick(staff, 'start-date', beijingDate(6));
  await pick(staff, 'start-time', '09:00');
  await pick(staff, 'end-date', beijingDate(6));
  await pick(staff, 'end-time', '17:00');
  await pick(staff, 'deadline-date', beijingDate(4));
  await pick(staff, 'deadline-time', '18:00');
  await replaceText(staff, '#capacity-field input', '40');
  await staff.top.locator('#review-switch').click();
  await staff.top.locator('#group-max').click();
  await staff.page.locator('#mp-picker .mp-picker__option', { hasText: '3人' }).click();
  await staff.page.locator('#mp-picker .mp-picker__ok').click();
  await addField(staff, 0, '单选', MEAL);
  await staff.top.locator('#field-required-0').click();
  await replaceText(staff, '#field-options-0 textarea', '是\n否');
  await addField(staff, 1, '单行文本', PLATE);
  await staff.screenshot('co-building-editor');
  await staff.top.locator('#save-button').click();
  await staff.top.locator('#save-button', { hasText: '保存修改' }).waitFor();
  const errors = await staff.errors();
  check(errors.length === 0, errors.join('；'));

  const listed = (await t.env.lc.call(
    'events',
    { action: 'events.list', payload: { scope: 'upcoming' } },
    { openid: ADMIN },
  )) as { ok: boolean; data: Page<EventSummary> };
  const summary = listed.data.items.find((e) => e.title === TITLE);
  check(summary, '新建的活动不在活动列表中');
  const got = (await t.env.lc.call(
    'events',
    { action: 'events.get', payload: { id: summary.id } },
    { openid: ADMIN },
  )) as {
    data: EventDetail;
  };
  const ev = got.data;
  check(ev.reviewRequired && ev.groupMax === 3, `报名设置：审核 ${ev.reviewRequired}，每次 ${ev.groupMax} 人`);
  check(
    ev.fields.map((f) => `${f.type}:${f.label}:${f.required}`).join('|') === `single:${MEAL}:true|text:${PLATE}:false`,
    `报名项：${JSON.stringify(ev.fields)}`,
  );
  return ev;
}

async function signUp(
  t: TestContext,
  ev: EventDetail,
  who: { openid: string; name: string; unit: string; phone: string },
  answers: { meal: string; plate?: string },
  companions: ReadonlyArray<{ name: string; phone: string }>,
): Promise<MiniApp> {
  const [meal, plate] = ev.fields;
  check(meal && plate, '活动缺少报名项');
  const app = await t.openApp({ member: who.openid, route: `pages/event/index?id=${ev.id}` });
  await app.waitRoute('pages/event/index');
  await app.top.locator('.event__signup').click();
  await app.waitRoute('pages/signup/index');
  await app.top.locator('#agree-btn').click();
  await app.top.locator('#agree-btn').waitFor({ state: 'hidden' });
  await replaceText(app, '.signup__field-name input', who.name);
  await replaceText(app, '.signup__field-unit input', who.unit);
  await replaceText(app, '.signup__field-phone input', who.phone);
  await app.top.locator(`#answer-${meal.id} .signup__option`, { hasText: answers.meal }).click();
  if (answers.plate) await replaceText(app, `#answer-${plate.id} input`, answers.plate);
  for (const [i, c] of companions.entries()) {
    await app.top.locator('.signup__add-companion').click();
    await replaceText(app, `#companion-${i} .signup__companion-name input`, c.name);
    await replaceText(app, `#companion-${i} .signup__companion-phone input`, c.phone);
  }
  if (companions.length) await app.screenshot('co-building-signup-group');
  await app.top.locator('.signup__submit').click();
  const subscribe = app.page.locator('#mp-subscribe');
  await subscribe.waitFor();
  await subscribe.getByText('允许', { exact: true }).click();
  await app.waitRoute('pages/event/index');
  await app.top.locator('.event__result-status', { hasText: '待审核' }).waitFor();
  return app;
}

async function exportRows(staff: MiniApp, t: TestContext): Promise<string[][]> {
  await staff.top.locator('#export-button').click();
  await staff.top.locator('#open-export').waitFor();
  const fileID = await staff.page.evaluate(() => {
    const pages = (
      globalThis as unknown as { getCurrentPages: () => Array<{ data: Record<string, unknown> }> }
    ).getCurrentPages();
    return String(pages[pages.length - 1]?.data.exportFileID ?? '');
  });
  check(fileID, '导出后没有文件');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(t.env.lc.storage.read(fileID) as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0];
  check(sheet, '报名表没有工作表');
  const rows: string[][] = [];
  sheet.eachRow((row) => {
    const cells: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) cells.push(String(row.getCell(c).value ?? ''));
    rows.push(cells);
  });
  return rows;
}

/** The console asks before a manual check-in, naming the person. */
async function confirmCheckin(staff: MiniApp, name: string): Promise<void> {
  const modal = staff.page.locator('#mp-modal', { hasText: name });
  await modal.getByText('签到', { exact: true }).click();
  await modal.waitFor({ state: 'detached' });
}

export const tests: E2ETest[] = [
  {
    name: '共建活动：管理员新建需审核、两个报名项、每次最多3人的活动；两位会员报名（一位带两名同行人员）；名单和报名表显示全部回答和人员；通过一位、拒绝一位；按人签到',
    async run(t) {
      const ev = await createEvent(t);
      const leader = await signUp(t, ev, LEADER, { meal: '是', plate: '皖K12345' }, COMPANIONS);
      const solo = await signUp(t, ev, SOLO, { meal: '否' }, []);

      // The attendee list: both sign-ups in review, every answer and every person.
      const staff = await t.openApp({ member: ADMIN, route: `admin/pages/attendees/index?eventId=${ev.id}` });
      await staff.waitRoute('admin/pages/attendees/index');
      const leaderRow = staff.top.locator(`#person-${ev.id}_${LEADER.openid}`);
      const soloRow = staff.top.locator(`#person-${ev.id}_${SOLO.openid}`);
      await leaderRow.waitFor();
      const leaderText = await leaderRow.innerText();
      for (const part of ['共3人', `${MEAL}：是`, `${PLATE}：皖K12345`, ...COMPANIONS.map((c) => c.name), '待审核']) {
        check(leaderText.includes(part), `名单中 ${LEADER.name} 一行缺少「${part}」：${leaderText}`);
      }
      check((await soloRow.innerText()).includes(`${MEAL}：否`), `名单中 ${SOLO.name} 一行缺少回答`);
      await staff.screenshot('co-building-attendees');

      // The export: one row per person, a column per field, the answers on the member's row.
      const rows = await exportRows(staff, t);
      const header = rows[0] ?? [];
      const col = (name: string) => header.indexOf(name);
      check(col(MEAL) >= 0 && col(PLATE) >= 0, `报名表表头：${header.join(',')}`);
      const byName = new Map(rows.slice(1).map((r) => [r[header.indexOf('姓名')] ?? '', r]));
      for (const name of [LEADER.name, SOLO.name, ...COMPANIONS.map((c) => c.name)]) {
        check(byName.has(name), `报名表缺少 ${name}：${[...byName.keys()].join(',')}`);
      }
      check(byName.get(LEADER.name)?.[col(MEAL)] === '是', '报名表中的用餐回答');
      check(byName.get(LEADER.name)?.[col(PLATE)] === '皖K12345', '报名表中的车牌号');
      check(byName.get(SOLO.name)?.[col(MEAL)] === '否', '报名表中第二位会员的回答');

      // Approve the group, reject the other with a reason (typed into WeChat's editable modal).
      await staff.top.locator(`#approve-${ev.id}_${LEADER.openid}`).click();
      await leaderRow.getByText('已报名').first().waitFor();
      await staff.top.locator(`#reject-${ev.id}_${SOLO.openid}`).click();
      const modal = staff.page.locator('#mp-modal');
      await modal.locator('.mp-dialog__input').fill(REASON);
      await modal.getByText('拒绝', { exact: true }).click();
      await soloRow.getByText('未通过').first().waitFor();
      check((await soloRow.innerText()).includes(REASON), '名单中应显示拒绝原因');

      // Each member's page shows the result: three tickets for the group, the reason for the other.
      await leader.page.reload();
      await leader.waitRoute('pages/event/index');
      await leader.top.locator('.event__result-status', { hasText: '已报名' }).waitFor();
      const tickets = await leader.top.locator('.event__ticket-name').allInnerTexts();
      check(tickets.length === 3, `应有 3 张签到码，实际：${tickets.join(',')}`);
      check(
        COMPANIONS.every((c) => tickets.some((x) => x.includes(c.name))),
        `签到码上的姓名：${tickets.join(',')}`,
      );
      await leader.screenshot('co-building-approved');
      await solo.page.reload();
      await solo.waitRoute('pages/event/index');
      await solo.top.locator('.event__result-status', { hasText: '未通过' }).waitFor();
      await solo.see(REASON);

      // Check-in per person from the list: the first companion, then the member; the second has not come.
      await staff.top.locator(`#companion-checkin-${ev.id}_${LEADER.openid}-0`).click();
      await confirmCheckin(staff, COMPANIONS[0]?.name ?? '');
      await staff.page.waitForFunction(
        (sel) => (document.querySelector(sel)?.textContent ?? '').includes('签到于'),
        `.mp-pagehost[data-active="true"] #person-${ev.id}_${LEADER.openid}`,
      );
      await staff.top.locator(`#checkin-${ev.id}_${LEADER.openid}`).click();
      await confirmCheckin(staff, LEADER.name);
      await leaderRow.getByText('已签到').first().waitFor();
      const list = (await t.env.lc.call(
        'events',
        { action: 'signup.list', payload: { eventId: ev.id } },
        { openid: ADMIN },
      )) as { data: { attendees: Array<{ id: string; status: string; companions: Array<{ checkedInAt?: number }> }> } };
      const group = list.data.attendees.find((a) => a.id === `${ev.id}_${LEADER.openid}`);
      check(group?.status === 'checked_in', `本人签到状态：${group?.status}`);
      check(
        group.companions.map((c) => !!c.checkedInAt).join(',') === 'true,false',
        `同行人员签到：${JSON.stringify(group.companions)}`,
      );
      await staff.screenshot('co-building-checked-in');
      for (const app of [staff, leader, solo]) {
        const errors = await app.errors();
        check(errors.length === 0, errors.join('；'));
      }
    },
  },
];
