// A poster of a report or an event: cover, title and its mini program code
// drawn on a 2D canvas, shown as an image, saved to the album on request
// (asking for the album permission properly, see album.ts). The code comes
// from `content.qrcode` (made once per target on the server).

import type { QrcodeResult, ShareTargetType } from '../../contract/index';
import { call, CloudError, errorMessage } from '../../services/cloud';
import { ensureAlbumAccess, saveToAlbum } from './album';
import { drawPoster, POSTER_SIZE, type PosterContext, type PosterImage } from './layout';

type Status = 'idle' | 'loading' | 'ready' | 'error';

interface CanvasNode {
  width: number;
  height: number;
  getContext(type: '2d'): unknown;
  createImage(): WechatMiniprogram.Image;
}

const ACTIONS: Record<ShareTargetType, string> = { article: '阅读全文', event: '查看活动并报名' };

function canvasNode(component: WechatMiniprogram.Component.TrivialInstance): Promise<CanvasNode | null> {
  return new Promise((resolve) => {
    wx.createSelectorQuery()
      .in(component)
      .select('#poster-canvas')
      .fields({ node: true, size: true })
      .exec((res: Array<{ node?: CanvasNode } | null>) => resolve((res && res[0] && res[0].node) || null));
  });
}

/** A local path canvas images can load: package paths as they are, URLs downloaded by getImageInfo. */
function localPath(src: string): Promise<string> {
  if (src.startsWith('/')) return Promise.resolve(src);
  return new Promise((resolve, reject) => {
    wx.getImageInfo({ src, success: (res) => resolve(res.path), fail: reject });
  });
}

function loadImage(canvas: CanvasNode, src: string): Promise<WechatMiniprogram.Image> {
  return new Promise((resolve, reject) => {
    const img = canvas.createImage();
    img.onload = () => resolve(img);
    img.onerror = reject;
    img.src = src;
  });
}

function exportCanvas(canvas: CanvasNode): Promise<string> {
  const { width, height } = POSTER_SIZE;
  return new Promise((resolve, reject) => {
    wx.canvasToTempFilePath({
      canvas: canvas as unknown as WechatMiniprogram.Canvas,
      x: 0,
      y: 0,
      width,
      height,
      destWidth: width * 3,
      destHeight: height * 3,
      fileType: 'png',
      success: (res) => resolve(res.tempFilePath),
      fail: reject,
    });
  });
}

function pixelRatio(): number {
  try {
    const info = typeof wx.getWindowInfo === 'function' ? wx.getWindowInfo() : wx.getSystemInfoSync();
    return Math.min(3, Math.max(1, info.pixelRatio || 2));
  } catch {
    return 2;
  }
}

Component({
  properties: {
    show: { type: Boolean, value: false },
    targetType: { type: String, value: 'article' },
    targetId: { type: String, value: '' },
    /** Above the title: the report's column (共建活动 for an event when empty). */
    label: { type: String, value: '' },
  },

  data: {
    status: 'idle' as Status,
    error: '',
    imagePath: '',
    saving: false,
    width: POSTER_SIZE.width,
    height: POSTER_SIZE.height,
    /** Which target imagePath shows. */
    madeFor: '',
  },

  observers: {
    'show, targetId': function (show: boolean, targetId: string) {
      if (!show || !targetId) return;
      if (this.data.madeFor === targetId && this.data.status === 'ready') return;
      if (this.data.status === 'loading') return;
      this.generate();
    },
  },

  methods: {
    async generate(): Promise<void> {
      const type = this.properties.targetType as ShareTargetType;
      const id = this.properties.targetId;
      this.setData({ status: 'loading', error: '', imagePath: '' });
      try {
        const code: QrcodeResult = await call('content', 'content.qrcode', { targetType: type, id });
        const canvas = await canvasNode(this);
        if (!canvas) throw new Error('canvas unavailable');
        const ratio = pixelRatio();
        canvas.width = POSTER_SIZE.width * ratio;
        canvas.height = POSTER_SIZE.height * ratio;
        const ctx = canvas.getContext('2d') as PosterContext & { scale(x: number, y: number): void };
        ctx.scale(ratio, ratio);
        const [qrcode, cover] = await Promise.all([
          localPath(code.tempFileURL).then((p) => loadImage(canvas, p)),
          // A cover that does not load leaves the banner: the poster still works.
          code.coverURL
            ? localPath(code.coverURL)
                .then((p) => loadImage(canvas, p))
                .catch(() => null)
            : Promise.resolve(null),
        ]);
        drawPoster(
          ctx,
          {
            title: code.title,
            label: this.properties.label || (type === 'event' ? '共建活动' : '协会报道'),
            action: ACTIONS[type],
          },
          { cover: cover as PosterImage | null, qrcode: qrcode as PosterImage },
        );
        const imagePath = await exportCanvas(canvas);
        this.setData({ status: 'ready', imagePath, madeFor: id });
      } catch (err) {
        const message = err instanceof CloudError ? errorMessage(err) : '海报生成失败，请重试';
        this.setData({ status: 'error', error: message });
      }
    },

    async onSave(): Promise<void> {
      const filePath = this.data.imagePath;
      if (!filePath || this.data.saving) return;
      this.setData({ saving: true });
      try {
        if ((await ensureAlbumAccess()) !== 'granted') {
          wx.showToast({ title: '未获得相册权限，海报未保存', icon: 'none' });
          return;
        }
        const saved = await saveToAlbum(filePath);
        if (saved.ok) {
          wx.showToast({ title: '已保存到相册', icon: 'success' });
          this.triggerEvent('saved', { filePath });
        } else if (!/cancel/.test(saved.errMsg)) {
          wx.showToast({ title: '保存失败，请重试', icon: 'none' });
        }
      } finally {
        this.setData({ saving: false });
      }
    },

    onRetry() {
      this.generate();
    },

    onClose() {
      this.triggerEvent('close');
    },

    /** Keeps the page behind from scrolling under the mask. */
    noop() {},
  },
});
