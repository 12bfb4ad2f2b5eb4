// A sheet the server makes (xlsx in cloud storage), as a Behavior: made,
// downloaded with progress, opened with wx.openDocument, or its link copied;
// 重试 downloads again, or asks for a new sheet when none was made.
//
// Template data: exportStep ('' | 'generating' | 'downloading' | 'ready' |
// 'failed'), exportProgress (0–100), exportRows, exportUrl, exportError.
// Handlers: onOpenExport, onCopyLink, onRetryExport. The page starts it with
// this.exportSheet(request), `request` being its own cloud call.
import { errorMessage } from '../../services/cloud';
import { DOWNLOAD_FAILED, downloadFile } from '../services/storage';
import { toast } from '../utils/guard';

export type ExportStep = '' | 'generating' | 'downloading' | 'ready' | 'failed';

/** What a sheet-making action answers (signup.export, for the attendee list: the one page using this). */
export interface MadeSheet {
  fileID: string;
  tempFileURL: string;
  rows: number;
}

/** The last request per page instance, for 重试 when no sheet was made. */
const requests = new WeakMap<object, () => Promise<MadeSheet>>();

export const sheetExport = Behavior({
  data: {
    exportStep: '' as ExportStep,
    exportProgress: 0,
    exportRows: 0,
    exportUrl: '',
    exportFileID: '',
    exportPath: '',
    exportError: '',
  },
  methods: {
    /** Asks the server for the sheet, then downloads and opens it. */
    async exportSheet(request: () => Promise<MadeSheet>): Promise<void> {
      if (this.data.exportStep === 'generating' || this.data.exportStep === 'downloading') return;
      requests.set(this, request);
      this.setData({
        exportStep: 'generating',
        exportProgress: 0,
        exportError: '',
        exportUrl: '',
        exportFileID: '',
        exportPath: '',
      });
      try {
        const res = await request();
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
      await this.downloadSheet();
    },

    /** Downloads the made file with progress, then opens it. */
    async downloadSheet(): Promise<void> {
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
      const request = requests.get(this);
      if (this.data.exportUrl) void this.downloadSheet();
      else if (request) void this.exportSheet(request);
    },
  },
});
