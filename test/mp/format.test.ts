// Dates and counts as members read them: relative within a week, a plain
// date after; meta lines in Beijing time whatever the device's zone.
import {
  formatArticleMeta,
  formatCount,
  formatDateTime,
  formatDay,
  formatListDate,
  formatTimeRange,
} from '../../miniprogram/utils/format';

const MIN = 60 * 1000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
// 2023-02-27 11:12 in Beijing (the seed report's date).
const SEED_AT = Date.parse('2023-02-27T11:12:00+08:00');
const NOW = Date.parse('2024-06-15T10:00:00+08:00');

describe('formatListDate', () => {
  it('says 刚刚 under a minute, and for a slightly ahead server clock', () => {
    expect(formatListDate(NOW - 20 * 1000, NOW)).toBe('刚刚');
    expect(formatListDate(NOW + 30 * 1000, NOW)).toBe('刚刚');
  });

  it('is relative and tight (no space) within 7 days', () => {
    expect(formatListDate(NOW - 5 * MIN, NOW)).toBe('5分钟前');
    expect(formatListDate(NOW - 3 * HOUR, NOW)).toBe('3小时前');
    expect(formatListDate(NOW - 3 * DAY, NOW)).toBe('3天前');
    expect(formatListDate(NOW - 6 * DAY, NOW)).toBe('6天前');
  });

  it('is YYYY-MM-DD from 7 days on and for far-future dates', () => {
    expect(formatListDate(NOW - 7 * DAY, NOW)).toBe('2024-06-08');
    expect(formatListDate(SEED_AT, NOW)).toBe('2023-02-27');
    expect(formatListDate(NOW + 2 * DAY, NOW)).toBe('2024-06-17');
  });
});

describe('Beijing time', () => {
  it('formats the day and the minute in Asia/Shanghai', () => {
    expect(formatDay(SEED_AT)).toBe('2023-02-27');
    expect(formatDateTime(SEED_AT)).toBe('2023-02-27 11:12');
    // 23:30 UTC is already the next day in Beijing.
    expect(formatDateTime(Date.parse('2023-12-31T23:30:00Z'))).toBe('2024-01-01 07:30');
  });

  it.each(['UTC', 'America/New_York', 'Asia/Kolkata'])('reads the same on a device in %s', (zone) => {
    // Node re-reads TZ when it changes, so the device zone can be switched in-process.
    const saved = process.env.TZ;
    process.env.TZ = zone;
    try {
      expect(new Date(SEED_AT).getTimezoneOffset()).not.toBe(-480);
      expect(formatDateTime(SEED_AT)).toBe('2023-02-27 11:12');
      expect(formatDay(Date.parse('2023-12-31T23:30:00Z'))).toBe('2024-01-01');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('formatCount', () => {
  it('keeps small counts exact and shortens large ones with 万', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(9999)).toBe('9999');
    expect(formatCount(12345)).toBe('1.2万');
    expect(formatCount(100000)).toBe('10万');
    expect(formatCount(-3)).toBe('0');
    expect(formatCount(Number.NaN)).toBe('0');
  });
});

describe('formatArticleMeta', () => {
  it('is 发布时间 · 来源 · 阅读', () => {
    expect(formatArticleMeta({ publishedAt: SEED_AT, source: '安徽省环保产业协会', views: 128 })).toBe(
      '发布时间 2023-02-27 11:12 · 来源 安徽省环保产业协会 · 阅读 128',
    );
  });

  it('leaves out an empty source', () => {
    expect(formatArticleMeta({ publishedAt: SEED_AT, source: '  ', views: 1 })).toBe(
      '发布时间 2023-02-27 11:12 · 阅读 1',
    );
  });
});

describe('formatTimeRange', () => {
  const start = Date.parse('2024-03-05T09:00:00+08:00');
  it('shows one day once', () => {
    expect(formatTimeRange(start, start + 8 * HOUR)).toBe('2024-03-05 09:00–17:00');
  });
  it('spells out both ends across days', () => {
    expect(formatTimeRange(start, start + DAY + 3 * HOUR)).toBe('2024-03-05 09:00 至 2024-03-06 12:00');
  });
  it('shows the start alone without a later end', () => {
    expect(formatTimeRange(start, start)).toBe('2024-03-05 09:00');
  });
});
