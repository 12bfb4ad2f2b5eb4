// Attendees of an event: counts per status, a status filter, search by
// name or unit, tap-to-call, manual check-in, and the xlsx export (made
// by the server, downloaded with progress, opened with wx.openDocument, or
// its link copied).
import type { EventDetail } from '../../../contract/index';
import { call, errorMessage } from '../../../services/cloud';
import { formatTimeRange, queryText } from '../../../utils/format';
import {
  countsOf,
  FILTERS,
  filterRows,
  isFilter,
  toRow,
  type AttendeeRow,
  type StatusFilter,
} from '../../utils/attendees';
import { confirm, toast } from '../../utils/guard';
import { firstLoad } from '../../behaviors/first-load';
import { DOWNLOAD_FAILED, downloadFile } from '../../services/storage';

type ExportStep = '' | 'generating' | 'downloading' | 'ready' | 'failed';

interface Tab {
  name: StatusFilter;
  title: string;
}

/** Rows as loaded, per page instance (the template only gets the filtered ones). */
const allRows = new WeakMap<object, AttendeeRow[]>();

function headerOf(e: EventDetail) {
  return {
    title: e.title,
    time: formatTimeRange(e.startAt, e.endAt),
    place: e.place,
    cancelled: e.status === 'cancelled',
    capacity: e.capacity,
    confirmed: e.confirmed,
    waitlisted: e.waitlisted,
    checkedIn: e.checkedIn || 0,
  };
}

Component({
  behaviors: [firstLoad],
  data: {
    eventId: '',
    event: null as ReturnType<typeof headerOf> | null,
    tabs: FILTERS.map((f) => ({ name: f.name, title: f.label })) as Tab[],
    counts: { all: 0, confirmed: 0, checked_in: 0, waitlisted: 0, cancelled: 0 } as Record<StatusFilter, number>,
    filter: 'all' as StatusFilter,
    q: '',
    rows: [] as AttendeeRow[],
    checkingIn: '',
    exportStep: '' as ExportStep,
    exportProgress: 0,
    exportRows: 0,
    exportUrl: '',
    exportFileID: '',
    exportPath: '',
    exportError: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const eventId = queryText(query.eventId);
      this.setData({ eventId, ...(isFilter(query.status) ? { filter: query.status } : {}) });
      if (!eventId) {
        this.setData({ status: 'not-found' });
        return;
      }
      this.load();
    },

    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh());
    },

    async load(): Promise<void> {
      try {
        const { event, attendees } = await call('events', 'signup.list', { eventId: this.data.eventId });
        const rows = attendees.map(toRow);
        allRows.set(this, rows);
        const counts = countsOf(rows);
        this.setData({
          status: 'ready',
          event: headerOf(event),
          counts,
          tabs: FILTERS.map((f) => ({ name: f.name, title: `${f.label} ${counts[f.name]}` })),
          rows: filterRows(rows, this.data.filter, this.data.q),
        });
      } catch (err) {
        if (this.data.status === 'ready') {
          toast(errorMessage(err));
          return;
        }
        this.loadFailed(err);
      }
    },

    onRetryLoad() {
      this.setData({ status: 'loading' });
      this.load();
    },

    refilter() {
      this.setData({ rows: filterRows(allRows.get(this) || [], this.data.filter, this.data.q) });
    },

    onFilterChange(e: { detail: { name?: unknown } }) {
      if (!isFilter(e.detail.name)) return;
      this.setData({ filter: e.detail.name });
      this.refilter();
    },

    onSearch(e: { detail: unknown }) {
      this.setData({ q: typeof e.detail === 'string' ? e.detail : '' });
      this.refilter();
    },

    onCall(e: { currentTarget: { dataset: { phone?: string } } }) {
      const phone = e.currentTarget.dataset.phone;
      if (phone) wx.makePhoneCall({ phoneNumber: phone });
    },

    async onCheckin(e: { currentTarget: { dataset: { id?: string } } }) {
      const row = (allRows.get(this) || []).find((r) => r.id === e.currentTarget.dataset.id);
      if (!row || !row.canCheckin || this.data.checkingIn) return;
      const ok = await confirm({
        title: '手动签到',
        content: `为 ${row.name}（${row.unit}）签到？`,
        confirmText: '签到',
      });
      if (!ok) return;
      this.setData({ checkingIn: row.id });
      try {
        const res = await call('events', 'signup.checkin', { eventId: this.data.eventId, code: row.code });
        toast(res.result === 'checked_in' ? `${row.name} 已签到` : `${row.name} 已签到过，未重复计数`, 'none');
        await this.load();
      } catch (err) {
        toast(errorMessage(err));
      }
      this.setData({ checkingIn: '' });
    },

    // ---- export ------------------------------------------------------------

    async onExport() {
      if (this.data.exportStep === 'generating' || this.data.exportStep === 'downloading') return;
      this.setData({
        exportStep: 'generating',
        exportProgress: 0,
        exportError: '',
        exportUrl: '',
        exportFileID: '',
        exportPath: '',
      });
      try {
        const res = await call('events', 'signup.export', { eventId: this.data.eventId });
        this.setData({
          exportRows: res.rows,
          exportUrl: res.tempFileURL,
          exportFileID: res.fileID,
          exportStep: 'downloading',
        });
      } catch (err) {
        this.setData({ exportStep: 'failed', exportError: errorMessage(err) });
        return;
      }
      await this.download();
    },

    /** Downloads the made file with progress, then opens it. */
    async download(): Promise<void> {
      this.setData({ exportStep: 'downloading', exportProgress: 0, exportError: '' });
      try {
        const filePath = await downloadFile(this.data.exportFileID, this.data.exportUrl, (percent) =>
          this.setData({ exportProgress: Math.round(percent) }),
        );
        this.setData({ exportPath: filePath, exportProgress: 100, exportStep: 'ready' });
        this.onOpenExport();
      } catch {
        this.setData({ exportStep: 'failed', exportError: DOWNLOAD_FAILED });
      }
    },

    onOpenExport() {
      const filePath = this.data.exportPath;
      if (!filePath) return;
      wx.openDocument({
        filePath,
        fileType: 'xlsx',
        showMenu: true,
        fail: () => toast('无法打开表格，可复制链接在电脑上打开'),
      });
    },

    onCopyLink() {
      const url = this.data.exportUrl;
      if (!url) return;
      wx.setClipboardData({ data: url, success: () => toast('链接已复制，可在浏览器中下载', 'none') });
    },

    onRetryExport() {
      if (this.data.exportUrl) this.download();
      else this.onExport();
    },
  },
});
