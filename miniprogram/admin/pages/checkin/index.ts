// On-site check-in: scan a member's or a companion's check-in code (or type
// it), and a big, unmistakable answer naming the person (张三（李四的同行人员）)
// and their group's state: 已签到 / 重复签到 / 不是本活动 / 签到码无效 …
// The counts on top are the event's own counters, read again after each scan.
import {
  CHECKIN_CODE_ALPHABET,
  CHECKIN_CODE_LENGTH,
  parseCheckinScan,
  type CheckinResult,
  type EventDetail,
} from '../../../contract/index';
import { call, CloudError, errorMessage } from '../../../services/cloud';
import { formatDateTime, formatTimeRange, queryText } from '../../../utils/format';
import { ensureAdmin } from '../../utils/guard';
import { firstLoad } from '../../behaviors/first-load';

type Tone = 'ok' | 'warn' | 'bad';

export interface ScanResult {
  tone: Tone;
  /** The big word(s). */
  title: string;
  /** Who, or why. */
  detail: string;
  /** A second line (unit, time). */
  note: string;
}

const CODE_PATTERN = new RegExp(`^[${CHECKIN_CODE_ALPHABET}]{${CHECKIN_CODE_LENGTH}}$`);

/** A scanned or typed text that can be a check-in code (the contract's alphabet and length). */
export function looksLikeCheckin(text: string): boolean {
  return CODE_PATTERN.test(parseCheckinScan(text).code);
}

export const NOT_A_CODE: ScanResult = {
  tone: 'bad',
  title: '签到码无效',
  detail: '这不是签到码，请扫描成员出示的签到二维码',
  note: '',
};

/** 2/3 已签到: the sign-up's people checked in so far (the member and each companion). */
export function groupState(a: CheckinResult['attendee']): string {
  if (a.people <= 1) return '';
  const memberIn = a.status === 'checked_in' || !!a.checkedInAt ? 1 : 0;
  const done = memberIn + a.companions.filter((c) => !!c.checkedInAt).length;
  return `本组 ${done}/${a.people} 已签到`;
}

/** The answer to a check-in call, as the scanner shows it: the person the code belongs to. */
export function resultOf(res: CheckinResult): ScanResult {
  const a = res.attendee;
  const p = res.person;
  const who = p.companion ? `${p.name}（${a.name}的同行人员）` : p.name;
  const unit = [a.unit, p.companion ? '' : a.position].filter(Boolean).join(' · ');
  const group = groupState(a);
  if (res.result === 'checked_in') {
    return { tone: 'ok', title: '已签到', detail: who, note: [unit, group].filter(Boolean).join(' · ') };
  }
  const when = p.checkedInAt ? `已于 ${formatDateTime(p.checkedInAt)} 签到，未重复计数` : '此前已签到，未重复计数';
  return { tone: 'warn', title: '重复签到', detail: who, note: group ? `${when}（${group}）` : when };
}

/** A refused check-in, as the scanner shows it. */
export function failureOf(err: unknown): ScanResult {
  const code = err instanceof CloudError ? err.code : 'INTERNAL';
  const message = errorMessage(err);
  switch (code) {
    case 'CHECKIN_WRONG_EVENT':
      return { tone: 'bad', title: '不是本活动', detail: '这是其他活动的签到码', note: '请核对成员报名的活动' };
    case 'CHECKIN_INVALID':
      return { tone: 'bad', title: '签到码无效', detail: message, note: '' };
    case 'EVENT_CANCELLED':
      return { tone: 'bad', title: '活动已取消', detail: message, note: '' };
    default:
      return { tone: 'bad', title: '签到失败', detail: message, note: '请重试' };
  }
}

Component({
  behaviors: [firstLoad],
  data: {
    eventId: '',
    title: '',
    time: '',
    cancelled: false,
    checkedIn: 0,
    expected: 0,
    code: '',
    codeError: '',
    busy: false,
    result: null as ScanResult | null,
    /** The last text sent, to retry after a network failure. */
    lastText: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const eventId = queryText(query.eventId);
      this.setData({ eventId });
      if (!eventId) {
        this.setData({ status: 'not-found' });
        return;
      }
      this.load();
    },

    async load(): Promise<void> {
      try {
        const [, event] = await Promise.all([ensureAdmin(), call('events', 'events.get', { id: this.data.eventId })]);
        this.show(event);
        this.setData({ status: 'ready' });
      } catch (err) {
        this.loadFailed(err);
      }
    },

    show(e: EventDetail) {
      this.setData({
        title: e.title,
        time: formatTimeRange(e.startAt, e.endAt),
        cancelled: e.status === 'cancelled',
        checkedIn: e.checkedIn || 0,
        // Seat holders: confirmed + checked in.
        expected: e.confirmed,
      });
    },

    onRetryLoad() {
      this.setData({ status: 'loading' });
      this.load();
    },

    async onScan() {
      if (this.data.busy) return;
      let text: string;
      try {
        const res = await wx.scanCode({ onlyFromCamera: false, scanType: ['qrCode', 'barCode'] });
        text = (res.result || '').trim();
      } catch {
        return; // Cancelled: nothing to say.
      }
      if (!looksLikeCheckin(text)) {
        // Checked on the phone: a shop's QR code or a link never reaches the server.
        this.setData({ result: NOT_A_CODE });
        wx.vibrateShort({ type: 'heavy' });
        return;
      }
      await this.checkin(text);
    },

    onCodeChange(e: { detail: unknown }) {
      this.setData({ code: typeof e.detail === 'string' ? e.detail : '', codeError: '' });
    },

    async onSubmitCode() {
      const text = this.data.code.trim();
      if (!text) {
        this.setData({ codeError: '请输入签到码' });
        return;
      }
      if (!looksLikeCheckin(text)) {
        this.setData({ codeError: `签到码为${CHECKIN_CODE_LENGTH}位字母或数字，请核对` });
        return;
      }
      const done = await this.checkin(text);
      if (done) this.setData({ code: '' });
    },

    onRetry() {
      if (this.data.lastText) this.checkin(this.data.lastText);
    },

    /** One check-in; true when the server answered (either way). */
    async checkin(text: string): Promise<boolean> {
      if (this.data.busy) return false;
      this.setData({ busy: true, lastText: text });
      let answered = true;
      try {
        const res = await call('events', 'signup.checkin', { eventId: this.data.eventId, code: text });
        this.setData({ result: resultOf(res) });
      } catch (err) {
        answered = !(err instanceof CloudError && (err.code === 'NETWORK' || err.code === 'INTERNAL'));
        this.setData({ result: failureOf(err) });
      }
      wx.vibrateShort({ type: 'medium' });
      this.setData({ busy: false });
      // The counters as the cloud has them now.
      try {
        this.show(await call('events', 'events.get', { id: this.data.eventId }));
      } catch {
        // The result above stands; the counts refresh with the next scan.
      }
      return answered;
    },
  },
});
