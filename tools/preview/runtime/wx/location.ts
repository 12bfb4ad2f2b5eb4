// The browser preview's map and phone calendar (issue 15 parts 4 and 5). A
// browser has neither, so each API answers the way WeChat's does, with a
// dialog in their place:
// - wx.chooseLocation: a sheet of venues; backing out fails with
//   `chooseLocation:fail cancel`; success gives name, address, latitude,
//   longitude (GCJ-02), as
//   https://developers.weixin.qq.com/miniprogram/dev/api/location/wx.chooseLocation.html
//   documents. A privacy API: the consent popup comes first.
// - wx.openLocation: the place and its coordinates in a dialog (WeChat opens
//   its map, with 导航, there).
// - wx.addPhoneCalendar: the entry (title, unix-second times, location,
//   reminder) to confirm; 取消 fails with `addPhoneCalendar:fail cancel`.
//   A privacy API too:
//   https://developers.weixin.qq.com/miniprogram/dev/api/device/calendar/wx.addPhoneCalendar.html
import * as ui from '../ui';
import { ApiFail, api, type WxApis } from './api';
import { requirePrivacy } from './share';

/** What the preview's "map" offers: venues in Hefei, GCJ-02 coordinates. */
export const PREVIEW_VENUES = [
  { name: '安徽创新馆', address: '安徽省合肥市包河区云谷路2588号', latitude: 31.7452, longitude: 117.3318 },
  { name: '合肥滨湖国际会展中心', address: '安徽省合肥市包河区锦绣大道3999号', latitude: 31.7212, longitude: 117.3063 },
  { name: '安徽省生态环境厅', address: '安徽省合肥市蜀山区潜山路1号', latitude: 31.8612, longitude: 117.2272 },
] as const;

const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

/** Unix seconds as Beijing time, as the member's phone in China shows it. */
function beijing(seconds: number): string {
  return new Date(seconds * 1000).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

function notice(title: string, content: string, cancel: boolean, confirmText: string) {
  return ui.showModal({
    title,
    content,
    showCancel: cancel,
    cancelText: '取消',
    cancelColor: '#000000',
    confirmText,
    confirmColor: '#576B95',
    editable: false,
    placeholderText: '',
  });
}

export function locationApis(): WxApis {
  return {
    chooseLocation: api('chooseLocation', async () => {
      await requirePrivacy();
      const items = PREVIEW_VENUES.map((v) => `${v.name}（${v.address}）`);
      const i = await ui.showActionSheet(items, '#000000', '选择位置（预览：浏览器没有地图）');
      const venue = i === null ? undefined : PREVIEW_VENUES[i];
      if (!venue) throw new ApiFail('cancel');
      return { ...venue };
    }),

    openLocation: api('openLocation', async (o) => {
      const latitude = Number(o.latitude);
      const longitude = Number(o.longitude);
      // WeChat's ranges: latitude -90~90, longitude -180~180.
      if (!(Math.abs(latitude) <= 90) || !(Math.abs(longitude) <= 180))
        throw new ApiFail('invalid latitude or longitude');
      const lines = [
        text(o.address),
        `纬度 ${latitude}，经度 ${longitude}`,
        '（预览：真机上这里打开微信地图，可导航）',
      ];
      await notice(text(o.name) || '位置', lines.filter(Boolean).join('\n'), false, '知道了');
    }),

    addPhoneCalendar: api('addPhoneCalendar', async (o) => {
      await requirePrivacy();
      const start = Number(o.startTime);
      if (!text(o.title) || !Number.isFinite(start)) throw new ApiFail('parameter error');
      const end = o.endTime === undefined ? start : Number(o.endTime);
      const alarm = o.alarm !== false;
      const lines = [
        `${beijing(start)} – ${beijing(end)}`,
        text(o.location),
        alarm ? `提前 ${Math.round(Number(o.alarmOffset ?? 0) / 60)} 分钟提醒` : '不提醒',
      ];
      const res = await notice(`添加到日历：${text(o.title)}（预览）`, lines.filter(Boolean).join('\n'), true, '添加');
      if (!res.confirm) throw new ApiFail('cancel');
    }),
  };
}
