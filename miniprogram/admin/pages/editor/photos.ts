// The editor's photos, as a Behavior: chosen from the album or camera,
// each added as a block and uploaded one after another with its progress
// shown, a list-size thumbnail stored beside it. A failed upload keeps its
// place (and the phone's copy) to retry.
//
// Template data: that of draft.ts; a photo block's upload, progress, error.
import { errorMessage } from '../../../services/cloud';
import { photoBlock } from '../../utils/article-form';
import { indexOf, type InputEvent } from '../../utils/guard';
import { makeThumbnail, photoCloudPath, thumbCloudPath, uploadFile } from '../../services/storage';
import { blockEditing } from './blocks';

/** Best effort: the thumbnail's fileID, or '' when none could be made or sent. */
async function uploadThumbnail(localPath: string, photoPath: string): Promise<string> {
  const small = await makeThumbnail(localPath);
  if (!small) return '';
  try {
    return await uploadFile(small, thumbCloudPath(photoPath), () => undefined);
  } catch {
    return '';
  }
}

export const photoUpload = Behavior({
  behaviors: [blockEditing],
  methods: {
    async onAddPhoto() {
      let files: WechatMiniprogram.MediaFile[];
      try {
        const res = await wx.chooseMedia({
          count: 9,
          mediaType: ['image'],
          sourceType: ['album', 'camera'],
          sizeType: ['compressed'],
        });
        files = res.tempFiles || [];
      } catch {
        return; // Cancelled.
      }
      const added = files.filter((f) => !!f.tempFilePath).map((f) => photoBlock(f.tempFilePath, f.width, f.height));
      if (!added.length) return;
      this.setBlocks([...this.data.blocks, ...added]);
      // One after another: a phone on site has little bandwidth to share.
      for (const b of added) await this.upload(b.key);
    },

    onRetryUpload(e: InputEvent) {
      const b = this.data.blocks[indexOf(e)];
      if (b && b.type === 'image' && b.upload === 'failed') this.upload(b.key);
    },

    /** Uploads one photo block; found by key, since blocks may move meanwhile. */
    async upload(key: string): Promise<void> {
      const at = () => this.data.blocks.findIndex((b) => b.key === key);
      const start = at();
      const block = this.data.blocks[start];
      if (!block || !block.localPath) return;
      this.setData({
        [`blocks[${start}].upload`]: 'uploading',
        [`blocks[${start}].progress`]: 0,
        [`blocks[${start}].error`]: '',
      });
      try {
        const cloudPath = photoCloudPath(block.localPath);
        const fileID = await uploadFile(block.localPath, cloudPath, (percent) => {
          const i = at();
          if (i >= 0) this.setData({ [`blocks[${i}].progress`]: Math.max(0, Math.min(100, Math.round(percent))) });
        });
        // The list-size copy stored beside it; without one, lists load the photo.
        const thumb = await uploadThumbnail(block.localPath, cloudPath);
        const i = at();
        if (i < 0) return; // Deleted while uploading.
        this.setData({
          [`blocks[${i}].src`]: fileID,
          [`blocks[${i}].thumb`]: thumb,
          [`blocks[${i}].upload`]: 'done',
          [`blocks[${i}].progress`]: 100,
        });
      } catch (err) {
        const i = at();
        if (i < 0) return;
        this.setData({ [`blocks[${i}].upload`]: 'failed', [`blocks[${i}].error`]: errorMessage(err) });
      }
      this.changed();
    },
  },
});
