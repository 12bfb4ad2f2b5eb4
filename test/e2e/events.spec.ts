// Sign-up end to end: the small demo event (tools/seed/events.ts: 2 seats,
// waitlist on) filled by members typing into the real form in the browser
// preview, against the local cloud.
import { CHECKIN_CODE_LENGTH, SIGNUP_MESSAGES } from '../../miniprogram/contract/events';
import { booted, check, type E2ETest, type MiniApp } from './harness';

const EVENT = '环保产业沙龙：工业废水深度处理技术交流会';

interface Person {
  name: string;
  unit: string;
  phone: string;
}

/** 活动 tab → the demo event's detail page. */
async function openEvent(app: MiniApp): Promise<void> {
  await app.page.locator('.mp-tabbar__item', { hasText: '活动' }).click();
  await app.waitRoute('pages/events/index');
  await app.top.getByText(EVENT).first().click();
  await app.waitRoute('pages/event/index');
  await app.top.locator('.event__title', { hasText: EVENT }).waitFor();
}

async function typeInto(app: MiniApp, field: string, text: string): Promise<void> {
  const input = app.top.locator(`.signup__field-${field} input`);
  await input.click();
  await input.press('Control+A');
  await input.press('Backspace');
  await input.pressSequentially(text);
}

/** From the event page through the form back to the event page. */
async function signUp(
  app: MiniApp,
  who: Person,
  options: { badPhoneFirst?: boolean; shots?: boolean; button: string },
): Promise<void> {
  const button = app.top.locator('.event__signup');
  await button.getByText(options.button).waitFor();
  if (options.shots) await app.screenshot('event');
  await button.click();
  await app.waitRoute('pages/signup/index');
  await app.top.getByText(EVENT).first().waitFor();

  // WeChat's privacy consent comes first (the preview remembers it per member).
  await app.top.locator('#agree-btn').click();
  await app.top.locator('#agree-btn').waitFor({ state: 'hidden' });

  await typeInto(app, 'name', who.name);
  await typeInto(app, 'unit', who.unit);
  if (options.badPhoneFirst) {
    await typeInto(app, 'phone', '1380013');
    await app.top.locator('.signup__submit').click();
    const message = app.top.locator('.signup__field-phone').getByText(SIGNUP_MESSAGES.phone);
    await message.waitFor();
    // Nothing was sent: still on the form.
    check((await app.route()) === 'pages/signup/index', '手机号错误时不应离开表单');
    if (options.shots) await app.screenshot('signup-form');
  }
  await typeInto(app, 'phone', who.phone);
  // Editing the field clears its message.
  await app.top.locator('.signup__field-phone').getByText(SIGNUP_MESSAGES.phone).waitFor({ state: 'detached' });
  await app.top.locator('.signup__submit').click();

  // The subscribe request the form makes on submit: allow it.
  const subscribe = app.page.locator('#mp-subscribe');
  await subscribe.waitFor();
  check((await subscribe.locator('.mp-subscribe__row').count()) > 0, '订阅消息请求没有模板');
  await subscribe.getByText('允许', { exact: true }).click();

  await app.waitRoute('pages/event/index');
}

async function result(app: MiniApp): Promise<{ status: string; code: string }> {
  const box = app.top.locator('.event__result');
  await box.waitFor();
  const status = (await box.locator('.event__result-status').innerText()).trim();
  const codeEl = box.locator('.event__code');
  const code = (await codeEl.count()) ? (await codeEl.innerText()).trim() : '';
  return { status, code };
}

export const tests: E2ETest[] = [
  {
    name: '报名示例活动：先提示手机号错误，再报名成功看到已报名和签到码；第二位会员报满最后一个名额；第三位进入候补',
    async run(t) {
      // Member A, in the preview's default identity, switched explicitly in the toolbar.
      const a = await t.openApp();
      await a.switchMember('member-a');
      await openEvent(a);
      check((await a.top.locator('.event__info').innerText()).includes('剩余2个名额'), '开始时应剩余 2 个名额');
      await signUp(
        a,
        { name: '张三', unit: '安徽某环保科技有限公司', phone: '13800000001' },
        { badPhoneFirst: true, shots: true, button: '立即报名' },
      );
      const ra = await result(a);
      check(ra.status === '已报名', `会员 A 的状态：${ra.status}`);
      check(new RegExp(`^[A-Z0-9]{${CHECKIN_CODE_LENGTH}}$`).test(ra.code), `会员 A 的签到码：${ra.code}`);
      await a.screenshot('event-signed-up');

      // Member B on another phone takes the last seat.
      const b = await t.openApp();
      await b.switchMember('member-b');
      await openEvent(b);
      check((await b.top.locator('.event__info').innerText()).includes('剩余1个名额'), '会员 B 看到应剩余 1 个名额');
      await signUp(b, { name: '李四', unit: '合肥某水务公司', phone: '13900000002' }, { button: '立即报名' });
      const rb = await result(b);
      check(rb.status === '已报名', `会员 B 的状态：${rb.status}`);
      check(rb.code.length === CHECKIN_CODE_LENGTH && rb.code !== ra.code, `会员 B 的签到码：${rb.code}`);

      // A third member finds it full and joins the waitlist.
      const c = await t.openApp({ member: 'member-c' });
      await openEvent(c);
      await signUp(c, { name: '王五', unit: '芜湖某固废处置公司', phone: '13700000003' }, { button: '报名候补' });
      const rc = await result(c);
      check(rc.status.startsWith('候补'), `会员 C 的状态：${rc.status}`);
      check(rc.code === '', '候补不应显示签到码');
      check((await c.top.locator('.event__result').innerText()).includes('递补'), '候补说明');
      await c.screenshot('event-waitlisted');

      // Member A's phone, refreshed, sees the event full.
      await a.page.reload();
      await a.page.waitForFunction(booted);
      await a.waitRoute('pages/event/index');
      await a.top
        .locator('.event__info')
        .getByText(/已报名2人/)
        .waitFor();
    },
  },
];
