// dayjs configured for the mini program: zh-cn locale and relative time.
//
// In WeChat, miniprogram_npm/dayjs is the package's main entry alone, so
// `dayjs/locale/zh-cn` and `dayjs/plugin/relativeTime` do not exist there
// (the build rejects such imports). Both are shipped here instead, written
// against the public registration API dayjs uses for its own files:
// `dayjs.locale(obj, null, true)` and `dayjs.extend(plugin)`.
// Import dayjs from this module, never from 'dayjs' directly in pages.
// Not named dayjs.ts: WeChat resolves require('dayjs') relative to the
// requiring file first, so utils/dayjs.js would load itself.
//
// `import = require` compiles to a plain require whatever esModuleInterop
// setting the compiling tool (DevTools, ts-jest, esbuild) uses.
import dayjs = require('dayjs');

declare module 'dayjs' {
  interface Dayjs {
    fromNow(withoutSuffix?: boolean): string;
    from(compared: ConfigType, withoutSuffix?: boolean): string;
    toNow(withoutSuffix?: boolean): string;
    to(compared: ConfigType, withoutSuffix?: boolean): string;
  }
}

/** Copied from dayjs/esm/locale/zh-cn.js (dayjs 1.11). */
const zhCn = {
  name: 'zh-cn',
  weekdays: '星期日_星期一_星期二_星期三_星期四_星期五_星期六'.split('_'),
  weekdaysShort: '周日_周一_周二_周三_周四_周五_周六'.split('_'),
  weekdaysMin: '日_一_二_三_四_五_六'.split('_'),
  months: '一月_二月_三月_四月_五月_六月_七月_八月_九月_十月_十一月_十二月'.split('_'),
  monthsShort: '1月_2月_3月_4月_5月_6月_7月_8月_9月_10月_11月_12月'.split('_'),
  ordinal: (n: number, period?: string): string => (period === 'W' ? `${n}周` : `${n}日`),
  weekStart: 1,
  yearStart: 4,
  formats: {
    LT: 'HH:mm',
    LTS: 'HH:mm:ss',
    L: 'YYYY/MM/DD',
    LL: 'YYYY年M月D日',
    LLL: 'YYYY年M月D日Ah点mm分',
    LLLL: 'YYYY年M月D日ddddAh点mm分',
    l: 'YYYY/M/D',
    ll: 'YYYY年M月D日',
    lll: 'YYYY年M月D日 HH:mm',
    llll: 'YYYY年M月D日dddd HH:mm',
  },
  relativeTime: {
    future: '%s内',
    past: '%s前',
    s: '几秒',
    m: '1 分钟',
    mm: '%d 分钟',
    h: '1 小时',
    hh: '%d 小时',
    d: '1 天',
    dd: '%d 天',
    M: '1 个月',
    MM: '%d 个月',
    y: '1 年',
    yy: '%d 年',
  },
  meridiem: (hour: number, minute: number): string => {
    const hm = hour * 100 + minute;
    if (hm < 600) return '凌晨';
    if (hm < 900) return '早上';
    if (hm < 1100) return '上午';
    if (hm < 1300) return '中午';
    if (hm < 1800) return '下午';
    return '晚上';
  },
};

type RelKey = keyof typeof zhCn.relativeTime;
type Unit = 'second' | 'minute' | 'hour' | 'day' | 'month' | 'year';

/** dayjs/plugin/relativeTime's default thresholds: label, max rounded value, unit to diff in. */
const THRESHOLDS: { l: Exclude<RelKey, 'future' | 'past'>; r?: number; d?: Unit }[] = [
  { l: 's', r: 44, d: 'second' },
  { l: 'm', r: 89 },
  { l: 'mm', r: 44, d: 'minute' },
  { l: 'h', r: 89 },
  { l: 'hh', r: 21, d: 'hour' },
  { l: 'd', r: 35 },
  { l: 'dd', r: 25, d: 'day' },
  { l: 'M', r: 45 },
  { l: 'MM', r: 10, d: 'month' },
  { l: 'y', r: 17 },
  { l: 'yy', d: 'year' },
];

/** Same algorithm as dayjs/plugin/relativeTime, always with the zh-cn strings. */
function relative(from: dayjs.Dayjs, to: dayjs.Dayjs, withoutSuffix: boolean): string {
  const loc = zhCn.relativeTime;
  let result = 0;
  let out = '';
  for (let i = 0; i < THRESHOLDS.length; i += 1) {
    let t = THRESHOLDS[i] as (typeof THRESHOLDS)[number];
    if (t.d) result = to.diff(from, t.d, true);
    const abs = Math.round(Math.abs(result));
    if (t.r === undefined || abs <= t.r) {
      // "1 minutes" -> "a minute", "0 seconds" -> "a few seconds"
      if (abs <= 1 && i > 0) t = THRESHOLDS[i - 1] as (typeof THRESHOLDS)[number];
      out = loc[t.l].replace('%d', String(abs));
      break;
    }
  }
  if (withoutSuffix) return out;
  return (result > 0 ? loc.future : loc.past).replace('%s', out);
}

const relativeTime: dayjs.PluginFunc = (_option, c, d) => {
  const proto = c.prototype;
  proto.to = function to(this: dayjs.Dayjs, input: dayjs.ConfigType, withoutSuffix?: boolean) {
    return relative(this, d(input), !!withoutSuffix);
  };
  proto.from = function from(this: dayjs.Dayjs, input: dayjs.ConfigType, withoutSuffix?: boolean) {
    return relative(d(input), this, !!withoutSuffix);
  };
  proto.toNow = function toNow(this: dayjs.Dayjs, withoutSuffix?: boolean) {
    return this.to(d(), withoutSuffix);
  };
  proto.fromNow = function fromNow(this: dayjs.Dayjs, withoutSuffix?: boolean) {
    return this.from(d(), withoutSuffix);
  };
};

dayjs.extend(relativeTime);
// Registers the locale (third argument: do not make it global yet), then selects it.
dayjs.locale(zhCn, undefined, true);
dayjs.locale('zh-cn');

export default dayjs;
export { dayjs };
