// 出勤统计 (issue 15 part 6): for a year (Beijing), each event's signed up /
// approved / checked in / no-show, and each member unit's events attended;
// 导出出勤表 makes the same figures as an xlsx (attendance.export), opened
// with wx.openDocument like the attendee export.
import { ATTENDANCE_RULES, type EventAttendance, type UnitAttendance } from '../../../contract/index';
import { call, errorMessage } from '../../../services/cloud';
import { formatDateTime } from '../../../utils/format';
import { downloadFile } from '../../services/storage';
import { FORBIDDEN_TITLE, isForbidden, toast } from '../../utils/guard';

type Status = 'loading' | 'ready' | 'forbidden' | 'error';

interface EventRow {
  id: string;
  title: string;
  when: string;
  signedUp: number;
  approved: number;
  checkedIn: number;
  /** 未到 once the event has ended; 未结束 before (nobody is a no-show yet). */
  noShow: string;
}

interface UnitRow {
  unit: string;
  line: string;
}

function eventRow(e: EventAttendance): EventRow {
  return {
    id: e.eventId,
    title: e.title,
    when: formatDateTime(e.startAt),
    signedUp: e.signedUp,
    // "Approved" is every confirmed sign-up until review mode (issue 15 part 3) exists.
    approved: e.approved,
    checkedIn: e.checkedIn,
    noShow: e.ended ? String(e.noShow) : '未结束',
  };
}

function unitRow(u: UnitAttendance): UnitRow {
  return { unit: u.unit, line: `参加 ${u.events} 场 · 签到 ${u.checkins} 人次` };
}

/** This year in Beijing time, whatever the phone's time zone. */
function beijingYear(ms: number): number {
  return new Date(ms + 8 * 3600 * 1000).getUTCFullYear();
}

Component({
  data: {
    status: 'loading' as Status,
    loadError: '',
    forbiddenTitle: FORBIDDEN_TITLE,
    year: beijingYear(Date.now()),
    thisYear: beijingYear(Date.now()),
    yearMin: ATTENDANCE_RULES.yearMin,
    events: [] as EventRow[],
    units: [] as UnitRow[],
    exporting: false,
  },
  methods: {
    onLoad() {
      this.load();
    },

    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh());
    },

    async load(): Promise<void> {
      const year = this.data.year;
      try {
        const report = await call('events', 'attendance.year', { year });
        if (report.year !== this.data.year) return; // the year changed while this one loaded
        this.setData({ status: 'ready', events: report.events.map(eventRow), units: report.units.map(unitRow) });
      } catch (err) {
        if (this.data.status === 'ready') toast(errorMessage(err));
        else if (isForbidden(err)) this.setData({ status: 'forbidden' });
        else this.setData({ status: 'error', loadError: errorMessage(err) });
      }
    },

    onRetryLoad() {
      this.setData({ status: 'loading' });
      this.load();
    },

    onPrevYear() {
      if (this.data.year <= ATTENDANCE_RULES.yearMin) return;
      this.setData({ year: this.data.year - 1 });
      this.load();
    },

    onNextYear() {
      if (this.data.year >= this.data.thisYear) return;
      this.setData({ year: this.data.year + 1 });
      this.load();
    },

    onOpenEvent(e: { currentTarget: { dataset: { id?: string } } }) {
      const id = e.currentTarget.dataset.id;
      if (id) wx.navigateTo({ url: `/admin/pages/attendees/index?eventId=${encodeURIComponent(id)}` });
    },

    async onExport() {
      if (this.data.exporting) return;
      this.setData({ exporting: true });
      try {
        const res = await call('events', 'attendance.export', { year: this.data.year });
        const filePath = await downloadFile(res.fileID, res.tempFileURL, () => undefined);
        wx.openDocument({
          filePath,
          fileType: 'xlsx',
          showMenu: true,
          fail: () => toast('无法打开表格，请稍后重试'),
        });
      } catch (err) {
        toast(errorMessage(err));
      }
      this.setData({ exporting: false });
    },
  },
});
