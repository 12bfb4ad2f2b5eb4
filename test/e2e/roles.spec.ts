// The admins page search in the preview: 查找 finds members by name and by
// unit and keeps the query (it used to be wired to Vant's cancel, which
// cleared it). Profiles are saved through the real events function.
import { check, type E2ETest } from './harness';

const PEOPLE = [
  { openid: 'e2e-roles-1', name: '赵巡查', unit: '合肥清源环境监测有限公司', phone: '13800000101' },
  { openid: 'e2e-roles-2', name: '钱工程', unit: '芜湖蓝天环保设备厂', phone: '13800000102' },
];

export const tests: E2ETest[] = [
  {
    name: '管理员页面：搜索框的「查找」按姓名、按单位找到会员，查询词保留',
    async run(t) {
      for (const p of PEOPLE) {
        const res = (await t.env.lc.call(
          'events',
          { action: 'member.save', payload: { name: p.name, unit: p.unit, phone: p.phone } },
          { openid: p.openid },
        )) as { ok?: boolean };
        check(res.ok === true, `member.save ${p.openid}: ${JSON.stringify(res)}`);
      }
      const app = await t.openApp({ member: 'admin', route: 'admin/pages/roles/index' });
      await app.waitRoute('admin/pages/roles/index');
      await app.see('设置新的管理员');
      const box = app.top.locator('.van-search input');

      // By name, with 查找.
      await box.click();
      await box.pressSequentially('赵巡查');
      await app.top.locator('#member-search-go').click();
      await app.see('合肥清源环境监测有限公司');
      check((await box.inputValue()) === '赵巡查', `查找后查询词变成了「${await box.inputValue()}」`);
      check(!(await app.top.getByText('芜湖蓝天环保设备厂').count()), '按姓名查找却列出了别的会员');

      // By unit, with the keyboard's search key.
      await box.press('Control+A');
      await box.press('Backspace');
      await box.pressSequentially('蓝天环保');
      await box.press('Enter');
      await app.see('钱工程');
      check(!(await app.top.getByText('赵巡查').count()), '按单位查找却列出了别的会员');
      await app.screenshot('admin-roles-search');
      const errors = await app.errors();
      check(errors.length === 0, errors.join('；'));
    },
  },
];
